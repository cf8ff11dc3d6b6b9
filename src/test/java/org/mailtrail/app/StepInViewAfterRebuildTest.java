package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The step shown stays wholly in view in the Steps list and the transcript when the window is made again in another
 * language, and when the window then changes size. Found by a tester: after a language switch at step 24 the new
 * window's Steps list showed the rows below it, the selected row just above the visible area.
 */
@ExtendWith(ApplicationExtension.class)
class StepInViewAfterRebuildTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280); // the primary stage is shared by every test class
        stage.setHeight(800);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().worldProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    @Test
    void theStepShownStaysInViewAcrossALanguageSwitchAndAResize(FxRobot robot) throws Exception {
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 30
                && !vm().busyProperty().get());
        robot.interact(() -> vm().session().goTo(23));
        pulses(3);
        assertShown(robot, "before the switch");
        double[] where = {below(robot, "#timelineList"), below(robot, "#transcriptView")};

        Node before = robot.lookup("#timelineList").query();
        robot.interact(() -> robot.lookup("#languageChoice").<ChoiceBox<Locale>>query().setValue(Locale.GERMAN));
        // the window is made again on a later turn of the FX thread
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#timelineList").query() != before);
        pulses(3);
        assertThat(vm().session().stepProperty().get()).isEqualTo(23);
        assertShown(robot, "after the switch to German");
        // where it was, three rows below the top (less than a row apart: the flow may show a sliver of one more)
        assertWhereItWas(robot, "#timelineList", where[0]);
        assertWhereItWas(robot, "#transcriptView", where[1]);

        // lower, the transcript keeps about four rows (at 640 px its tab is squeezed to a few pixels: no row fits)
        robot.interact(() -> stage.setHeight(680));
        pulses(3);
        assertShown(robot, "after the window was made lower");
        robot.interact(() -> stage.setHeight(800));
        pulses(3);
        assertShown(robot, "after the window was made higher again");
    }

    /** The selected row of the Steps list and of the transcript lies wholly inside what each list shows. */
    private void assertShown(FxRobot robot, String when) {
        for (String id : new String[] {"#timelineList", "#transcriptView"}) {
            ListView<?> list = robot.lookup(id).queryListView();
            int row = list.getSelectionModel().getSelectedIndex();
            assertThat(row).as("%s: %s has a selected row", when, id).isGreaterThanOrEqualTo(0);
            Node viewport = list.lookup(".clipped-container");
            Bounds shown = viewport.localToScene(viewport.getLayoutBounds());
            ListCell<?> cell = selectedCell(robot, id, when);
            Bounds b = cell.localToScene(cell.getBoundsInLocal());
            assertThat(b.getMinY()).as("%s: %s, row %d begins in view (%s, viewport %s)", when, id, row, b, shown)
                    .isGreaterThanOrEqualTo(shown.getMinY() - 0.5);
            assertThat(b.getMaxY()).as("%s: %s, row %d ends in view (%s, viewport %s)", when, id, row, b, shown)
                    .isLessThanOrEqualTo(shown.getMaxY() + 0.5);
        }
    }

    private static void assertWhereItWas(FxRobot robot, String id, double was) {
        double row = selectedCell(robot, id, "after the switch").getHeight();
        assertThat(below(robot, id)).as("%s: the selected row below the top, as before the switch", id)
                .isCloseTo(was, org.assertj.core.data.Offset.offset(row));
    }

    /** How far below the top of what {@code id} shows its selected row begins. */
    private static double below(FxRobot robot, String id) {
        ListCell<?> cell = selectedCell(robot, id, "measuring its place");
        Node viewport = robot.lookup(id).queryListView().lookup(".clipped-container");
        return cell.localToScene(cell.getBoundsInLocal()).getMinY()
                - viewport.localToScene(viewport.getLayoutBounds()).getMinY();
    }

    /** The cell showing the selected row of {@code id}; none: an error that says {@code when}. */
    private static ListCell<?> selectedCell(FxRobot robot, String id, String when) {
        ListView<?> list = robot.lookup(id).queryListView();
        int row = list.getSelectionModel().getSelectedIndex();
        return robot.from(list).lookup(".list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getIndex() == row && c.isVisible() && c.getItem() != null).findFirst()
                .orElseThrow(() -> new AssertionError(when + ": " + id + " shows no cell for row " + row
                        + " (selected)"));
    }

    /** Waits until the scene has been laid out {@code n} more times (a pulse each, asked for). */
    private void pulses(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            CountDownLatch laidOut = new CountDownLatch(1);
            Scene scene = stage.getScene();
            Runnable once = new Runnable() {
                @Override
                public void run() {
                    Platform.runLater(() -> scene.removePostLayoutPulseListener(this)); // not while the scene runs them
                    laidOut.countDown();
                }
            };
            Platform.runLater(() -> {
                scene.addPostLayoutPulseListener(once);
                Platform.requestNextPulse();
            });
            assertThat(laidOut.await(10, TimeUnit.SECONDS)).as("a pulse").isTrue();
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
