package org.mailtrail.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The words of the detail lines under a step that Mail Trail writes itself ("mailbox bob@example.net now holds 1
 * message(s)", "retry at …", the MX order), in the reader's language, from the {@code detaillines} bundles: each key
 * holds an English template there and the same line in another language in that language's bundle. Lines of protocol
 * steps, servers' own words and anything no template matches stay as they are. Templates are tried in key order, each
 * only on a line that starts and ends with its fixed text, so that a line costs a regular expression only for the
 * templates it may be ({@link SummaryText} asks for every value it takes from a summary). A template with {@code {line}}
 * wraps another line, which is translated in turn.
 */
public final class DetailLineText {
    private static final String BUNDLE = "org.mailtrail.timeline.detaillines";
    /** The placeholder that stands for another detail line, itself translated ("{line} (both addresses tried)"). */
    private static final String NESTED = "line";
    private static final List<Template> TEMPLATES = templates();
    private final ResourceBundle english;
    private final ResourceBundle bundle;
    private final boolean translate;

    public DetailLineText(Locale locale) {
        this.english = load(Locale.ROOT);
        this.bundle = load(locale == null ? Locale.ROOT : locale);
        this.translate = locale != null && !locale.getLanguage().isEmpty() && !locale.getLanguage().equals("en");
    }

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** {@code line} of event {@code e} in this language, or the line itself. */
    public String of(TimelineEvent e, String line) {
        return SummaryText.isProtocol(e.kind()) ? line : line(line);
    }

    /**
     * {@code line} in this language when it is a line Mail Trail writes itself outside a step (a recipient's outcome:
     * "in the mailbox on …"), or the line itself (a server's diagnostic, for instance).
     */
    public String line(String line) {
        if (!translate || line == null) {
            return line;
        }
        for (Template t : TEMPLATES) {
            if (!t.mayMatch(line)) {
                continue; // most lines are told apart by their ends, without a regular expression
            }
            Map<String, String> values = SummaryText.captures(english.getString(t.key()), Map.of(), line);
            if (values != null && values.containsKey(NESTED)) { // a line of its own with a note added to it
                values = new java.util.HashMap<>(values);
                values.put(NESTED, line(values.get(NESTED)));
            }
            if (values != null) {
                String out = SummaryText.render(bundle.getString(t.key()), values);
                return out == null ? line : out;
            }
        }
        return line;
    }

    /** A key with the fixed text its English template starts and ends with (around its first and last placeholder). */
    private record Template(String key, String head, String tail) {
        boolean mayMatch(String line) {
            return line.length() >= head.length() + tail.length() && line.startsWith(head) && line.endsWith(tail);
        }
    }

    private static List<Template> templates() {
        ResourceBundle english = load(Locale.ROOT);
        List<String> keys = new ArrayList<>(english.keySet());
        Collections.sort(keys);
        // a template around another line is tried first: the line inside may fit a template of its own, which
        // would take the note around it as part of its last value
        keys.sort(java.util.Comparator.comparing(k -> !english.getString(k).contains("{" + NESTED + "}")));
        List<Template> out = new ArrayList<>();
        for (String k : keys) {
            String t = english.getString(k);
            int first = t.indexOf('{');
            int last = t.lastIndexOf('}');
            out.add(first < 0 || last < 0 ? new Template(k, t, "") : new Template(k, t.substring(0, first),
                    t.substring(last + 1)));
        }
        return List.copyOf(out);
    }
}
