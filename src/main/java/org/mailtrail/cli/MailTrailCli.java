package org.mailtrail.cli;

/** The command line (picocli). */
public final class MailTrailCli {
    private MailTrailCli() {
    }

    public static int run(String[] args) {
        return 0;
    }
}
