package org.mailtrail.app;

import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The running window (headless) at 1280 × 800 with its first world loaded, for the map's window tests: they start it
 * the same way and run a scenario on a route.
 */
@ExtendWith(ApplicationExtension.class)
abstract class MapWindowTestBase {
    protected MailTrailApp app;
    protected Stage stage;

    /** Opens the window; each test class calls it from its own {@code @Start} (TestFX looks at declared methods only). */
    protected void open(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && !vm().busyProperty().get());
    }

    protected MainViewModel vm() {
        return app.viewModel();
    }

    /** Chooses {@code scenario}, waits for its world, runs it on {@code route} and waits for the session. */
    protected void run(FxRobot robot, String scenario, Route route) throws Exception {
        robot.interact(() -> vm().scenarioProperty().set(scenario));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals(scenario) && !vm().busyProperty().get());
        robot.interact(() -> vm().routeProperty().set(route));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
