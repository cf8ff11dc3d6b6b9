package org.mailtrail.app;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Start-up timing for {@code --smoke} and the benchmark: prints the milliseconds since the JVM
 * started and the wall-clock time (for benchmarks that time the launch from outside).
 */
public final class FirstFrame {
    private FirstFrame() {
    }

    /** Prints the first frame's time, then exits. */
    public static void reportThenExit(Scene scene) {
        afterNextPulse(scene, () -> {
            print("first frame");
            Platform.exit();
        });
    }

    /** Prints {@code what after N ms (epoch E)}: N since the JVM started, E the wall clock. */
    public static void print(String what) {
        long startMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long now = System.currentTimeMillis();
        System.out.println(what + " after " + (now - startMs) + " ms (epoch " + now + ")");
    }

    /** Runs an action on the FX thread once the scene's next layout pulse is done. */
    public static void afterNextPulse(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(once[0]);
    }
}
