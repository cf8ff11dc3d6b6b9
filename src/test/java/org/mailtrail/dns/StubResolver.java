package org.mailtrail.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/** A test resolver defined by its send method alone. */
@FunctionalInterface
interface StubResolver extends Resolver {

    @Override
    Message send(Message query) throws IOException;

    @Override
    default CompletionStage<Message> sendAsync(Message query) {
        try {
            return CompletableFuture.completedFuture(send(query));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    default void setPort(int port) {
    }

    @Override
    default void setTCP(boolean flag) {
    }

    @Override
    default void setIgnoreTruncation(boolean flag) {
    }

    @Override
    default void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    default void setTSIGKey(TSIG key) {
    }

    @Override
    default void setTimeout(Duration timeout) {
    }
}
