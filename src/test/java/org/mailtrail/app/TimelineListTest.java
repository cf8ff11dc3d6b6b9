package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.app.view.TimelineListView;
import org.mailtrail.app.view.ViewScope;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The list of steps with the window's stylesheet, about as narrow as in the window (its lines need the horizontal
 * scroll bar): the step shown is fully in view and clearly selected, in the normal and the high-contrast style.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineListTest {
    private final SessionViewModel session = new SessionViewModel();
    private TimelineListView list;
    private VBox root;
    /** Where the keyboard is while the player steps (as the step buttons in the window): not in the list. */
    private javafx.scene.control.Button elsewhere;

    @Start
    void start(Stage stage) {
        list = new TimelineListView(session, Locale.ENGLISH, null, new ViewScope());
        elsewhere = new javafx.scene.control.Button("Step");
        elsewhere.setManaged(false); // the list keeps the whole height (300 px shows the fault without the fix)
        root = new VBox(list, elsewhere);
        root.getStyleClass().add("main-view");
        VBox.setVgrow(list, Priority.ALWAYS);
        Scene scene = new Scene(root, 280, 300);
        scene.getStylesheets().add(MailTrailApp.class.getResource("mailtrail.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void show(FxRobot robot) throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                Route.DIRECT, d.retrieval(), w.seed());
        robot.interact(() -> session.resultProperty().set(r));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void goTo(FxRobot robot, int step) {
        robot.interact(() -> session.goTo(step));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ListCell<?> cell(FxRobot robot, int index) {
        return robot.from(list).lookup(".list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getIndex() == index && c.isVisible() && c.getItem() != null).findFirst()
                .orElseThrow(() -> new AssertionError("row " + (index + 1) + " is not in view"));
    }

    private ScrollBar bar(FxRobot robot, Orientation o) {
        return robot.from(list).lookup(".scroll-bar").queryAllAs(ScrollBar.class).stream()
                .filter(b -> b.getOrientation() == o).findFirst().orElseThrow();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    /** The step's row lies whole between the top of the list and the horizontal scroll bar. */
    private void assertWhollyInView(FxRobot robot, int step) {
        ScrollBar hbar = bar(robot, Orientation.HORIZONTAL);
        assertThat(hbar.isVisible()).as("long lines: a horizontal scroll bar").isTrue();
        Bounds row = inScene(cell(robot, step));
        assertThat(row.getMaxY()).as("row %d ends above the horizontal scroll bar", step + 1)
                .isLessThanOrEqualTo(inScene(hbar).getMinY() + 0.5);
        assertThat(row.getMinY()).as("row %d begins in the list", step + 1)
                .isGreaterThanOrEqualTo(inScene(list).getMinY() - 0.5);
    }

    /**
     * Found by a tester: at the end of the session the last row sat (partly) under the horizontal scroll bar, so the
     * step shown could not be read. It happened after stepping (each step scrolls the list to keep three steps above
     * the one shown); jumping to the end, or scrolling there, showed it.
     */
    @Test
    void theStepShownIsWhollyInViewAlsoTheLast(FxRobot robot) throws Exception {
        show(robot);
        int last = session.events().size() - 1;
        for (int i = 0; i <= last; i++) { // the player stepping forward through the whole session
            int k = i;
            robot.interact(() -> session.goTo(k));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertWhollyInView(robot, last);
        ScrollBar vbar = bar(robot, Orientation.VERTICAL);
        assertThat(vbar.getValue()).as("scrolled to the end").isCloseTo(vbar.getMax(), org.assertj.core.data.Offset.offset(1e-6));
        goTo(robot, 12);
        assertWhollyInView(robot, 12);
        goTo(robot, last); // a jump to the end
        assertWhollyInView(robot, last);
        // the list made smaller (as when the lesson bar grows), then larger again; the window (the primary stage,
        // shared by the test classes) keeps its size
        robot.interact(() -> root.setPadding(new javafx.geometry.Insets(0, 0, 50, 0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertWhollyInView(robot, last);
        robot.interact(() -> root.setPadding(javafx.geometry.Insets.EMPTY));
        WaitForAsyncUtils.waitForFxEvents();
        assertWhollyInView(robot, last);
    }

    /**
     * Found by a tester: the step shown kept the colour of its kind (blue DNS, green 2xx, grey TCP) on the pale grey of
     * a selection in a list without the keyboard focus, hard to find among the other rows. It is a solid bar now, its
     * text readable on it (WCAG AA, 4.5:1), the bar itself standing out from the rows (3:1), in both styles.
     */
    @Test
    void theSelectedStepStandsOutInBothStyles(FxRobot robot) throws Exception {
        show(robot);
        robot.interact(elsewhere::requestFocus);
        for (boolean highContrast : new boolean[] {false, true}) {
            robot.interact(() -> {
                root.getStyleClass().remove("high-contrast");
                if (highContrast) {
                    root.getStyleClass().add("high-contrast");
                }
            });
            Color selectedText = null;
            for (int step = 0; step < 16; step++) { // TCP, SMTP commands, 2xx and 3xx replies, TLS, a DNS query …
                goTo(robot, step);
                ListCell<?> shown = cell(robot, step);
                ListCell<?> other = cell(robot, step == 0 ? 1 : step - 1);
                String style = highContrast ? "high contrast" : "normal";
                assertThat(shown.isSelected()).isTrue();
                assertThat(list.isFocused()).as("the keyboard elsewhere, as while stepping").isFalse();
                assertThat(other.isSelected()).isFalse();
                Color text = (Color) shown.getTextFill();
                Color bar = background(shown);
                Color row = background(other);
                assertThat(contrast(text, bar)).as("%s, step %d (%s): text on the bar", style, step + 1,
                        TranscriptLines.style(session.events().get(step))).isGreaterThanOrEqualTo(4.5);
                assertThat(contrast(bar, row)).as("%s, step %d: the bar against the other rows", style, step + 1)
                        .isGreaterThanOrEqualTo(3.0);
                if (selectedText != null) {
                    assertThat(text).as("%s: one colour for the step shown, whatever its kind", style)
                            .isEqualTo(selectedText);
                }
                selectedText = text;
            }
        }
    }

    /** The colour a cell's background shows (its last fill, which is drawn on top). */
    private static Color background(ListCell<?> c) {
        var fills = c.getBackground().getFills();
        return (Color) fills.get(fills.size() - 1).getFill();
    }

    /** WCAG 2 contrast ratio of two colours. */
    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
