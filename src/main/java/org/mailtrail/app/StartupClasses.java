package org.mailtrail.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads, on a background thread, the classes that the way to the full window needs (the list
 * {@code startup-classes.txt}, written by {@code bench/startup-classes.sh} from a {@code --smoke}
 * run), so that the main and FX threads find most of them loaded instead of reading, defining and
 * verifying some 2,800 classes one after the other. Classes are only loaded, not initialised: no
 * static initialiser runs on this thread, and nothing that the start would not load anyway is
 * loaded. A name that no longer exists is skipped. On a machine with a free second core this takes
 * about a third of the FX thread's CPU time off the start (see docs/benchmarks.md).
 */
public final class StartupClasses {
    private StartupClasses() {
    }

    /** Starts the loading thread (a daemon; it ends by itself); {@code -Dmailtrail.preload=false} turns it off. */
    public static void preloadInBackground() {
        if (!Boolean.parseBoolean(System.getProperty("mailtrail.preload", "true"))) {
            return;
        }
        Thread t = new Thread(StartupClasses::preload, "mailtrail-class-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void preload() {
        ClassLoader loader = StartupClasses.class.getClassLoader();
        try (InputStream in = StartupClasses.class.getResourceAsStream("startup-classes.txt")) {
            if (in == null) {
                return;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String name = r.readLine(); name != null; name = r.readLine()) {
                if (!name.isBlank()) {
                    try {
                        Class.forName(name.strip(), false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // an out-of-date list: the start loads what it needs itself
                    }
                }
            }
        } catch (IOException e) {
            // the same: nothing depends on this thread
        }
    }
}
