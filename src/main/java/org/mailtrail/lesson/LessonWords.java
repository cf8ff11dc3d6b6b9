package org.mailtrail.lesson;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.mailtrail.smtp.ReplyCodes;

/** The words of lessons in one language (bundle {@code org.mailtrail.lesson.lesson}: en, de, fr, es). */
public final class LessonWords {
    private final ResourceBundle bundle;
    private final ResourceBundle codes;
    private final String lang;

    public LessonWords(Locale locale) {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_DEFAULT);
        this.bundle = ResourceBundle.getBundle("org.mailtrail.lesson.lesson", locale, noFallback);
        this.codes = ResourceBundle.getBundle("org.mailtrail.app.codes", locale, noFallback);
        this.lang = locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
    }

    /** The two-letter language. */
    public String lang() {
        return lang;
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String format(String key, Object... args) {
        // the bundle's texts are written plainly: an apostrophe (l'expéditeur) is a letter, not MessageFormat quoting
        return new MessageFormat(bundle.getString(key).replace("'", "''"), bundle.getLocale()).format(args);
    }

    /** The question a checkpoint asks: the lesson's words, or the app's for its kind of prediction. */
    public String question(LessonPlan.Stop s) {
        Lesson.Checkpoint c = s.checkpoint();
        if (!c.text().isEmpty()) {
            return c.text().in(lang);
        }
        return c.ask() == null ? "" : get("ask." + c.ask().key());
    }

    /** Why a wrong choice is wrong: the lesson's words, else a reason made from the timeline. */
    public String why(Answers.Option o) {
        if (o.right()) {
            return "";
        }
        if (!o.why().isEmpty()) {
            return o.why().in(lang);
        }
        return switch (o.whyKey()) {
            case "why.command" -> format("why.command", o.text(), bundle.containsKey("command." + o.text())
                    ? get("command." + o.text()) : o.text());
            case "why.code" -> format("why.code", o.text(), meaning(Integer.parseInt(o.whyArg())));
            case "why.host" -> format(bundle.containsKey("why.host." + o.whyArg()) ? "why.host." + o.whyArg()
                    : "why.host.other", o.text());
            case "why.count" -> format("why.count", Integer.valueOf(o.text()), Integer.valueOf(o.whyArg()));
            default -> "";
        };
    }

    /**
     * Why every wrong choice of an answer is wrong, each on a line of its own ("\n• 550: ..."), the choice named once:
     * the reasons made here begin with it already. Empty when no choice has a reason.
     */
    public String reasons(Answers.Answer a) {
        StringBuilder b = new StringBuilder();
        for (Answers.Option o : a.options()) {
            String why = why(o);
            if (!why.isEmpty()) {
                b.append("\n• ").append(why.contains(o.text()) ? "" : o.text() + ": ").append(why);
            }
        }
        return b.toString();
    }

    private String meaning(int code) {
        String k = "reply." + code;
        return codes.containsKey(k) ? codes.getString(k) : ReplyCodes.meaning(code);
    }
}
