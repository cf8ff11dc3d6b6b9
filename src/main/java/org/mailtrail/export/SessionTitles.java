package org.mailtrail.export;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The titles Mail Trail gives the sessions it records or opens — a live {@code serve}, {@code proxy} or {@code send}
 * session, an opened transcript or capture — and the line that says where a live one ran, in the reader's language.
 * They are made in English and a session log keeps them so (a log reads the same wherever it is opened); here the
 * known English forms are recognised and said again from the transcript words ({@code transcript*.properties}, keys
 * {@code title.*} and {@code source.*}). A title of another form (a world's own, or one a person wrote) is left as
 * it is.
 */
public final class SessionTitles {
    private record Form(Pattern pattern, String key, boolean numbers) {
    }

    /** The English forms, as the recorders and importers make them; the proxy's before the server's. */
    private static final List<Form> FORMS = List.of(
            new Form(Pattern.compile("SMTP session from (\\S+) through the proxy to (.+)"), "title.proxy", false),
            new Form(Pattern.compile("SMTP session from (\\S+) turned away by the proxy"), "title.proxy.away", false),
            new Form(Pattern.compile("SMTP session from (\\S+) to (\\S+)"), "title.serve", false),
            new Form(Pattern.compile("SMTP session from (\\S+) turned away by (\\S+)"), "title.serve.away", false),
            new Form(Pattern.compile("Live delivery to (.+)"), "title.send", false),
            new Form(Pattern.compile("Transcript (.+): (\\d{1,9}) connections?"), "title.transcript", true),
            new Form(Pattern.compile("Capture (.+): (\\d{1,9}) mail connections?, (\\d{1,9}) DNS messages?, "
                    + "(\\d{1,9}) packets"), "title.capture", true),
            new Form(Pattern.compile("mailtrail serve on (\\S+)"), "source.serve", false),
            new Form(Pattern.compile("mailtrail proxy on (\\S+) to (\\S+)"), "source.proxy", false));

    private SessionTitles() {
    }

    /** {@code text} (a session's title or source) in {@code locale}'s language, or as it is if of no known form. */
    public static String in(String text, Locale locale) {
        if (text == null || text.isEmpty() || locale == null) {
            return text;
        }
        for (Form f : FORMS) {
            Matcher m = f.pattern.matcher(text);
            if (m.matches()) {
                return say(f, m, locale, text);
            }
        }
        return text;
    }

    private static String say(Form f, Matcher m, Locale locale, String text) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle("org.mailtrail.export.transcript", locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT))
                    .getString(f.key);
        } catch (MissingResourceException e) {
            return text;
        }
        Object[] args = new Object[m.groupCount()];
        for (int i = 0; i < args.length; i++) {
            String g = m.group(i + 1);
            // the name (group 1) stays text; the counts are numbers for the plural choices
            args[i] = f.numbers && i > 0 ? (Object) Integer.valueOf(g) : g;
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
