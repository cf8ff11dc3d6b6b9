package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Client address literals in {@code Received:} lines and transcripts (RFC 5321 §4.1.3, RFC 5952). */
class ReceivedLineTest {
    private static String literal(String address) throws Exception {
        return ReceivedLine.addressLiteral(new InetSocketAddress(InetAddress.getByName(address), 25));
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortestForm() throws Exception {
        assertThat(literal("::1")).isEqualTo("[IPv6:::1]");
        assertThat(literal("2001:db8:0:0:0:0:0:1")).isEqualTo("[IPv6:2001:db8::1]");
        assertThat(literal("2001:db8:0:0:1:0:0:1")).isEqualTo("[IPv6:2001:db8::1:0:0:1]"); // the first of equal runs
        assertThat(literal("2001:db8:1:0:1:0:1:0")).isEqualTo("[IPv6:2001:db8:1:0:1:0:1:0]"); // no run of two
        assertThat(literal("fe80:0:0:0:0:0:0:0")).isEqualTo("[IPv6:fe80::]");
        assertThat(literal("127.0.0.1")).isEqualTo("[127.0.0.1]");
    }

    @Test
    void consoleAddressesUseTheShortFormToo() throws Exception {
        // serve's "listening on" and "session … from" lines (tester finding: [0:0:0:0:0:0:0:1]:26020)
        assertThat(HostNames.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 2525)))
                .isEqualTo("[::1]:2525");
        assertThat(HostNames.hostPort(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:2:1"), 25)))
                .isEqualTo("[2001:db8::2:1]:25");
        assertThat(HostNames.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 25)))
                .isEqualTo("127.0.0.1:25");
    }
}
