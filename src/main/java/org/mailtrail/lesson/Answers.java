package org.mailtrail.lesson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The right answer to a prediction, read from the timeline itself, and plausible wrong ones: first those the lesson
 * supplies, then ones generated from the same session (other hosts of the world, other commands of the dialogue,
 * reply codes of the other classes, RFC 5321 §4.2.1).
 */
public final class Answers {
    /** The commands of an SMTP dialogue in their usual order (RFC 5321 §3.3, RFC 3207, RFC 4954). */
    static final List<String> COMMANDS = List.of("EHLO", "STARTTLS", "AUTH", "MAIL FROM", "RCPT TO", "DATA", "QUIT");

    private Answers() {
    }

    /**
     * One choice.
     *
     * @param text    what the button says ({@code RCPT TO}, {@code 550}, {@code mx2.example.net}, {@code 3})
     * @param right   whether it is the right one
     * @param why     the lesson's words on why it is wrong (may be empty)
     * @param whyKey  else the key of the generated reason in the lesson bundle, with {@code whyArg}
     * @param whyArg  the argument of that reason (a command, code, host role or count)
     */
    public record Option(String text, boolean right, Lesson.Texts why, String whyKey, String whyArg) {
    }

    /** The answer to a prediction: the right text, the step that shows it, and the choices (right one included). */
    public record Answer(String right, String enhanced, int step, List<Option> options) {
        public Answer {
            options = List.copyOf(options);
        }

        /** Whether a typed or chosen answer is right: a reply code may carry its enhanced code too ({@code 550 5.1.1}). */
        public boolean accepts(String given) {
            String g = given == null ? "" : given.strip().replaceAll("\\s+", " ");
            if (g.equalsIgnoreCase(right)) {
                return true;
            }
            return !enhanced.isEmpty() && g.equalsIgnoreCase(right + " " + enhanced);
        }
    }

    /** Works out the answer; null when the timeline holds nothing to predict from {@code hidden} on. */
    static Answer of(Ask ask, Journey journey, SessionInfo info, int stop, int hidden, List<Lesson.Choice> given,
                     long seed) {
        return of(ask, journey, info, stop, hidden, false, given, seed);
    }

    /**
     * Works out the answer; null when the timeline holds nothing to predict from {@code hidden} on.
     *
     * @param beforeHidden the checkpoint stands before the step it asks about ({@code before:}): a {@code message-at}
     *                     prediction then asks who takes the message next, from that hidden step on, so that no view
     *                     shows the answer while it is asked (a tester saw the map mark the holder at an {@code at:})
     */
    static Answer of(Ask ask, Journey journey, SessionInfo info, int stop, int hidden, boolean beforeHidden,
                     List<Lesson.Choice> given, long seed) {
        List<TimelineEvent> ev = journey.timeline().events();
        String right;
        String enhanced = "";
        int step;
        String source = "";
        switch (ask) {
            case NEXT_COMMAND -> {
                TimelineEvent e = first(ev, hidden, EventKind.SMTP_COMMAND);
                if (e == null) {
                    return null;
                }
                right = command(e);
                step = e.index();
            }
            case REPLY_CODE -> {
                TimelineEvent e = first(ev, hidden, EventKind.SMTP_REPLY);
                if (e == null || e.replyCode() < 0) {
                    return null;
                }
                right = Integer.toString(e.replyCode());
                enhanced = e.enhancedStatus();
                step = e.index();
            }
            case NEXT_HOST -> {
                TimelineEvent e = first(ev, hidden, EventKind.TCP_SYN);
                if (e == null) {
                    return null;
                }
                right = e.destination();
                source = e.source();
                step = e.index();
            }
            case MESSAGE_AT -> {
                right = ev.isEmpty() ? "" : ev.get(0).source(); // nobody has taken it yet: still on the writer's client
                step = stop;
                for (int i = 0; i <= stop && i < ev.size(); i++) {
                    String at = Condition.messageAt(ev.get(i));
                    if (!at.isEmpty()) {
                        right = at;
                    }
                }
                if (beforeHidden) { // the host that takes it next, at the hidden step or after it
                    right = "";
                    for (int i = Math.max(0, hidden); i < ev.size() && right.isEmpty(); i++) {
                        right = Condition.messageAt(ev.get(i));
                        step = i;
                    }
                }
                if (right.isEmpty()) {
                    return null;
                }
            }
            case RECEIVED_COUNT -> {
                right = Integer.toString(journey.stats().receivedLines());
                step = stop;
                for (int i = Math.max(0, hidden); i < ev.size(); i++) {
                    if (ev.get(i).kind() == EventKind.DELIVERED && !"delivered.bounce".equals(ev.get(i).explanationKey())) {
                        step = i;
                        break;
                    }
                }
            }
            default -> throw new IllegalStateException(ask.toString());
        }
        List<Option> wrong = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        used.add(right.toLowerCase(Locale.ROOT));
        for (Lesson.Choice c : given) {
            if (used.add(c.answer().toLowerCase(Locale.ROOT))) {
                wrong.add(new Option(c.answer(), false, c.why(), "", ""));
            }
        }
        for (String[] g : generated(ask, right, journey, info, source)) {
            if (wrong.size() >= 3) {
                break;
            }
            if (used.add(g[0].toLowerCase(Locale.ROOT))) {
                wrong.add(new Option(g[0], false, Lesson.Texts.none(), g[1], g[2]));
            }
        }
        List<Option> all = new ArrayList<>(wrong);
        all.add(new Option(right, true, Lesson.Texts.none(), "", ""));
        if (ask == Ask.RECEIVED_COUNT) {
            all.sort((a, b) -> Integer.compare(Integer.parseInt(a.text()), Integer.parseInt(b.text())));
        } else {
            java.util.Collections.shuffle(all, new Random(seed)); // the same order every time the lesson is run
        }
        return new Answer(right, enhanced, step, all);
    }

