package org.mailtrail.bench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.mailtrail.app.FirstFrame;

/**
 * The baseline of the startup benchmark: a bare JavaFX window that reports its first frame the
 * same way {@code mailtrail --smoke} does. Not a test; run by bench/startup.sh.
 */
public class MinimalWindow extends Application {
    /** Launches from the class path (a main class that extends Application would need the module path). */
    public static final class Launcher {
        private Launcher() {
        }

        public static void main(String[] args) {
            Application.launch(MinimalWindow.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        Scene scene = new Scene(new StackPane(new Label("Hello")), 1280, 800);
        if (Boolean.getBoolean("mailtrail.startupTrace")) { // CPU per thread, as the app prints it
            FirstFrame.afterNextPulse(scene, () -> FirstFrame.trace().printThreads());
        }
        FirstFrame.reportThenExit(scene);
        stage.setScene(scene);
        stage.show();
    }
}
