package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the main states, rendered headless. They go to target/screenshots; with
 * {@code -Dmailtrail.screenshots=docs/screenshots} (see docs/screenshots/make.sh) into the docs.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsTest {
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

    private void scenario(FxRobot robot, String name, Route route) throws Exception {
        robot.interact(() -> vm().scenarioProperty().set(name));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals(name) && !vm().busyProperty().get());
        robot.interact(() -> vm().routeProperty().set(route));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
    }

    private void stepTo(FxRobot robot, Predicate<TimelineEvent> p, int nth) {
        int seen = 0;
        for (TimelineEvent e : vm().session().events()) {
            if (p.test(e) && seen++ == nth) {
                robot.interact(() -> vm().session().goTo(e.index()));
                return;
            }
        }
        throw new AssertionError("no such step");
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        assertThat(b.getWidth()).isGreaterThanOrEqualTo(1000);
        assertThat(distinctColours(b)).as(name + " is not blank").isGreaterThan(20);
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(b, "png", Path.of(dir, name + ".png").toFile());
            }
        }
    }

    /** A picture of one node (a view larger than the window, e.g. the whole Compare tab content). */
    private void shootNode(FxRobot robot, String name, javafx.scene.Node node) throws Exception {
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = node.snapshot(null, null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        assertThat(distinctColours(b)).as(name + " is not blank").isGreaterThan(20);
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(b, "png", Path.of(dir, name + ".png").toFile());
            }
        }
    }

    private static int distinctColours(BufferedImage b) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < b.getHeight(); y += 7) {
            for (int x = 0; x < b.getWidth(); x += 7) {
                c.add(b.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void mainStates(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        shoot(robot, "01-start");

        scenario(robot, "direct", Route.DIRECT);
        stepTo(robot, e -> e.kind() == EventKind.SMTP_REPLY && e.detail("code").equals("250")
                && e.source().equals("mx1.example.net") && e.summary().contains("queued"), 0);
        shoot(robot, "02-direct-accepted-by-mx");

        stepTo(robot, e -> e.kind() == EventKind.DNS_ANSWER, 0);
        shoot(robot, "03-direct-mx-answer");

        scenario(robot, "direct", Route.BOTH);
        stepTo(robot, e -> e.kind() == EventKind.TCP_SYN, 1);
        shoot(robot, "04-compare");
        // the whole Compare tab: both routes on one map, the figures, the ladders aligned by phase
        stepTo(robot, e -> e.kind() == EventKind.TCP_SYN && e.destination().equals("mx1.example.net"), 0);
        shootNode(robot, "14-compare-view",
                robot.lookup("#compareView").queryAs(javafx.scene.control.ScrollPane.class).getContent());

        scenario(robot, "unknown-user", Route.DIRECT);
        stepTo(robot, e -> e.kind() == EventKind.SMTP_REPLY && e.detail("code").equals("550"), 0);
        shoot(robot, "05-unknown-user-550");

        scenario(robot, "greylisting", Route.DIRECT);
        stepTo(robot, e -> e.kind() == EventKind.RETRY_SCHEDULED, 0);
        robot.interact(() -> {
            app.presentation().highContrastProperty().set(true);
            app.presentation().fontScaleProperty().set(1.2);
        });
        shoot(robot, "06-greylisting-presenter");

        robot.interact(() -> {
            app.presentation().highContrastProperty().set(false);
            app.presentation().fontScaleProperty().set(1.0);
            app.presentation().localeProperty().set(Locale.GERMAN);
        });
        scenario(robot, "backup-mx", Route.DIRECT);
        stepTo(robot, e -> e.kind() == EventKind.TCP_FAILED, 0);
        shoot(robot, "07-backup-mx-german");
    }

    @Test
    void focusLayout(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        robot.interact(() -> {
            stage.setWidth(1280); // a projector
            stage.setHeight(720);
        });
        scenario(robot, "direct", Route.DIRECT);
        stepTo(robot, e -> e.kind() == EventKind.SMTP_REPLY && e.detail("code").equals("250")
                && e.source().equals("mx1.example.net") && e.summary().contains("queued"), 0);
        robot.interact(() -> {
            app.presentation().fontScaleProperty().set(1.3);
            app.presentation().focusLayoutProperty().set(true);
        });
        shoot(robot, "13-focus-layout");
    }

    @Test
    void labTab(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && !vm().busyProperty().get());
        org.mailtrail.app.model.LabViewModel lab = vm().lab();
        try {
            robot.interact(() -> {
                javafx.scene.control.TabPane tabs = robot.lookup("#bottomTabs").queryAs(javafx.scene.control.TabPane.class);
                tabs.getTabs().stream().filter(t -> "labTab".equals(t.getId())).findFirst()
                        .ifPresent(t -> tabs.getSelectionModel().select(t));
            });
            robot.interact(lab::start); // the documented addresses and ports ...
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !lab.busyProperty().get());
            if (!lab.runningProperty().get()) { // ... unless a lab of the user's holds them
                org.mailtrail.lab.LabPlan.Ports free = freePorts();
                robot.interact(() -> {
                    lab.portsProperty().set(free);
                    lab.start();
                });
                WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> lab.runningProperty().get());
            }
            robot.interact(lab::send);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lab.journeys().size() == 1
                    && lab.journeys().get(0).status() == org.mailtrail.app.model.LabRows.Status.DELIVERED
                    && vm().session().events().stream().anyMatch(e -> e.kind() == EventKind.DELIVERED));
            robot.interact(() -> { // the pane dragged a little higher, as a teacher would, to see more hosts
                for (javafx.scene.Node n : robot.lookup(".split-pane").queryAll()) {
                    javafx.scene.control.SplitPane sp = (javafx.scene.control.SplitPane) n;
                    if (sp.getOrientation() == javafx.geometry.Orientation.VERTICAL && sp.getItems().size() == 3) {
                        sp.setDividerPositions(0.33, 0.5);
                    }
                }
            });
            shoot(robot, "12-lab-tab");
        } finally {
            lab.shutdown();
        }
    }

    private static org.mailtrail.lab.LabPlan.Ports freePorts() throws java.io.IOException {
        return org.mailtrail.lab.LabPorts.free("127.1.0.1");
    }
}
