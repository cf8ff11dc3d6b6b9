package org.mailtrail.bench;

import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of the startup benchmark: a bare JavaFX window that reports its first frame the
 * same way {@code mailtrail --smoke} does. Not a test; run by bench/startup.sh.
 */
public class MinimalWindow extends Application {
    public static void main(String[] args) {
        launch(args);
    }

    @Override
    public void start(Stage stage) {
        long startMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        Scene scene = new Scene(new StackPane(new Label("Hello")), 1280, 800);
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(() -> {
                long now = System.currentTimeMillis();
                System.out.println("first frame after " + (now - startMs) + " ms (epoch " + now + ")");
                Platform.exit();
            });
        };
        scene.addPostLayoutPulseListener(once[0]);
        stage.setScene(scene);
        stage.show();
    }
}
