package org.mailtrail.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line summary of a step in the words of a language, from the {@code summaries} resource bundle; the
 * engine's English {@link TimelineEvent#summary()} stays what sessions, goldens and the command line keep.
 *
 * <p>Theory of operation. The English bundle holds, per explanation key, one or more templates such as
 * {@code tcp.syn = TCP SYN to {destination} [{dstAddr}]:{dstPort}}; a key without a template of its own uses the
 * template of its family ({@code dns.query.mx} → {@code dns.query}). Variants of a key ({@code tcp.ack@1},
 * {@code tcp.ack@2}, …) are tried in order before the key itself. A placeholder names the event's {@code source},
 * its {@code destination} or one of its {@link Details}; any other placeholder is taken from the English summary,
 * and such a value that is itself a line Mail Trail writes (a live session's reason, "… (refused at RCPT)") is said
 * in the language by {@link DetailLineText}, as it is under the step.
 * The first template whose English text, with the event's values filled in, matches the summary is the event's
 * shape; the same key in the language's bundle then says it in that language. Protocol steps (commands and
 * replies) are shown as they are but for Mail Trail's own wrapping of them ("(+6 lines)", "&lt;message data, …&gt;",
 * {@link DetailLineText}), and a summary no template matches, or a template with a placeholder left
 * without a value, falls back to the English summary: never an exception.
 */
public final class SummaryText {
    private static final String BUNDLE = "org.mailtrail.timeline.summaries";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Map<String, List<String>> VARIANTS = variants();

    private final ResourceBundle english;
    private final ResourceBundle bundle;
    private final DetailLineText lines;

    public SummaryText(Locale locale) {
        this.english = load(Locale.ROOT);
        this.bundle = load(locale);
        this.lines = new DetailLineText(locale);
    }

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** True for steps whose summary is protocol text: SMTP, POP3 and IMAP commands and replies. */
    public static boolean isProtocol(EventKind kind) {
        return kind == EventKind.SMTP_COMMAND || kind == EventKind.SMTP_REPLY
                || kind == EventKind.MAILBOX_COMMAND || kind == EventKind.MAILBOX_REPLY;
    }

    /** The summary of {@code e} in this language, or its English summary when no template says it. */
    public String of(TimelineEvent e) {
        if (isProtocol(e.kind())) {
            // the words are the protocol's; only Mail Trail's own wrapping is said ("(+6 lines)", "<message data, …>")
            return lines.line(e.summary());
        }
        String key = templateKey(e);
        if (key == null) {
            return e.summary();
        }
        Map<String, String> values = values(e);
        Map<String, String> taken = captures(english.getString(key), values, e.summary());
        taken.replaceAll((name, value) -> lines.line(value)); // unchanged in English and when no line template fits
        values.putAll(taken);
        String rendered = render(bundle.getString(key), values);
        return rendered == null ? e.summary() : rendered;
    }

    /** The key of the template whose English text matches the summary of {@code e}, or null. */
    public String templateKey(TimelineEvent e) {
        Map<String, String> values = values(e);
        for (String family = e.explanationKey(); !family.isEmpty(); family = parent(family)) {
            for (String k : VARIANTS.getOrDefault(family, List.of())) {
                if (captures(english.getString(k), values, e.summary()) != null) {
                    return k;
                }
            }
        }
        return null;
    }

    private static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    private static Map<String, String> values(TimelineEvent e) {
        Map<String, String> v = new HashMap<>(e.details());
        v.put("source", e.source());
        v.put("destination", e.destination());
        return v;
    }

    /**
     * The values of the placeholders {@code template} does not know from the event, taken from {@code summary}, or
     * null when the template with the known values filled in does not match the summary.
     */
    static Map<String, String> captures(String template, Map<String, String> known, String summary) {
        StringBuilder regex = new StringBuilder();
        List<String> groups = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            String name = m.group(1);
            if (known.containsKey(name)) {
                regex.append(Pattern.quote(known.get(name)));
            } else if (groups.contains(name)) {
                regex.append("\\").append(groups.indexOf(name) + 1);
            } else {
                groups.add(name);
                regex.append("(.*?)");
            }
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        Matcher s = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(summary);
        if (!s.matches()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            out.put(groups.get(i), s.group(i + 1));
        }
        return out;
    }

    /** {@code template} with its placeholders filled in, or null when one has no value. */
    static String render(String template, Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                return null;
            }
            b.append(template, last, m.start()).append(v);
            last = m.end();
        }
        return b.append(template.substring(last)).toString();
    }

    /** Per key, its variants in order ({@code tcp.ack@1}, {@code tcp.ack@2}), then the key itself. */
    private static Map<String, List<String>> variants() {
        Map<String, List<String>> out = new HashMap<>();
        List<String> keys = new ArrayList<>(load(Locale.ROOT).keySet());
        Collections.sort(keys);
        for (String k : keys) {
            int at = k.indexOf('@');
            out.computeIfAbsent(at < 0 ? k : k.substring(0, at), x -> new ArrayList<>()).add(k);
        }
        for (List<String> l : out.values()) {
            l.sort((a, b) -> a.indexOf('@') < 0 == b.indexOf('@') < 0 ? a.compareTo(b) : a.indexOf('@') < 0 ? 1 : -1);
        }
        return Map.copyOf(out);
    }
}
