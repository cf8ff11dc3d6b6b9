package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper, the base of the {@link SmtpServer} tests: drives an in-memory server as a transport would, without a
 * client. Text goes in with {@link #receive}; the server's events are drained until it needs data or closes, and every
 * event drained, from every server the test started, is kept in {@link #events} in order, so that a test can look back
 * at what a session did besides its replies.
 */
abstract class ServerDriver {

    /** How many events one drain takes before the server is taken to be stuck. */
    private static final int MAX_EVENTS = 10_000;

    /** Every event drained so far, in order. */
    final List<ServerEvent> events = new ArrayList<>();

    /** A server started with this config and policy, its greeting drained. */
    SmtpServer started(ServerConfig config, ServerPolicy policy) {
        SmtpServer s = new SmtpServer(config, policy);
        s.start();
        drain(s);
        return s;
    }

    /** A server started with this config that accepts everything, its greeting drained. */
    SmtpServer started(ServerConfig config) {
        return started(config, ServerPolicy.acceptAll());
    }

    /** A server for mx.example.net with the default config that accepts everything, its greeting drained. */
    SmtpServer started() {
        return started(ServerConfig.defaults("mx.example.net"));
    }

    /** The events up to the next NeedData (left out) or Close (kept, and the last). */
    List<ServerEvent> drain(SmtpServer s) {
        List<ServerEvent> out = new ArrayList<>();
        for (int i = 0; i < MAX_EVENTS; i++) {
            ServerEvent e = s.nextEvent();
            if (e instanceof ServerEvent.NeedData) {
                events.addAll(out);
                return out;
            }
            out.add(e);
            if (e instanceof ServerEvent.Close) {
                events.addAll(out);
                return out;
            }
        }
        throw new AssertionError("server never paused");
    }

    /** Feeds text (UTF-8) and returns the events it caused. */
    List<ServerEvent> receive(SmtpServer s, String text) {
        s.receiveData(text.getBytes(StandardCharsets.UTF_8));
        return drain(s);
    }

    /** Feeds text and returns the wire lines (no CRLF) of the replies sent back. */
    List<String> send(SmtpServer s, String text) {
        return replyLines(receive(s, text));
    }

    /** Feeds text and returns the replies sent back, each as its bytes on the wire. */
    List<byte[]> wire(SmtpServer s, String text) {
        List<byte[]> out = new ArrayList<>();
        for (ServerEvent e : receive(s, text)) {
            if (e instanceof ServerEvent.Send send) {
                out.add(send.bytes());
            }
        }
        return out;
    }

    /** The wire lines (no CRLF) of the replies among events. */
    static List<String> replyLines(List<ServerEvent> events) {
        List<String> out = new ArrayList<>();
        for (ServerEvent e : events) {
            if (e instanceof ServerEvent.Send send) {
                out.addAll(send.reply().wireLines());
            }
        }
        return out;
    }
}
