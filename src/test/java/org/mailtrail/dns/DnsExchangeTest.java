package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** A failed DNS query says why in words (issue 16: no raw Java exception text in what users read). */
class DnsExchangeTest {
    private static String why(Exception e) throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.MX, 1));
        DnsExchange x = DnsExchange.failed("example.test.", Type.MX, q, e);
        assertThat(x.response()).isNull();
        return x.error();
    }

    @Test
    void eachNetworkFailureIsNamedInWords() throws IOException {
        assertThat(why(new SocketTimeoutException())).isEqualTo(DnsExchange.TIMEOUT);
        assertThat(why(new PortUnreachableException())).isEqualTo("no DNS server listens at that address and port");
        assertThat(why(new ConnectException("Connection refused")))
                .isEqualTo("connection refused: no DNS server listens there");
        assertThat(why(new NoRouteToHostException())).isEqualTo("no route to the DNS server");
        assertThat(why(new EOFException()))
                .isEqualTo("the DNS server closed the connection before its answer was complete");
    }

    @Test
    void anotherFailureKeepsItsMessageAndOneWithoutAMessageIsANetworkError() throws IOException {
        assertThat(why(new IOException("Network is down"))).isEqualTo("Network is down");
        assertThat(why(new IOException())).isEqualTo("network error");
        assertThat(why(new IOException(" "))).isEqualTo("network error");
    }
}
