package org.mailtrail.app.view;

import javafx.scene.paint.Color;

/** Colours for what is drawn on a canvas (the ladder diagram), in the normal and the high-contrast theme. */
record Palette(Color background, Color text, Color lifeline, Color dns, Color tcp, Color command, Color positive,
               Color intermediate, Color transientFailure, Color permanentFailure, Color local, Color highlight) {

    static final Palette NORMAL = new Palette(Color.web("#fbfbfd"), Color.web("#1d1d1f"), Color.web("#c7c7cc"),
            Color.web("#1565c0"), Color.web("#6e6e73"), Color.web("#1d1d1f"), Color.web("#2e7d32"),
            Color.web("#00838f"), Color.web("#e65100"), Color.web("#c62828"), Color.web("#6a1b9a"),
            Color.web("#fff3c4"));

    static final Palette HIGH_CONTRAST = new Palette(Color.BLACK, Color.WHITE, Color.web("#8a8a8a"),
            Color.web("#6cb6ff"), Color.web("#d0d0d0"), Color.WHITE, Color.web("#7dff7d"), Color.web("#5ff5ff"),
            Color.web("#ffb74d"), Color.web("#ff6e6e"), Color.web("#e1a6ff"), Color.web("#3b3b00"));
}
