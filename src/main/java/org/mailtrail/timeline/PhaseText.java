package org.mailtrail.timeline;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/** The words for phases, from the {@code phases} resource bundle: names, segment headers and what a phase is. */
public final class PhaseText {
    private static final String BUNDLE = "org.mailtrail.timeline.phases";
    private final ResourceBundle bundle;
    private final Locale locale;

    public PhaseText(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** {@code Transfer}. */
    public String name(Phase p) {
        return bundle.getString("phase." + p.id() + ".name");
    }

    /** What the phase is and where it sits in the whole journey. */
    public String about(Phase p) {
        return bundle.getString("phase." + p.id() + ".about");
    }

    /**
     * {@code Transfer 1 of 2 · SMTP · port 25 · mail.example.org → mx1.example.net}; every server the part tried, in
     * order ({@code → mx1.example.net, mx2.example.net} when the preferred MX refused and the backup took it).
     */
    public String header(PhaseSegment s) {
        List<String> parts = new ArrayList<>(4);
        // a total of 0 is not known (a lesson's horizon, several parts in view): the ordinal alone ("Relay 2")
        parts.add(s.of() > 1 ? format("phase.ordinal", name(s.phase()), s.ordinal(), s.of())
                : s.of() == 0 ? name(s.phase()) + " " + s.ordinal() : name(s.phase()));
        if (!s.protocol().isEmpty()) {
            parts.add(s.protocol());
        }
        if (s.port() >= 0) {
            parts.add(format("phase.port", Integer.toString(s.port())));
        }
        if (!s.servers().isEmpty()) {
            parts.add(s.from() + " → " + String.join(", ", s.servers()));
        } else {
            parts.add(s.from().equals(s.to()) ? s.from() : s.from() + " → " + s.to());
        }
        return String.join(" · ", parts);
    }

    private String format(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
