package org.mailtrail.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve}: not built yet. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(MailTrailCli.USAGE, "serve is not built yet");
    }
}
