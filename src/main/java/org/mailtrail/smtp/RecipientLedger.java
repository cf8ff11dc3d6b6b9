package org.mailtrail.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How each recipient of one client session fared, and the {@link Outcome} built from that (RFC 5321 §3.3, §6.1). */
final class RecipientLedger {

    private final List<String> recipients;
    private final Map<String, RecipientStatus> decided = new LinkedHashMap<>();
    private final List<String> acceptedAtRcpt = new ArrayList<>();
    private boolean rcptAnswered;

    /** A ledger for the envelope's recipients, in envelope order. */
    RecipientLedger(List<String> recipients) {
        this.recipients = recipients;
    }

    /** The result a refusal gives: PERMANENT for 5xx, TRANSIENT otherwise (RFC 5321 §4.2.1). */
    static Result resultOf(Reply reply) {
        return reply.isPermanent() ? Result.PERMANENT : Result.TRANSIENT;
    }

    /** The server accepted {@code rcpt} at RCPT; the reply to the data decides it. */
    void acceptedAtRcpt(String rcpt) {
        acceptedAtRcpt.add(rcpt);
        rcptAnswered = true;
    }

    /** The server refused {@code rcpt} at RCPT with {@code reply}, a 4xx or 5xx. */
    void refusedAtRcpt(String rcpt, Reply reply) {
        decided.put(rcpt, new RecipientStatus(resultOf(reply), reply, "refused at RCPT"));
        rcptAnswered = true;
    }

    /** True once the server answered a RCPT command (accepted or refused a recipient). */
    boolean rcptAnswered() {
        return rcptAnswered;
    }

    /** True while no recipient was accepted at RCPT. */
    boolean noneAccepted() {
        return acceptedAtRcpt.isEmpty();
    }

    /** How many recipients were accepted at RCPT. */
    int acceptedCount() {
        return acceptedAtRcpt.size();
    }

    /** Decides every recipient accepted at RCPT (by the reply to DATA or to the data). */
    void decideAccepted(Result result, Reply reply, String note) {
        for (String r : acceptedAtRcpt) {
            decided.put(r, new RecipientStatus(result, reply, note));
        }
    }

    /** Decides every recipient not decided yet. */
    void decideRest(Result result, Reply reply, String note) {
        for (String r : recipients) {
            decided.putIfAbsent(r, new RecipientStatus(result, reply, note));
        }
    }

    /**
     * The outcome in envelope order: the decided recipients as decided, every other one with {@code result}
     * (TRANSIENT if null), {@code reply} and {@code summary}.
     */
    Outcome outcome(Result result, Reply reply, String summary, Reply lastReply) {
        Map<String, RecipientStatus> all = new LinkedHashMap<>();
        for (String r : recipients) {
            RecipientStatus s = decided.get(r);
            if (s == null) {
                s = new RecipientStatus(result == null ? Result.TRANSIENT : result, reply, summary);
            }
            all.put(r, s);
        }
        return new Outcome(all, lastReply, summary);
    }
}
