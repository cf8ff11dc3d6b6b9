package org.mailtrail.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.SessionFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export}: converts a saved session log (JSON) to any format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Converts a saved session log (JSON) to text, json, html, pcap, eml or png.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "2:bad usage, or the session log is damaged or foreign (nothing written)",
                "3:a local I/O error"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION.json", description = "a session log written by simulate or send")
    Path session;

    @Mixin
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() {
        out.checkedFormat();
        String text;
        try {
            text = Files.readString(session, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CliException(MailTrailCli.USAGE, session + ": not a text file (not UTF-8)", e);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.USAGE, session + ": cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
        SimulationResult r;
        try {
            r = JsonSession.read(text, session.toString());
        } catch (SessionFormatException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
        try {
            out.write(r, spec.commandLine().getOut(), spec.commandLine().getErr());
        } catch (CliException e) {
            // the session's own outcome (4 queued, 5 bounced) is not export's: nothing to export is bad usage
            if (e.code() != MailTrailCli.USAGE && e.code() != MailTrailCli.IO_ERROR) {
                throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
            }
            throw e;
        }
        return 0;
    }
}
