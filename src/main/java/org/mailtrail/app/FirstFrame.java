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

    /** A trace of the FX thread's CPU time per start-up phase, or one that does nothing. */
    public static Trace trace() {
        return new Trace(Boolean.getBoolean("mailtrail.startupTrace"));
    }

    /**
     * The CPU time the current thread spends in each phase ({@code -Dmailtrail.startupTrace=true});
     * CPU time rather than wall time, so that other load on the machine disturbs it less.
     */
    public static final class Trace {
        private final boolean on;
        private final StringBuilder text = new StringBuilder("startup trace (FX thread CPU ms):");
        private long last;

        private Trace(boolean on) {
            this.on = on;
            if (on) {
                last = cpu();
                text.append(" before ").append(last / 1_000_000);
            }
        }

        private static long cpu() {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        public boolean on() {
            return on;
        }

        /** Ends a phase: its FX thread CPU ms, and in brackets the wall-clock ms since the JVM started. */
        public void phase(String name) {
            if (on) {
                long now = cpu();
                text.append(' ').append(name).append(' ').append((now - last) / 1_000_000)
                        .append(" [").append(sinceStart()).append(']');
                last = now;
            }
        }

        private static long sinceStart() {
            return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        }

        /**
         * Prints, when tracing, the CPU ms of every thread of the process so far, the JVM's own (JIT
         * compilers, GC) included, busiest first: Linux only (read from /proc/self/task), else nothing.
         */
        public void printThreads() {
            if (!on) {
                return;
            }
            java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
            if (!java.nio.file.Files.isDirectory(tasks)) {
                return;
            }
            java.util.Map<String, Long> byName = new java.util.TreeMap<>();
            long hz = 100; // USER_HZ: clock ticks in /proc/<pid>/stat
            try (var dirs = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) dirs::iterator) {
                    try {
                        String stat = java.nio.file.Files.readString(t.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+$", "#");
                        String[] f = stat.substring(close + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                        byName.merge(name, ticks * 1000 / hz, Long::sum);
                    } catch (java.io.IOException | RuntimeException e) {
                        // a thread that ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                return;
            }
            StringBuilder b = new StringBuilder("startup threads (CPU ms, wall " + sinceStart() + "):");
            byName.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> b.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
            System.out.println(b);
        }

        public void print() {
            if (on) {
                System.out.println(text);
            }
        }
    }
}
