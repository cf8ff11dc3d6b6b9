package org.mailtrail.app.view;

import java.util.function.IntSupplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;

/**
 * Keeps the current row of a list that follows the step shown (the steps list, the transcript) wholly in view.
 *
 * <p>Theory of operation: a row is first scrolled near the top ({@link ListView#scrollTo(int)}, three rows above it,
 * so that what led to it shows), then, laid out, scrolled by what is still missing: near the end of the list, with
 * rows of different heights and the horizontal scroll bar shown, JavaFX 21's {@code VirtualFlow} places rows from an
 * estimate of their heights and left the last row under that bar (a tester). When the text size changes (A+, A-) the
 * rows change height and the flow keeps its position, not the row: the row is shown again after the next layout
 * pass, in a listener on the scene's pulse that acts only when asked, once the new sizes are known (a tester: after
 * A+ three times the step shown was out of view until the next step).
 *
 * <p>A window made again (another language) is built with the session at its step, so its lists are asked to show
 * the row before they have a skin, a scene or a height: {@link ListView#scrollTo(int)} then waits for the skin and
 * scrolls a flow that has no viewport yet, and the flow is not there to be asked for the rest. Such a request is kept
 * and carried out after the layout pass that gives the list its height, as if made then (a tester: after a language
 * switch at step 24 the Steps list and the transcript showed rows below the step). Its other half was the skin given
 * before the scene ({@link EarlySkins}), which no longer goes to a list that holds items.
 */
final class CurrentRow {
    private final ListView<?> list;
    private final IntSupplier current;
    private boolean again;
    /** {@link #show} came before the list was laid out: done after the layout pass that gives it its size. */
    private boolean pending;
    private final Runnable afterLayout = this::afterLayout;

    /** For {@code list}, whose current row {@code current} gives (-1: none); shown again when {@code textSize} changes. */
    CurrentRow(ListView<?> list, IntSupplier current, ObservableValue<? extends Number> textSize, ViewScope scope) {
        this.list = list;
        this.current = current;
        list.sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
        Scene scene = list.getScene();
        if (scene != null) {
            scene.addPostLayoutPulseListener(afterLayout);
        }
        if (textSize != null) {
            scope.listen(textSize, (o, a, b) -> again());
        }
    }

    /** Scrolls to {@code row}: near the top, and wholly in view; a list not laid out yet does so once it is. */
    void show(int row) {
        if (!laidOut()) {
            pending = true;
            list.requestLayout();
            return;
        }
        pending = false;
        list.scrollTo(Math.max(0, row - 3));
        wholly(row);
    }

    /** Shows the current row again after the next layout pass. */
    void again() {
        again = true;
        list.requestLayout();
    }

    private void afterLayout() {
        if ((pending || again) && laidOut()) {
            boolean fromTop = pending;
            pending = false;
            again = false;
            int row = current.getAsInt();
            if (row >= 0 && fromTop) {
                show(row);
            } else if (row >= 0) {
                wholly(row);
            }
        }
    }

    /** In a scene, with its skin and a height: what the flow computes from here on uses the rows' real sizes. */
    private boolean laidOut() {
        return list.getScene() != null && list.getSkin() != null && list.getHeight() > 0;
    }

    private void wholly(int row) {
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            list.layout();
            flow.scrollTo(row);
        }
    }
}
