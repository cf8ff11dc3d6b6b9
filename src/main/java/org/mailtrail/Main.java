package org.mailtrail;

/** Entry point of the jar: no arguments opens the GUI, a subcommand runs the CLI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("--smoke")) {
            org.mailtrail.app.MailTrailApp.launchApp(args);
        } else {
            System.exit(org.mailtrail.cli.MailTrailCli.run(args));
        }
    }
}
