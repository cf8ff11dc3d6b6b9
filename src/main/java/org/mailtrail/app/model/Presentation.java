package org.mailtrail.app.model;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Presenter settings: font scale (Ctrl+ / Ctrl-), high-contrast theme, language, and the focus layout
 * for projectors (F11 / Ctrl+Shift+F: only the network map, the sequence diagram, the explanation as a
 * caption band and the player).
 */
public final class Presentation {
    /** Languages with complete texts (AllBundlesTest checks every bundle has them all). */
    public static final java.util.List<Locale> LANGUAGES = java.util.List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"));

    /** A language's name in its own words, as a menu shows it: English, Deutsch, Français, Español. */
    public static String languageName(Locale l) {
        String name = l.getDisplayLanguage(l);
        return name.isEmpty() ? l.getLanguage() : name.substring(0, 1).toUpperCase(l) + name.substring(1);
    }
    private static final double MIN = 0.8;
    private static final double MAX = 2.5;

    private final DoubleProperty fontScale = new SimpleDoubleProperty(1.0);
    private final BooleanProperty highContrast = new SimpleBooleanProperty(false);
    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(Locale.ENGLISH);
    private final BooleanProperty focusLayout = new SimpleBooleanProperty(false);
    private final javafx.beans.property.StringProperty bottomTab = new javafx.beans.property.SimpleStringProperty();

    public DoubleProperty fontScaleProperty() {
        return fontScale;
    }

    public BooleanProperty highContrastProperty() {
        return highContrast;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    /** True while the window shows the focus layout instead of the full one. */
    public BooleanProperty focusLayoutProperty() {
        return focusLayout;
    }

    /** The id of the tab in front at the bottom of the window, kept when the window is made again (a language). */
    public javafx.beans.property.StringProperty bottomTabProperty() {
        return bottomTab;
    }

    public void toggleFocusLayout() {
        focusLayout.set(!focusLayout.get());
    }

    public void zoomIn() {
        fontScale.set(Math.min(MAX, Math.round((fontScale.get() + 0.1) * 10) / 10.0));
    }

    public void zoomOut() {
        fontScale.set(Math.max(MIN, Math.round((fontScale.get() - 0.1) * 10) / 10.0));
    }
}
