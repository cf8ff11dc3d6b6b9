package org.mailtrail.app.model;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;

/**
 * A problem with a form's settings that a view model shows: its English text, as the command line says it, and the
 * key of the {@code messages} bundle with the arguments that say it in the window's language.
 */
public final class LocalizedError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final List<String> args;

    public LocalizedError(String key, String english, String... args) {
        super(english);
        this.key = key;
        this.args = List.of(args);
    }

    /** The key in the {@code messages} bundle. */
    public String key() {
        return key;
    }

    /** The arguments of the message, in order ({@code {0}}, {@code {1}}, ...). */
    public List<String> args() {
        return args;
    }

    /** The text in the language of {@code ui}; the English text without a bundle or without the key. */
    public String text(ResourceBundle ui) {
        return text(ui, key, getMessage(), args);
    }

    /** The message for {@code key} with {@code args} from {@code ui}, or {@code english} without it. */
    public static String text(ResourceBundle ui, String key, String english, List<String> args) {
        if (ui == null || key == null || key.isEmpty() || !ui.containsKey(key)) {
            return english;
        }
        return new MessageFormat(ui.getString(key), ui.getLocale()).format(args.toArray());
    }

    /** What to show for {@code e}: its text in the language of {@code ui} when it has a key, else its message. */
    public static String of(Throwable e, ResourceBundle ui) {
        if (e instanceof LocalizedError l) {
            return l.text(ui);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * {@code f}'s value; a problem with the {@code value} typed into a field is said by the message {@code key}, with
     * the value as {@code {0}} and the English reason as {@code {1}}.
     */
    public static <T> T checked(String key, String value, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (LocalizedError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new LocalizedError(key, e.getMessage(), value == null ? "" : value.trim(), e.getMessage());
        }
    }
}
