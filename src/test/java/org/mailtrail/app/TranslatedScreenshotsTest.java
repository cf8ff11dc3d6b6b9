package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window in French and in Spanish after a run of the relay scenario, at the smart host's 250 after the final
 * dot: pictures for the docs (target/screenshots; with {@code -Dmailtrail.screenshots=docs/screenshots} into the docs,
 * as ScreenshotsTest does).
 */
@ExtendWith(ApplicationExtension.class)
class TranslatedScreenshotsTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    @ParameterizedTest
    @CsvSource({"fr, 15-relay-french, prend la responsabilité du message", "es, 16-relay-spanish, asume la responsabilidad"})
    void theRelayScenarioAtTheSmartHostsAcceptance(String lang, String name, String explained, FxRobot robot)
            throws Exception {
        robot.interact(() -> app.presentation().localeProperty().set(Locale.forLanguageTag(lang)));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        robot.interact(() -> vm().scenarioProperty().set("relay"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals("relay") && !vm().busyProperty().get());
        robot.interact(() -> vm().routeProperty().set(Route.RELAY));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        TimelineEvent accepted = vm().session().events().stream()
                .filter(e -> "message.accepted".equals(e.explanationKey())).findFirst().orElseThrow();
        robot.interact(() -> vm().session().goTo(accepted.index()));
        WaitForAsyncUtils.waitForFxEvents();
        String explanation = robot.lookup("#explanationText").queryAs(TextArea.class).getText();
        assertThat(explanation).as("the explanation of the step in %s", lang).containsIgnoringCase(explained)
                .doesNotContain("takes responsibility");
        shoot(robot, name);
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        // the packet animation and the list's cells settle within a few frames, as in ScreenshotsTest
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        assertThat(b.getWidth()).isGreaterThanOrEqualTo(1000);
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(b, "png", Path.of(dir, name + ".png").toFile());
            }
        }
    }
}
