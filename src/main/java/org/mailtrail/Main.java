package org.mailtrail;

/**
 * Entry point of the jar: no arguments opens the GUI, a subcommand runs the CLI. A first argument
 * that is an existing {@code *.json} file (a saved session, opened from the file manager) also
 * opens the GUI, which loads that session.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("--smoke") || isSessionFile(args[0])) {
            org.mailtrail.app.StartupClasses.preloadInBackground();
            org.mailtrail.app.MailTrailApp.launchApp(args);
        } else {
            System.exit(org.mailtrail.cli.MailTrailCli.run(args));
        }
    }

    /** True for the path of an existing {@code *.json} file. */
    static boolean isSessionFile(String arg) {
        if (!arg.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return false;
        }
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(arg));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
