package org.mailtrail.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journal;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Printable;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/**
 * The steps of an opened capture or transcript as they are found, with their real times (microseconds since the
 * first packet), and the session they make at the end: the steps in time order on one {@link Timeline} (which
 * assigns the phases, as for a session log), hosts named by the capture's own DNS answers, messages kept for EML.
 */
final class CaptureEvents implements Journal, CaptureSink {
    private final List<TimelineEvent> events = new ArrayList<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private long now;
    /** Message content kept for the EML export at most, over the whole file (bounded memory). */
    static final long MAX_KEPT_MESSAGES = 64L * 1024 * 1024;
    private long keptBytes;
    private long droppedMessages;
    private String from = "";
    private List<String> to = List.of();
    private byte[] firstMessage;
    /** A transcript: the dialogue after STARTTLS is the decrypted text, decoded on. */
    private boolean insideTls;

    void transcript() {
        insideTls = true;
    }

    @Override
    public boolean seesInsideTls() {
        return insideTls;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public TimelineEvent add(long time, long end, EventKind kind, String source, String destination, String summary,
                             List<String> lines, String key, String rfc, Map<String, String> details) {
        long t = Math.max(0, time);
        now = Math.max(now, t);
        TimelineEvent e = new TimelineEvent(events.size(), t, Math.max(t, end), kind, source, destination, summary,
                lines, key, rfc, details);
        events.add(e);
        return e;
    }

    int size() {
        return events.size();
    }

    /** Names {@code address} as the capture's DNS answered for {@code name} (the first name given wins). */
    void learn(String address, String name) {
        names.putIfAbsent(address, name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    }

    /** A host on the session with its role, by its label ({@code [192.0.2.25]}) and address. */
    void host(String label, String role, String address) {
        hosts.putIfAbsent(label, new SessionInfo.HostInfo(label, role, List.of(address)));
    }

    @Override
    public void message(String sender, List<String> recipients, String server, byte[] content) {
        keptBytes += content.length;
        if (keptBytes > MAX_KEPT_MESSAGES) {
            droppedMessages++; // the step is on the timeline; the content is not kept for EML beyond the bound
            return;
        }
        delivered.add(new DeliveredMessage(recipients.isEmpty() ? "" : recipients.get(0), server, false, content));
        if (firstMessage == null) {
            firstMessage = content;
            from = sender;
            to = List.copyOf(recipients);
        }
    }

    @Override
    public void outcome(RecipientOutcome peer) {
        // a peer's bytes: no terminal escapes in the outcome lines of a transcript
        RecipientOutcome o = new RecipientOutcome(Printable.of(peer.recipient()), peer.status(),
                Printable.of(peer.detail()), peer.host());
        RecipientOutcome before = outcomes.get(o.recipient());
        if (before != null && before.status() == RecipientOutcome.Status.DELIVERED
                && o.status() != RecipientOutcome.Status.DELIVERED) {
            return; // the server took a message for them: a later attempt (another connection) does not undo that
        }
        outcomes.remove(o.recipient()); // otherwise the last word counts, in the order of the last words
        outcomes.put(o.recipient(), o);
    }

    @Override
    public void envelope(String sender, String recipient) {
        if (firstMessage != null || !from.isEmpty() && !from.equals(sender)) {
            return; // named by its first message, or by the first transaction the server accepted
        }
        from = sender;
        if (recipient != null && !to.contains(recipient)) {
            List<String> more = new ArrayList<>(to);
            more.add(recipient);
            to = List.copyOf(more);
        }
    }

    @Override
    public void unknownLine(ConnectionSteps steps, String raw, long t) {
        String line = Printable.of(raw); // a peer's bytes: no terminal escapes in summaries or transcripts
        steps.error(t, "capture.note", "RFC 5321 §4.1", "C: " + line + " (not an SMTP command)", line, false);
    }

    @Override
    public int encryptedFromHere(ConnectionSteps steps, long t, boolean implicit) {
        if (insideTls) {
            steps.tls(t, t, "TLS", "as the transcript shows", "", "not known: the transcript does not say",
                    List.of("the transcript goes on with the dialogue inside TLS, as the client that wrote it saw it"));
            return -1;
        }
        steps.tls(t, t, "TLS", implicit ? "encrypted from the first byte (implicit TLS)" : "encrypted from here",
                "", "not checked: the capture holds only encrypted bytes", List.of(implicit
                        ? "implicit TLS (RFC 8314): the whole connection is encrypted and is counted, not decoded"
                        : "encrypted from here: the rest of the connection is counted, not decoded"));
        return events.size() - 1;
    }

    /** The protocol and cipher a transcript names after its TLS step (swaks: {@code === TLS started with cipher}). */
    void tlsFromTranscript(String protocol, String cipher) {
        for (int i = events.size() - 1; i >= 0; i--) {
            TimelineEvent e = events.get(i);
            if (e.kind() == EventKind.TLS_NEGOTIATED) {
                Details d = Details.builder().putAll(e.details()).put(Details.PROTOCOL, protocol)
                        .put(Details.CIPHER, cipher).build();
                events.set(i, new TimelineEvent(e.index(), e.timeMicros(), e.endMicros(), e.kind(), e.source(),
                        e.destination(), "TLS negotiated with " + e.destination() + ": " + protocol + ", " + cipher,
                        e.lines(), e.explanationKey(), e.rfc(), d));
                return;
            }
        }
    }

    @Override
    public void encryptedCount(int index, long fromClient, long fromServer) {
        if (index < 0) {
            return;
        }
        TimelineEvent e = events.get(index);
        List<String> lines = new ArrayList<>(e.lines());
        lines.add(fromClient + " encrypted bytes from the client, " + fromServer + " from the server");
        events.set(index, new TimelineEvent(e.index(), e.timeMicros(), e.endMicros(), e.kind(), e.source(),
                e.destination(), e.summary(), lines, e.explanationKey(), e.rfc(), e.details()));
    }

    @Override
    public void gap(ConnectionSteps steps, boolean fromClient, long missing, long t) {
        steps.error(t, "capture.gap", "RFC 9293 §3.10.7.4", "Gap: " + missing + " bytes from the "
                + (fromClient ? "client" : "server") + " are missing from the capture", missing
                + " bytes missing (not captured); the text around them is shown as it was seen, nothing is guessed",
                !fromClient);
    }

    @Override
    public void note(ConnectionSteps steps, String key, String raw, long t) {
        String text = Printable.of(raw);
        steps.error(t, key, "", "Note: " + text, text, false);
    }

    /** A note on the whole capture (what was ignored, a cut-off file), at one pseudo-host. */
    void sessionNote(String raw, long t) {
        String text = Printable.of(raw);
        add(t, t, EventKind.PROTOCOL_ERROR, "capture", "capture", "Note: " + text, List.of(text), "capture.note", "",
                Details.of());
    }

    /** Messages whose content was not kept because of {@link #MAX_KEPT_MESSAGES}. */
    long droppedMessages() {
        return droppedMessages;
    }

    /** The session: the steps in time order, hosts renamed after the DNS answers seen. */
    SimulationResult result(String mode, String name, String title, String source, Instant start, String resolver) {
        List<TimelineEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(TimelineEvent::timeMicros)); // stable: a pipelined group keeps its order
        Timeline timeline = new Timeline();
        for (TimelineEvent e : sorted) {
            timeline.add(e.timeMicros(), e.endMicros(), e.kind(), rename(e.source()), rename(e.destination()),
                    e.summary(), e.lines(), e.explanationKey(), e.rfc(), e.details());
        }
        Map<String, SessionInfo.HostInfo> named = new LinkedHashMap<>();
        for (SessionInfo.HostInfo h : hosts.values()) {
            String n = rename(h.name());
            named.putIfAbsent(n, new SessionInfo.HostInfo(n, h.role(), h.addresses()));
        }
        String subject = firstMessage == null ? "" : subject(firstMessage);
        Compose compose = new Compose(from, to, List.of(), subject, "");
        Map<String, RecipientOutcome> ends = new LinkedHashMap<>();
        outcomes.forEach((r, o) -> ends.put(r, new RecipientOutcome(r, o.status(), o.status()
                == RecipientOutcome.Status.DELIVERED ? "accepted by " + rename(o.host()) + ": " + o.detail()
                : o.detail(), rename(o.host())))); // the server's name as the DNS answers seen give it
        Journey j = new Journey(Route.DIRECT, timeline, ends, delivered);
        return new SimulationResult(new SessionInfo(mode, name, title, source, start, rename(resolver), named),
                compose, 0, List.of(j));
    }

    private String rename(String label) {
        if (label.startsWith("[") && label.endsWith("]")) {
            String n = names.get(label.substring(1, label.length() - 1));
            return n == null ? label : n;
        }
        return label;
    }

    /** The Subject: header of a message (unfolded, RFC 5322 §2.2.3), or "". */
    static String subject(byte[] content) {
        String text = new String(content, 0, Math.min(content.length, 64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
            if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder b = new StringBuilder(lines[i].substring(8).trim());
                for (int k = i + 1; k < lines.length && (lines[k].startsWith(" ") || lines[k].startsWith("\t")); k++) {
                    b.append(' ').append(lines[k].trim());
                }
                return b.toString();
            }
        }
        return "";
    }
}
