package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class DnsTextTest {

    @Test
    void typeNames() {
        assertThat(DnsText.typeName(Type.MX)).isEqualTo("MX");
        assertThat(DnsText.typeName(Type.AAAA)).isEqualTo("AAAA");
    }

    @Test
    void ipv6AddressesAreCompressedPerRfc5952() throws Exception {
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(DnsText.address(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8::"))).isEqualTo("2001:db8::");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:1:0:1:0:1"))).isEqualTo("2001:db8:0:1:0:1:0:1");
        assertThat(DnsText.address(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    void digStyleShowsHeaderAndQuestionWithoutSizeLine() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("example.net."), Type.MX, DClass.IN));
        q.getHeader().setID(1234);

        String text = DnsText.digStyle(q);

        assertThat(text).contains("id: 1234").contains("example.net., type = MX, class = IN")
                .doesNotContain("Message size");
        assertThat(DnsText.digStyle(null)).isEmpty();
    }
}
