package org.mailtrail.timeline;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The RFC section behind each explanation key whose reference does not depend on the step: one table, so that the
 * engine, the lab and live mode cite the same section for the same kind of step, and a test can check every key of
 * the explanations bundle against it. Keys whose section depends on the step (an SMTP command or reply, whose
 * section comes from its verb or code) are not here; {@link #exempt(String)} names them.
 */
public final class RfcReferences {
    /** {@code RFC 5321 §4.2.3}, {@code RFC 6647}, several joined by {@code ", "}. */
    public static final Pattern WELL_FORMED =
            Pattern.compile("RFC [1-9][0-9]{2,4}( §[1-9][0-9]*(\\.[1-9][0-9]*)*)?(, RFC [1-9][0-9]{2,4}( §[1-9][0-9]*(\\.[1-9][0-9]*)*)?)*");

    private static final Map<String, String> BY_KEY = new TreeMap<>();

    private static void put(String rfc, String... keys) {
        for (String k : keys) {
            BY_KEY.put(k, rfc);
        }
    }

    static {
        // DNS: the record formats, negative answers (RFC 2308), and what mail makes of them (RFC 5321 §5.1)
        put("RFC 1035 §3.3.9, RFC 5321 §5.1", "dns.query.mx", "dns.answer.mx");
        put("RFC 1035 §3.4.1", "dns.query.a", "dns.answer.a");
        put("RFC 3596 §2.1", "dns.query.aaaa", "dns.answer.aaaa");
        put("RFC 1035 §3.3.1, RFC 5321 §5.1", "dns.query.cname", "dns.answer.cname");
        put("RFC 2308 §2.1", "dns.answer.nxdomain");
        put("RFC 2308 §2.2", "dns.answer.nodata");
        put("RFC 2308 §7.1", "dns.answer.servfail");
        put("RFC 2308 §7.2", "dns.answer.timeout");
        put("RFC 5321 §5.1", "dns.answer.outside-world", "mx.targets", "mx.implicit", "mx.failure.permanent",
                "mx.failure.temporary", "mx.outside-world");
        put("RFC 7505 §3", "mx.null");
        put("RFC 7505 §3, RFC 7505 §4", "dns.answer.mx.null");
        put("RFC 5321 §3.6.2", "route.smarthost");
        put("RFC 5737 §3", "route.documentation");
        // TCP
        put("RFC 9293 §3.5", "tcp.syn", "tcp.synack", "tcp.ack");
        put("RFC 9293 §3.5, RFC 1939 §4", "tcp.ack.pop3");
        put("RFC 9293 §3.5, RFC 3501 §7.1.1", "tcp.ack.imap");
        put("RFC 9293 §3.6", "tcp.close");
        put("RFC 5321 §5.1", "tcp.failed.timeout", "tcp.failed.refused", "tcp.failed.unreachable",
                "tcp.failed.blocked");
        // TLS
        put("RFC 3207 §4", "tls.negotiated");
        put("RFC 2595 §4", "tls.negotiated.pop3");
        put("RFC 3501 §6.2.1", "tls.negotiated.imap");
        // SMTP replies that say why (the reply's class is explained by ReplyCodes)
        put("RFC 6647", "smtp.reply.greylisted");
        put("RFC 5321 §3.1, RFC 5321 §4.3.1", "smtp.reply.greeting");
        put("RFC 3207 §4", "smtp.reply.tls-ready");
        put("RFC 5321 §4.1.1.10", "smtp.reply.closing");
        put("RFC 5321 §4.1.1.4, RFC 5321 §6.1", "smtp.reply.queued");
        put("RFC 5321 §3.6.2, RFC 3463 §3.8", "smtp.reply.relay-denied");
        put("RFC 5321 §4.2.3, RFC 3463 §3.2", "smtp.reply.unknown-user");
        put("RFC 5321 §4.2.3, RFC 3463 §3.3", "smtp.reply.mailbox-full");
        put("RFC 7505 §3, RFC 3463 §3.2", "smtp.reply.null-mx");
        put("RFC 5321 §4.2", "smtp.protocol-error");
        put("RFC 5321 §4.1.1.4, RFC 5321 §6.1", "smtp.closed-after-data");
        put("RFC 9293 §3.10.7.4", "capture.gap"); // bytes a capture does not hold (docs/inspect.md)
        // the mail host
        put("RFC 5321 §4.4", "received.added", "delivered", "delivered.bounce");
        put("RFC 5321 §6.1", "message.accepted");
        put("RFC 5321 §4.5.4.1", "queue.deferred", "queue.retry", "simulation.stopped", "delivery.failed.expired");
        put("RFC 5321 §4.2.1", "delivery.failed", "delivery.refused");
        put("RFC 3463 §3.2", "delivery.failed.unknown-user");
        put("RFC 3463 §3.3", "delivery.failed.mailbox-full");
        put("RFC 5321 §3.6.2, RFC 3463 §3.8", "delivery.failed.relay-denied");
        put("RFC 7505 §3", "delivery.failed.null-mx");
        put("RFC 5321 §5.1, RFC 3463 §3.2", "delivery.failed.no-domain", "delivery.failed.outside-world");
        put("RFC 5321 §4.5.5", "bounce.none");
        put("RFC 5321 §4.5.5, RFC 3464 §2", "bounce.generated");
        // POP3 (RFC 1939; CAPA RFC 2449; STLS RFC 2595; AUTH RFC 5034)
        put("RFC 1939 §4", "mailbox.pop3.reply.greeting");
        put("RFC 1939 §7", "mailbox.pop3.cmd.user", "mailbox.pop3.cmd.pass", "mailbox.pop3.cmd.top",
                "mailbox.pop3.cmd.uidl");
        put("RFC 1939 §5", "mailbox.pop3.cmd.stat", "mailbox.pop3.reply.stat", "mailbox.pop3.cmd.list",
                "mailbox.pop3.cmd.retr", "mailbox.pop3.reply.retr", "mailbox.pop3.cmd.dele", "mailbox.pop3.cmd.noop",
                "mailbox.pop3.cmd.rset", "mailbox.retrieved.pop3", "mailbox.retrieved.bounce.pop3");
        put("RFC 1939 §6", "mailbox.pop3.cmd.quit", "mailbox.pop3.reply.quit");
        put("RFC 1939 §3", "mailbox.pop3.reply.ok", "mailbox.pop3.reply.err");
        put("RFC 2449 §5", "mailbox.pop3.cmd.capa", "mailbox.pop3.reply.capa");
        put("RFC 2595 §4", "mailbox.pop3.cmd.stls", "mailbox.pop3.reply.stls");
        put("RFC 5034 §4", "mailbox.pop3.cmd.auth");
        // IMAP (RFC 3501; UNSELECT RFC 3691)
        put("RFC 3501 §7.1.1", "mailbox.imap.reply.greeting", "mailbox.imap.reply.ok");
        put("RFC 3501 §7.1.2", "mailbox.imap.reply.no");
        put("RFC 3501 §7.1.3", "mailbox.imap.reply.bad");
        put("RFC 3501 §6.1.1", "mailbox.imap.cmd.capability");
        put("RFC 3501 §7.2.1", "mailbox.imap.reply.capability");
        put("RFC 3501 §6.1.2", "mailbox.imap.cmd.noop");
        put("RFC 3501 §6.1.3", "mailbox.imap.cmd.logout");
        put("RFC 3501 §7.1.5", "mailbox.imap.reply.logout");
        put("RFC 3501 §6.2.1", "mailbox.imap.cmd.starttls", "mailbox.imap.reply.starttls");
        put("RFC 3501 §6.2.2", "mailbox.imap.cmd.authenticate");
        put("RFC 3501 §6.2.3", "mailbox.imap.cmd.login");
        put("RFC 3501 §6.3.1", "mailbox.imap.cmd.select", "mailbox.imap.reply.select");
        put("RFC 3501 §6.3.2", "mailbox.imap.cmd.examine");
        put("RFC 3501 §6.3.8", "mailbox.imap.cmd.list");
        put("RFC 3501 §6.3.9", "mailbox.imap.cmd.lsub");
        put("RFC 3501 §6.3.10", "mailbox.imap.cmd.status");
        put("RFC 3501 §6.4.1", "mailbox.imap.cmd.check");
        put("RFC 3501 §6.4.2", "mailbox.imap.cmd.close");
        put("RFC 3691 §2", "mailbox.imap.cmd.unselect");
        put("RFC 3501 §6.4.3", "mailbox.imap.cmd.expunge");
        put("RFC 3501 §6.4.4", "mailbox.imap.cmd.search");
        put("RFC 3501 §6.4.5", "mailbox.imap.cmd.fetch", "mailbox.retrieved.imap", "mailbox.retrieved.bounce.imap");
        put("RFC 3501 §7.4.2", "mailbox.imap.reply.fetch");
        put("RFC 3501 §6.4.6", "mailbox.imap.cmd.store");
        put("RFC 3501 §6.4.8", "mailbox.imap.cmd.uid fetch", "mailbox.imap.cmd.uid store",
                "mailbox.imap.cmd.uid search");
        // SMTP AUTH (RFC 4954)
        put("RFC 4954 §4", "smtp.cmd.auth", "smtp.cmd.auth-response", "smtp.reply.auth-challenge");
        put("RFC 4954 §6", "smtp.reply.auth-ok", "smtp.reply.auth-failed", "smtp.reply.auth-encryption-required");
    }

    private RfcReferences() {
    }

    /** The reference of a key, when it does not depend on the step. */
    public static Optional<String> of(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The reference of a key, or {@code fallback} when the table has none. */
    public static String of(String key, String fallback) {
        return BY_KEY.getOrDefault(key, fallback);
    }

    /** Every key with a fixed reference. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(BY_KEY);
    }

    /**
     * Keys with no fixed reference: SMTP commands and reply classes (their section comes from the verb or code, see
     * {@code SmtpSteps}), mailbox failures (the protocol's RFC, by the protocol), errors whose section depends on
     * what went wrong (a live server's and client's: a timeout while waiting for a reply or for data, a connection
     * lost before or after the final dot, a TLS failure after STARTTLS or on an implicit-TLS port), and steps of
     * Mail Trail itself.
     */
    public static boolean exempt(String key) {
        return key.startsWith("smtp.cmd.") || key.matches("smtp\\.reply\\.[2-5]xx") || key.equals("live.gate")
                || key.startsWith("server.") || key.equals("tls.failed") || key.equals("smtp.timeout")
                || key.equals("smtp.session.closed")
                || key.equals("mailbox.failed") || key.equals("mailbox.timeout") || key.equals("mailbox.closed")
                || key.equals("capture.note"); // a note of an opened file, not a protocol step
    }
}
