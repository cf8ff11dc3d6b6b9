package org.mailtrail.live;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Why a TCP connect failed, as the timeline says it: {@code reason} is {@code refused} (nothing listens: an RST),
 * {@code timeout} (no answer before the connect deadline) or {@code unreachable}; {@code why} says it in words.
 * Either way the sender tries the next address (RFC 5321 §5.1).
 */
record ConnectFailure(String reason, String why) {

    /** Classifies the exception of a failed connect to {@code port} with the given deadline. */
    static ConnectFailure of(IOException e, int port, Duration connectTimeout) {
        if (e instanceof ConnectException) {
            return new ConnectFailure("refused", "connection refused: nothing listens on port " + port);
        }
        if (e instanceof SocketTimeoutException) {
            return new ConnectFailure("timeout", "no answer within " + connectTimeout.toSeconds() + " s"
                    + (port == 25 ? "; many Internet providers block outgoing port 25 — try a smart host"
                    + " on port 587 (--smarthost)" : ""));
        }
        if (e instanceof NoRouteToHostException) {
            return new ConnectFailure("unreachable", "no route to host");
        }
        return new ConnectFailure("unreachable", String.valueOf(e.getMessage()));
    }
}
