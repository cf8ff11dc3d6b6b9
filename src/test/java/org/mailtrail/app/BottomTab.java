package org.mailtrail.app;

import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** For the window tests: brings a tab under the diagrams to the front, as a click on it would. */
final class BottomTab {
    private BottomTab() {
    }

    /** Selects the bottom tab with the id {@code id} (worldTab, labTab, proxyTab, …) and waits for the FX thread. */
    static void select(FxRobot robot, String id) {
        robot.interact(() -> {
            TabPane tabs = robot.lookup("#bottomTabs").queryAs(TabPane.class);
            Tab tab = tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
            tabs.getSelectionModel().select(tab);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
