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
 * steps, servers' own words and anything no template matches stay as they are.
 */
public final class DetailLineText {
    private static final String BUNDLE = "org.mailtrail.timeline.detaillines";
    private static final List<String> KEYS = keys();
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
        for (String k : KEYS) {
            Map<String, String> values = SummaryText.captures(english.getString(k), Map.of(), line);
            if (values != null) {
                String out = SummaryText.render(bundle.getString(k), values);
                return out == null ? line : out;
            }
        }
        return line;
    }

    private static List<String> keys() {
        List<String> k = new ArrayList<>(load(Locale.ROOT).keySet());
        Collections.sort(k);
        return List.copyOf(k);
    }
}
