package org.mailtrail.app.view;

import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Room for a tab that needs it: while {@code tab} is in front, the row {@code giving} (the sequence diagram and the
 * inspector) leaves the window's middle column, so the tab gets the height the diagram had while the network map stays
 * in view (the world editor's changes show on the map); when another tab comes to the front the row and the dividers
 * come back as they were.
 */
final class RoomForTab {
    private final SplitPane column;
    private final Node giving;
    private double[] dividers;

    private RoomForTab(SplitPane column, Node giving) {
        this.column = column;
        this.giving = giving;
    }

    static void install(SplitPane column, Node giving, TabPane tabs, Tab tab, ViewScope scope) {
        RoomForTab room = new RoomForTab(column, giving);
        scope.listen(tabs.getSelectionModel().selectedItemProperty(), (o, was, now) -> {
            if (now == tab) {
                room.make();
            } else if (was == tab) {
                room.giveBack();
            }
        });
    }

    /** The row out of the column, the map in the upper third. */
    void make() {
        int at = column.getItems().indexOf(giving);
        if (at < 0) {
            return; // the focus layout has the column's parts elsewhere
        }
        dividers = column.getDividerPositions();
        column.getItems().remove(at);
        column.setDividerPositions(Math.min(0.36, dividers.length > 0 ? dividers[0] : 0.36));
    }

    /** The row back where it was, with the dividers it had. */
    void giveBack() {
        if (dividers == null || column.getItems().contains(giving)) {
            return;
        }
        column.getItems().add(Math.min(1, column.getItems().size()), giving);
        column.setDividerPositions(dividers);
        dividers = null;
    }
}
