package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostLayoutTest {
    private static String[] lines(String host) {
        return HostLayout.nameLines(host);
    }

    @Test
    void namesBreakAfterTheFirstLabel() {
        assertThat(lines("mx1.example.net")).containsExactly("mx1", ".example.net");
        assertThat(lines("mailtrail.test")).containsExactly("mailtrail", ".test");
        assertThat(lines("resolver")).containsExactly("resolver", "");
        assertThat(lines("mailtrail-client")).containsExactly("mailtrail-client", "");
    }

    @Test
    void addressesStayWhole() {
        // a live session names its client by an address literal (RFC 5321 §4.1.3): "[127" / ".0.0.1]" read badly
        assertThat(lines("[127.0.0.1]")).containsExactly("[127.0.0.1]", "");
        assertThat(lines("[IPv6:2001:db8::1]")).containsExactly("[IPv6:", "2001:db8::1]");
        assertThat(lines("[ipv6:::1]")).containsExactly("[ipv6:", "::1]");
        assertThat(lines("192.0.2.1")).containsExactly("192.0.2.1", "");
        assertThat(lines("2001:db8::1")).containsExactly("2001:db8::1", "");
        // a captured peer without a name: its role and its address, not "client [127" / ".0.0.1]"
        assertThat(lines("client [127.0.0.1]")).containsExactly("client [127.0.0.1]", "");
    }
}