    /** Whether a lesson's wrong answer is in fact the right one. */
    static boolean clashes(Answer a, Lesson.Choice c) {
        return a.accepts(c.answer());
    }

    private static TimelineEvent first(List<TimelineEvent> ev, int from, EventKind kind) {
        for (int i = Math.max(0, from); i < ev.size(); i++) {
            if (ev.get(i).kind() == kind) {
                return ev.get(i);
            }
        }
        return null;
    }

    /** The command as a class names it: {@code MAIL FROM}, {@code RCPT TO}, {@code EHLO}; the data block is {@code <data>}. */
    static String command(TimelineEvent e) {
        String v = e.verb().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "" -> Condition.DATA_BLOCK;
            case "MAIL" -> "MAIL FROM";
            case "RCPT" -> "RCPT TO";
            default -> v;
        };
    }

    private static final java.util.regex.Pattern MX_TARGET = java.util.regex.Pattern.compile("\\bMX \\d+ ([^\\s,]+)");

    /** The mail exchangers the journey's own MX answers named (lower case, without the final dot). */
    static Set<String> exchanges(Journey journey) {
        Set<String> out = new LinkedHashSet<>();
        for (TimelineEvent e : journey.timeline().events()) {
            if (e.kind() == org.mailtrail.timeline.EventKind.DNS_ANSWER && "MX".equals(e.detail("qtype"))) {
                java.util.regex.Matcher m = MX_TARGET.matcher(e.summary());
                while (m.find()) {
                    out.add(m.group(1).replaceAll("\\.$", "").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Generated wrong answers: {text, reason key, reason argument}, most plausible first. */
    private static List<String[]> generated(Ask ask, String right, Journey journey, SessionInfo info, String source) {
        List<String[]> out = new ArrayList<>();
        switch (ask) {
            case NEXT_COMMAND -> {
                int at = Math.max(0, COMMANDS.indexOf(right));
                for (int d = 1; d < COMMANDS.size(); d++) {
                    for (int i : new int[] {at + d, at - d}) {
                        if (i >= 0 && i < COMMANDS.size()) {
                            String c = COMMANDS.get(i);
                            out.add(new String[] {c, "why.command", c});
                        }
                    }
                }
            }
            case REPLY_CODE -> {
                char cls = right.charAt(0);
                List<String> codes = switch (cls) {
                    case '2' -> List.of("451", "550", "354", "221");
                    case '3' -> List.of("250", "550", "451");
                    case '4' -> List.of("250", "550", "421", "554");
                    default -> List.of("250", "451", "554", "550", "553");
                };
                for (String c : codes) {
                    out.add(new String[] {c, "why.code", c});
                }
            }
            case NEXT_HOST, MESSAGE_AT -> {
                Set<String> seen = new LinkedHashSet<>();
                for (TimelineEvent e : journey.timeline().events()) {
                    seen.add(e.source());
                    seen.add(e.destination());
                }
                seen.addAll(info.hosts().keySet());
                Set<String> exchanges = exchanges(journey);
                for (String h : seen) {
                    SessionInfo.HostInfo hi = info.hosts().get(h);
                    String role = hi == null ? "" : hi.role();
                    boolean fits = ask == Ask.MESSAGE_AT ? !role.equals("dns") && !role.isEmpty()
                            : role.equals("mx") || role.equals("relay") || role.equals("submission");
                    if (fits && !h.equalsIgnoreCase(source)) {
                        // an MX of another domain is no MX "not in turn": the recipient's MX records do not name it
                        boolean otherDomain = ask == Ask.NEXT_HOST && role.equals("mx") && !exchanges.isEmpty()
                                && !exchanges.contains(h.toLowerCase(Locale.ROOT));
                        // on the relay route a relay is no stranger: it is just not the next hop
                        boolean relayRoute = journey.route() == org.mailtrail.world.Route.RELAY;
                        String why = otherDomain ? "mx-other"
                                : role.equals("relay") && relayRoute ? "relay-other"
                                // an MX the message reaches on a later leg, or past the smart host: say so (a tester
                                // found "not the one in turn here" confusing for the MX that will take it)
                                : role.equals("mx") && ask == Ask.MESSAGE_AT && takesLater(journey, h) ? "mx-later"
                                : role.equals("mx") && ask == Ask.NEXT_HOST && relayRoute ? "mx-relay" : role;
                        out.add(new String[] {h, "why.host", why});
                    }
                }
            }
            case RECEIVED_COUNT -> {
                int n = Integer.parseInt(right);
                for (int v : new int[] {n + 1, n - 1, n + 2, n - 2, n + 3}) {
                    if (v >= 0) {
                        out.add(new String[] {Integer.toString(v), "why.count", right});
                    }
                }
            }
            default -> throw new IllegalStateException(ask.toString());
        }
        return out;
    }

    /** Whether {@code host} takes responsibility for the message somewhere on this journey. */
    private static boolean takesLater(Journey journey, String host) {
        for (TimelineEvent e : journey.timeline().events()) {
            if (e.kind() == EventKind.MESSAGE_ACCEPTED && e.destination().equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }
}
