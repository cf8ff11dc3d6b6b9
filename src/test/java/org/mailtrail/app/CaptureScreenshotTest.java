package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A capture written by dumpcap opened in the app (Session → Open…, issue 17), stepped to its pipelined group; the
 * picture goes to target/screenshots and, with {@code -Dmailtrail.screenshots=docs/screenshots}, to the docs.
 */
@ExtendWith(ApplicationExtension.class)
class CaptureScreenshotTest {
    private MailTrailApp app;
    private Stage stage;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @Test
    void aCaptureOpensAsATimeline(FxRobot robot) throws Exception {
        Path cap;
        try (InputStream in = getClass().getResourceAsStream("/org/mailtrail/capture/smtp-pipelining-dns.pcapng")) {
            cap = Files.write(dir.resolve("smtp-pipelining-dns.pcapng"), in.readAllBytes());
        }
        robot.interact(() -> app.viewModel().openSession(cap));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().session().sizeProperty().get() > 20
                && !app.viewModel().busyProperty().get());
        TimelineEvent mail = app.viewModel().session().events().stream()
                .filter(e -> e.kind() == EventKind.SMTP_COMMAND && e.verb().equals("MAIL")).findFirst().orElseThrow();
        robot.interact(() -> app.viewModel().session().goTo(mail.index()));
        assertThat(app.viewModel().session().currentProperty().get().verb()).isEqualTo("MAIL");
        // above the steps: the capture's own title, not the description of the world's default scenario
        String about = robot.lookup("#scenarioDescription").queryAs(javafx.scene.control.Label.class).getText();
        assertThat(about).contains("smtp-pipelining-dns.pcapng")
                .doesNotContain(app.viewModel().worldProperty().get().title(java.util.Locale.ENGLISH));
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        assertThat(b.getWidth()).isGreaterThanOrEqualTo(1000);
        for (String d : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!d.isEmpty()) {
                Files.createDirectories(Path.of(d));
                ImageIO.write(b, "png", Path.of(d, "capture-opened.png").toFile());
            }
        }
    }
}
