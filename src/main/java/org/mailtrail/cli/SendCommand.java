package org.mailtrail.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code send}: not built yet. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class SendCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(MailTrailCli.USAGE, "send is not built yet");
    }
}
