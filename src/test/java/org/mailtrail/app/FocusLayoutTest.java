package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.SplitPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The focus layout for projectors (F11) and the window at projector sizes: every control inside the
 * window, none on top of another, no button text cut short; the text size button stays put.
 */
@ExtendWith(ApplicationExtension.class)
class FocusLayoutTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().worldProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private void runAndWait(FxRobot robot) throws Exception {
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void size(FxRobot robot, double w, double h, double scale, boolean contrast) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            app.presentation().fontScaleProperty().set(scale);
            app.presentation().highContrastProperty().set(contrast);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getScene().getWidth()).isEqualTo(w);
        assertThat(stage.getScene().getHeight()).isEqualTo(h);
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private static List<Node> controls(Node root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        if (!shown(n)) {
            return;
        }
        if (n instanceof Control) {
            out.add(n);
            return; // a control's own skin parts are its business
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    private static String name(Node n) {
        return n.getId() != null ? "#" + n.getId()
                : n.getClass().getSimpleName() + (n instanceof Labeled l ? " '" + l.getText() + "'" : "");
    }

    /** The text a labeled control shows, which ends in an ellipsis when it is cut short. */
    private static String shownText(Labeled l) {
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.text.Text t) {
                return t.getText();
            }
        }
        return l.getText();
    }

    /** Every control of the bars and the focus layout's views lie inside the scene, the bars' controls apart. */
    private void everythingFits(FxRobot robot, String what) {
        double w = stage.getScene().getWidth();
        double h = stage.getScene().getHeight();
        List<Node> checked = new ArrayList<>();
        List<Node> barControls = new ArrayList<>();
        for (String bar : new String[] {".control-bar", ".player-bar"}) {
            List<Node> cs = controls(robot.lookup(bar).query());
            assertThat(cs).as(what + ": controls in " + bar).hasSizeGreaterThan(5);
            barControls.addAll(cs);
        }
        checked.addAll(barControls);
        for (String id : new String[] {"#networkMap", "#sequenceDiagram", "#captionBand", "#focusLayoutToggle",
                "#zoomInButton", "#runButton", "#playButton", "#timelineSlider", "#statusLabel"}) {
            Node n = robot.lookup(id).query();
            assertThat(shown(n)).as(what + ": " + id + " shown").isTrue();
            checked.add(n);
        }
        for (Node n : checked) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertThat(b.getWidth()).as(what + ": " + name(n) + " has a width").isGreaterThan(0);
            assertThat(b.getMinX()).as(what + ": " + name(n) + " left edge " + b).isGreaterThanOrEqualTo(-0.5);
            assertThat(b.getMinY()).as(what + ": " + name(n) + " top edge " + b).isGreaterThanOrEqualTo(-0.5);
            assertThat(b.getMaxX()).as(what + ": " + name(n) + " right edge " + b).isLessThanOrEqualTo(w + 0.5);
            assertThat(b.getMaxY()).as(what + ": " + name(n) + " bottom edge " + b).isLessThanOrEqualTo(h + 0.5);
        }
        for (int i = 0; i < barControls.size(); i++) {
            Node a = barControls.get(i);
            if (a instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
                assertThat(shownText(l)).as(what + ": text of " + name(a)).isEqualTo(l.getText());
            }
            Bounds ba = a.localToScene(a.getLayoutBounds());
            for (int j = i + 1; j < barControls.size(); j++) {
                Node b = barControls.get(j);
                Bounds bb = b.localToScene(b.getLayoutBounds());
                boolean apart = ba.getMaxX() <= bb.getMinX() + 0.5 || bb.getMaxX() <= ba.getMinX() + 0.5
                        || ba.getMaxY() <= bb.getMinY() + 0.5 || bb.getMaxY() <= ba.getMinY() + 0.5;
                assertThat(apart).as(what + ": " + name(a) + " " + ba + " overlaps " + name(b) + " " + bb).isTrue();
            }
        }
        // the caption band sits beneath the map and the ladder, the player beneath it
        Bounds caption = robot.lookup("#captionBand").query().localToScene(robot.lookup("#captionBand").query().getLayoutBounds());
        Node ladder = robot.lookup("#sequenceDiagram").query();
        assertThat(ladder.localToScene(ladder.getLayoutBounds()).getMaxY()).as(what + ": ladder above the caption")
                .isLessThanOrEqualTo(caption.getMinY() + 0.5);
        Node play = robot.lookup("#playButton").query();
        assertThat(play.localToScene(play.getLayoutBounds()).getMinY()).as(what + ": player beneath the caption")
                .isGreaterThanOrEqualTo(caption.getMaxY() - 0.5);
        // the ladder shows the current step's arrow
        org.mailtrail.app.view.SequenceDiagramView diagram = (org.mailtrail.app.view.SequenceDiagramView) ladder;
        int step = vm().session().stepProperty().get();
        assertThat(diagram.rowAt(diagram.rowCenterY(step))).as(what + ": current step in the ladder").isEqualTo(step);
        assertThat(diagram.rowCenterY(step)).as(what + ": current step's row inside the ladder")
                .isBetween(0.0, diagram.getHeight());
        // the packet of the current step waits at its destination, wherever the map now puts it
        Node map = robot.lookup("#networkMap").query();
        Node packet = map.lookup(".packet");
        String destination = vm().session().currentProperty().get().destination();
        Node host = map.lookupAll(".host").stream().filter(n -> destination.equals(n.getUserData())).findFirst()
                .orElseThrow();
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
                Bounds p = packet.localToScene(packet.getBoundsInLocal());
                return packet.isVisible() && host.localToScene(host.getLayoutBounds()).contains(p.getCenterX(), p.getCenterY());
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + ": the packet " + packet.localToScene(packet.getBoundsInLocal())
                    + " is not at " + destination + " " + host.localToScene(host.getLayoutBounds()), e);
        }
        // host names on the map are not cut short where the map has room for them
        for (Node n : robot.lookup("#networkMap").query().lookupAll(".host-name")) {
            Labeled l = (Labeled) n;
            assertThat(shownText(l)).as(what + ": host name on the map").isEqualTo(l.getText());
        }
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        Files.createDirectories(Path.of("target/screenshots"));
        ImageIO.write(b, "png", Path.of("target/screenshots", name + ".png").toFile());
    }

    @Test
    void focusLayoutFitsProjectorsAtLargeText(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.interact(() -> vm().session().goTo(12));
        robot.interact(() -> app.presentation().focusLayoutProperty().set(true));
        for (double[] s : new double[][] {{1024, 768}, {1280, 720}}) {
            for (double scale : new double[] {1.0, 1.5}) {
                for (boolean contrast : new boolean[] {false, true}) {
                    size(robot, s[0], s[1], scale, contrast);
                    String what = (int) s[0] + "x" + (int) s[1] + " at " + scale + (contrast ? " high contrast" : "");
                    shoot(robot, "focus-" + (int) s[0] + "x" + (int) s[1] + "-" + scale + (contrast ? "-hc" : ""));
                    everythingFits(robot, what);
                }
            }
        }
        // German labels are longer; the window rebuilt in another language keeps the focus layout
        robot.interact(() -> app.presentation().localeProperty().set(java.util.Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        size(robot, 1024, 768, 1.5, false);
        assertThat(robot.lookup("#focusLayoutToggle").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        shoot(robot, "focus-1024x768-1.5-de");
        everythingFits(robot, "1024x768 at 1.5 in German");
    }

    @Test
    void normalLayoutToolbarAndPlayerFitProjectorsAtLargeText(FxRobot robot) throws Exception {
        runAndWait(robot);
        for (double[] s : new double[][] {{1024, 768}, {1280, 720}}) {
            size(robot, s[0], s[1], 1.5, false);
            shoot(robot, "normal-" + (int) s[0] + "x" + (int) s[1] + "-1.5");
            double w = stage.getScene().getWidth();
            double h = stage.getScene().getHeight();
            for (String id : new String[] {"#runButton", "#exportButton", "#focusLayoutToggle", "#zoomInButton",
                    "#languageChoice", "#playButton", "#stepForwardButton", "#timelineSlider", "#networkMap",
                    "#sequenceDiagram", "#timelineList", "#fromField", "#explanationText"}) {
                Node n = robot.lookup(id).query();
                Bounds b = n.localToScene(n.getLayoutBounds());
                assertThat(b.getMinX() >= -0.5 && b.getMinY() >= -0.5 && b.getMaxX() <= w + 0.5 && b.getMaxY() <= h + 0.5)
                        .as(s[0] + "x" + s[1] + ": " + id + " " + b + " inside the window").isTrue();
            }
        }
    }

    @Test
    void hostNamesOnTheMapAreWholeInTheNormalLayoutAt1280x800(FxRobot robot) throws Exception {
        runAndWait(robot);
        size(robot, 1280, 800, 1.0, false);
        shoot(robot, "normal-1280x800-1.0");
        for (Node n : robot.lookup("#networkMap").query().lookupAll(".host-name")) {
            Labeled l = (Labeled) n;
            assertThat(shownText(l)).as("host name on the map").isEqualTo(l.getText());
        }
    }

    /** Found by a tester: after the focus layout (more rows) the step shown sat at the top with empty lanes below. */
    @Test
    void theSequenceDiagramKeepsItsStepAtTheBottomWhenItGetsMoreRows(FxRobot robot) throws Exception {
        size(robot, 1280, 800, 1.0, false);
        runAndWait(robot);
        robot.interact(() -> vm().session().stepProperty().set(30));
        WaitForAsyncUtils.waitForFxEvents();
        var ladder = robot.lookup("#sequenceDiagram").queryAs(org.mailtrail.app.view.SequenceDiagramView.class);
        double before = ladder.firstRowProperty().get();
        assertThat(before).as("the step at the bottom of a full diagram").isGreaterThan(0);
        robot.clickOn("#focusLayoutToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladder.firstRowProperty().get()).as("the rows gained show the steps before it")
                .isLessThan(before);
        robot.clickOn("#focusLayoutToggle");
    }

    @Test
    void togglingBackRestoresTheNormalLayout(FxRobot robot) throws Exception {
        runAndWait(robot);
        Node from = robot.lookup("#fromField").query();
        Node steps = robot.lookup("#timelineList").query();
        Node map = robot.lookup("#networkMap").query();
        Bounds mapBefore = map.localToScene(map.getLayoutBounds());
        List<double[]> dividers = dividers(robot);
        robot.clickOn("#focusLayoutToggle");
        assertThat(app.presentation().focusLayoutProperty().get()).isTrue();
        assertThat(shown(from)).as("compose pane hidden").isFalse();
        assertThat(shown(steps)).as("steps list hidden").isFalse();
        Node caption = robot.lookup("#captionBand").query();
        assertThat(shown(caption)).isTrue();
        assertThat(((Labeled) caption).getText()).as("the caption explains the current step")
                .startsWith(vm().session().currentProperty().get().summary());
        assertThat(map.localToScene(map.getLayoutBounds()).getWidth()).as("the map has more room")
                .isGreaterThan(mapBefore.getWidth());
        robot.clickOn("#focusLayoutToggle");
        assertThat(app.presentation().focusLayoutProperty().get()).isFalse();
        assertThat(shown(from)).as("compose pane back").isTrue();
        assertThat(shown(steps)).as("steps list back").isTrue();
        assertThat(shown(robot.lookup("#explanationText").query())).isTrue();
        assertThat(shown(caption)).isFalse();
        assertThat(map.localToScene(map.getLayoutBounds())).isEqualTo(mapBefore);
        List<double[]> after = dividers(robot);
        assertThat(after).hasSameSizeAs(dividers);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).containsExactly(dividers.get(i), org.assertj.core.data.Offset.offset(0.001));
        }
    }

    private static List<double[]> dividers(FxRobot robot) {
        List<double[]> out = new ArrayList<>();
        for (Node n : robot.lookup(".split-pane").queryAll()) {
            if (shown(n)) {
                out.add(((SplitPane) n).getDividerPositions());
            }
        }
        out.sort(java.util.Comparator.comparingInt((double[] d) -> d.length).thenComparingDouble(d -> d[0]));
        return out;
    }

    @Test
    void f11AndCtrlShiftFToggleTheFocusLayout(FxRobot robot) throws Exception {
        runAndWait(robot);
        Node from = robot.lookup("#fromField").query();
        robot.clickOn("#sequenceDiagram");
        robot.type(KeyCode.F11);
        assertThat(app.presentation().focusLayoutProperty().get()).isTrue();
        assertThat(shown(from)).isFalse();
        assertThat(robot.lookup("#focusLayoutToggle").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        robot.type(KeyCode.F11);
        assertThat(app.presentation().focusLayoutProperty().get()).isFalse();
        assertThat(shown(from)).isTrue();
        // also from inside a text field, where F is a letter but Ctrl+Shift+F is not
        robot.clickOn("#subjectField");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.F).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertThat(app.presentation().focusLayoutProperty().get()).isTrue();
        // the keyboard is not left in the hidden field: the arrows step
        int step = vm().session().stepProperty().get();
        robot.type(KeyCode.RIGHT);
        assertThat(vm().session().stepProperty().get()).isEqualTo(step + 1);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.F).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertThat(app.presentation().focusLayoutProperty().get()).isFalse();
    }

    @Test
    void afterRunTheStepsListHasTheKeyboardAndSpacePlays(FxRobot robot) throws Exception {
        runAndWait(robot);
        assertThat(robot.lookup("#timelineList").query().isFocused()).isTrue();
        robot.type(KeyCode.SPACE);
        assertThat(vm().session().playingProperty().get()).isTrue();
        robot.type(KeyCode.SPACE);
        assertThat(vm().session().playingProperty().get()).isFalse();
    }

    @Test
    void theLargerTextButtonStaysUnderThePointer(FxRobot robot) throws Exception {
        size(robot, 1024, 768, 1.0, false);
        Node zoomIn = robot.lookup("#zoomInButton").query();
        Bounds start = zoomIn.localToScreen(zoomIn.getLayoutBounds());
        robot.moveTo(zoomIn);
        for (int i = 1; i <= 5; i++) {
            robot.press(javafx.scene.input.MouseButton.PRIMARY).release(javafx.scene.input.MouseButton.PRIMARY);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(app.presentation().fontScaleProperty().get()).isEqualTo(1.0 + i / 10.0,
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(zoomIn.localToScreen(zoomIn.getLayoutBounds())).as("A+ after " + i + " presses").isEqualTo(start);
        }
        // and the text did grow elsewhere: the Run button is larger now
        assertThat(robot.lookup("#runButton").queryButton().getHeight()).isGreaterThan(0);
    }

    @Test
    void theWindowOpensNoLargerThanTheScreen() {
        Rectangle2D visual = javafx.stage.Screen.getPrimary().getVisualBounds();
        assertThat(stage.getWidth()).isLessThanOrEqualTo(visual.getWidth());
        assertThat(stage.getHeight()).isLessThanOrEqualTo(visual.getHeight());
    }
}
