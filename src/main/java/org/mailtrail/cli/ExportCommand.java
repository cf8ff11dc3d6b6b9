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
        description = "Converts a saved session log (JSON), a capture (pcap, pcapng) or a mail transcript (swaks,"
                + " C:/S:, smtplib debug output) to text, json, html, pcap, eml or png.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "2:bad usage (also a file to read that does not exist), or the file is damaged or foreign (nothing written)",
                "3:a local I/O error"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "a session log written by simulate, send or serve, a capture, or a transcript (told by its content)")
    Path session;

    @Mixin
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() {
        out.checkedFormat();
        SimulationResult r = read();
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

    /** The session: a session log as before, or a capture or transcript, told by its content (issue 17). */
    private SimulationResult read() {
        org.mailtrail.capture.SessionFiles.Kind kind;
        Path session;
        try {
            session = org.mailtrail.capture.SessionFiles.openable(this.session); // a store's day log: its JSON
            kind = org.mailtrail.capture.SessionFiles.kind(session);
        } catch (org.mailtrail.capture.CaptureFormatException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.USAGE, this.session + ": cannot read: "
                    + org.mailtrail.dns.IoProblem.of(e), e);
        }
        if (kind != org.mailtrail.capture.SessionFiles.Kind.SESSION_JSON) {
            try {
                return org.mailtrail.capture.SessionFiles.read(session, kind);
            } catch (org.mailtrail.capture.CaptureFormatException e) {
                throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
            } catch (IOException e) {
                throw new CliException(MailTrailCli.USAGE, session + ": cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
            }
        }
        String text;
        try {
            text = Files.readString(session, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CliException(MailTrailCli.USAGE, session + ": not a text file (not UTF-8)", e);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.USAGE, session + ": cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
        try {
            return JsonSession.read(text, session.toString());
        } catch (SessionFormatException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
    }
}
