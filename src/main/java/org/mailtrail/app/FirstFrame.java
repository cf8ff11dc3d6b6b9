package org.mailtrail.app;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * {@code --smoke}: after the scene's first layout pulse, prints the milliseconds since the JVM
 * started and the wall-clock time (for benchmarks that time the launch from outside), then exits.
 */
public final class FirstFrame {
    private FirstFrame() {
    }

    public static void reportThenExit(Scene scene) {
        long startMs = ManagementFactory.getRuntimeMXBean().getStartTime();
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
    }
}
