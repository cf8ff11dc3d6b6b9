package org.mailtrail.capture;

import java.util.Locale;
import java.util.ResourceBundle;

/** The strings of opening captures and transcripts ({@code org/mailtrail/capture/capture*.properties}). */
public final class CaptureTexts {
    private CaptureTexts() {
    }

    /** The bundle in {@code locale}, without falling back to the machine's default language. */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.mailtrail.capture.capture", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }
}
