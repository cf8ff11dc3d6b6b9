package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Proves the headless GUI test set-up: the app's window opens under Monocle. */
@ExtendWith(ApplicationExtension.class)
class GuiSmokeTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new MailTrailApp().start(stage);
    }

    @Test
    void mainWindowOpensWithTitle(FxRobot robot) {
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getTitle()).isEqualTo("Mail Trail");
        assertThat(robot.lookup(".label").queryAll()).isNotEmpty();
    }
}
