package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The window opens at its preferred size, or at the screen's visible size if that is smaller. */
class WindowSizeTest {
    @Test
    void aLargeScreenGetsThePreferredSize() {
        assertThat(MailTrailApp.initialSize(new Rectangle2D(0, 0, 1920, 1040))).isEqualTo(new Dimension2D(1280, 800));
    }

    @Test
    void aProjectorGetsNoMoreThanItsVisibleArea() {
        assertThat(MailTrailApp.initialSize(new Rectangle2D(0, 0, 1024, 768))).isEqualTo(new Dimension2D(1024, 768));
        assertThat(MailTrailApp.initialSize(new Rectangle2D(0, 0, 1280, 720))).isEqualTo(new Dimension2D(1280, 720));
        assertThat(MailTrailApp.initialSize(new Rectangle2D(0, 30, 1366, 738))).isEqualTo(new Dimension2D(1280, 738));
    }
}
