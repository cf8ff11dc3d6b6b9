package org.mailtrail;

/**
 * Entry point of the jar: no arguments opens the GUI, a subcommand runs the CLI. A first argument
 * that is an existing session file (a saved session, a capture or a transcript, opened from the file manager: the
 * names {@link org.mailtrail.capture.SessionFiles#NAMES}) also opens the GUI, which loads that session.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("--smoke") || isSessionFile(args[0])) {
            String noDisplay = noDisplay(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"));
            if (noDisplay != null) {
                System.err.println(noDisplay);
                System.exit(org.mailtrail.cli.MailTrailCli.USAGE);
            }
            org.mailtrail.app.StartupClasses.preloadInBackground();
            org.mailtrail.app.MailTrailApp.launchApp(args);
        } else {
            String missing = missingSession(args[0]);
            if (missing != null) {
                System.err.println(missing);
                System.exit(org.mailtrail.cli.MailTrailCli.USAGE);
            }
            System.exit(org.mailtrail.cli.MailTrailCli.run(args));
        }
    }

    /**
     * For a first argument that names a session file that is not there (a saved session to open, mistyped or
     * moved), a sentence saying so; null otherwise (then the command line reads the arguments).
     */
    static String missingSession(String arg) {
        if (!org.mailtrail.capture.SessionFiles.openableName(arg) || arg.startsWith("-") || isSessionFile(arg)) {
            return null;
        }
        return "mailtrail: no such file: " + arg + " (to open a session in the window, give the path of its .json "
                + "file, a capture or a transcript; mailtrail --help lists the commands)";
    }

    /** True for the path of an existing session file ({@link org.mailtrail.capture.SessionFiles#NAMES}). */
    static boolean isSessionFile(String arg) {
        if (!org.mailtrail.capture.SessionFiles.openableName(arg) || arg.startsWith("-")) {
            return false;
        }
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(arg));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * On Linux without a display (a server, an SSH session), a sentence saying so and pointing to the
     * command line, instead of JavaFX's stack trace; null where the window can open (or may: other
     * systems, or a headless JavaFX platform such as Monocle chosen with {@code -Dglass.platform}).
     */
    static String noDisplay(java.util.Map<String, String> env, String osName, String glassPlatform) {
        if (!osName.startsWith("Linux") || glassPlatform != null) {
            return null;
        }
        if (!isBlank(env.get("DISPLAY")) || !isBlank(env.get("WAYLAND_DISPLAY"))) {
            return null;
        }
        return "mailtrail: no display for the window (neither DISPLAY nor WAYLAND_DISPLAY is set); "
                + "the command line works without one: mailtrail --help";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
