package org.mailtrail.timeline;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Plain-language explanations of timeline steps, from the {@code explanations} resource bundle. */
public final class Explanations {
    private static final String BUNDLE = "org.mailtrail.timeline.explanations";
    private final ResourceBundle bundle;

    public Explanations(Locale locale) {
        // no fallback to the machine's default locale (English asked for on a German system stays English)
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** The explanation text for a key; a key with no text says so rather than failing. */
    public String text(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "(no explanation for " + key + ")";
        }
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
