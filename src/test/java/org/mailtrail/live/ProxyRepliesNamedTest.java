package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own {@code 421}s name it first, as RFC 5321 §4.2 writes the reply ("421 &lt;domain&gt; Service not
 * available"): by the address the client connected to (tester finding: they carried no name, unlike serve's).
 */
class ProxyRepliesNamedTest {
    @Test
    void theAddressLiteralComesAfterTheEnhancedStatusCode() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            assertThat(ProxyReplies.named("4.4.2 idle for too long (2 s); closing", accepted))
                    .isEqualTo("4.4.2 [127.0.0.1] idle for too long (2 s); closing");
            assertThat(ProxyReplies.named("4.3.2 the proxy is shutting down; closing", accepted))
                    .isEqualTo("4.3.2 [127.0.0.1] the proxy is shutting down; closing");
            assertThat(ProxyReplies.named("closing", accepted)).as("no enhanced status code")
                    .isEqualTo("[127.0.0.1] closing");
            assertThat(ProxyReplies.named("44.2 x", accepted)).isEqualTo("[127.0.0.1] 44.2 x");
        }
    }
}
