package org.mailtrail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.LiveResult;
import org.mailtrail.live.LiveSender;
import org.mailtrail.live.SmtpTimeouts;
import org.mailtrail.smtp.Addresses;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.TlsMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code send}: a live delivery with real DNS, TCP and SMTP, printed or written as a session log. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Sends one message for real: a DNS MX lookup (dnsjava), TCP to the mail exchangers in order"
                + " (or to a smart host), and SMTP step by step, with measured times and TLS details.",
                "This talks to real servers. Progress goes to standard error; the session log to standard output"
                        + " or -o FILE."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:delivered to every recipient", "2:bad usage or bad input",
                "3:a network error (refused, timed out, TLS failure, garbage from the server)",
                "4:a temporary failure (4xx) left mail undelivered",
                "5:a permanent failure (5xx) for at least one recipient"})
public final class SendCommand implements Callable<Integer> {
    /** The environment variable that carries the AUTH password unless --auth-password-file names a file. */
    public static final String PASSWORD_ENV = "MAILTRAIL_SMTP_PASSWORD";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, description = "sender address (envelope and From:)")
    String from;

    @Option(names = "--to", required = true, description = "recipient address; repeat for several")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", description = "copy recipient; repeat for several")
    List<String> cc = new ArrayList<>();

    @Option(names = "--subject", description = "subject line", defaultValue = "Mail Trail live test")
    String subject;

    @Option(names = "--body", description = "message body text")
    String body;

    @Option(names = "--body-file", description = "file with the message body (UTF-8)")
    Path bodyFile;

    @Option(names = "--dns", description = "DNS server HOST[:PORT] (default: the system's first name server)")
    String dns;

    @Option(names = "--smarthost", description = "send through this smart host HOST[:PORT] (default port 587)"
            + " instead of directly to the MX hosts")
    String smartHost;

    @Option(names = "--mx-port", description = "port of the MX hosts (default: 25; another only in a lab)",
            defaultValue = "25")
    int mxPort;

    @Option(names = "--helo", description = "EHLO name (default: an address literal of the local address)")
    String helo;

    @Option(names = "--starttls", description = "auto (use when offered; an untrusted certificate is reported, not"
            + " fatal), require (TLS with a trusted certificate or nothing) or off (default: auto)",
            defaultValue = "auto")
    String starttls;

    @Option(names = "--trust-cert", description = "lab option: also trust this certificate (PEM file), e.g. a"
            + " self-signed one; repeat for several")
    List<Path> trustCerts = new ArrayList<>();

    @Option(names = "--timeout", description = "one timeout in seconds for every step (default: RFC 5321"
            + " §4.5.3.2 — minutes per step, 30 s to connect)")
    Double timeoutSeconds;

    @Option(names = "--auth-user", description = "AUTH PLAIN/LOGIN user name (credentials go over TLS only); the"
            + " password comes from --auth-password-file or the environment variable " + PASSWORD_ENV)
    String authUser;

    @Option(names = "--auth-password-file", description = "file whose first line is the AUTH password")
    Path authPasswordFile;

    @Option(names = "--tls-on-connect", description = "TLS from the first byte (RFC 8314, e.g. port 465) instead"
            + " of STARTTLS")
    boolean tlsOnConnect;

    @picocli.CommandLine.Mixin
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() {
        out.checkedFormat();
        LiveSender.Options options = options();
        PrintWriter err = spec.commandLine().getErr();
        LiveRecorder recorder = new LiveRecorder();
        recorder.onEvent(e -> {
            err.println(String.format(Locale.ROOT, "%9.3f  %s", e.timeMicros() / 1e6,
                    e.details().containsKey(org.mailtrail.engine.SmtpSteps.SECRET)
                            ? org.mailtrail.export.Redaction.redact(e).summary() : e.summary()));
            err.flush();
        });
        LiveResult result;
        // while it runs the session is autosaved; the desktop app offers it for recovery if this process dies
        org.mailtrail.live.LiveAutosave autosave = null;
        try {
            org.mailtrail.world.Route route = options.smartHost() == null ? org.mailtrail.world.Route.DIRECT
                    : org.mailtrail.world.Route.RELAY;
            String client = options.helo() == null ? LiveSender.CLIENT_NAME : options.helo();
            autosave = new org.mailtrail.live.LiveAutosave(org.mailtrail.live.LiveAutosave.defaultDir(), recorder,
                    () -> org.mailtrail.live.LiveSnapshot.of(recorder, options.compose(), client, route, "send",
                            java.util.Map.of(), List.of()));
        } catch (IOException e) {
            err.println("mailtrail: autosave is off: " + e.getMessage());
        }
        try {
            result = new LiveSender(options, recorder, null).run();
        } catch (IOException e) {
            throw new CliException(MailTrailCli.IO_ERROR, e.getMessage(), e);
        } finally {
            if (autosave != null) {
                autosave.close();
            }
        }
        for (RecipientOutcome o : result.session().journeys().get(0).outcomes().values()) {
            // send has no queue: a recipient not delivered now is not sent, and Mail Trail will not retry it
            String status = o.status() == RecipientOutcome.Status.QUEUED ? "not sent (deferred, not retried by Mail Trail)"
                    : o.status().name().toLowerCase(Locale.ROOT);
            err.println(o.recipient() + ": " + status + " — " + o.detail());
        }
        err.flush();
        out.write(result.session(), spec.commandLine().getOut(), err);
        return result.exitCode();
    }

    private LiveSender.Options options() {
        String text = MessageInput.body(body, bodyFile,
                "This message was sent by Mail Trail to show how e-mail travels.");
        // more than 100 recipients go out in transactions of at most 100 (RFC 5321 §4.5.3.1.8)
        Compose compose = MessageInput.checked(new Compose(from, to, cc, subject, text), LiveSender.MAX_RECIPIENTS);
        TlsMode tls;
        switch (starttls.toLowerCase(Locale.ROOT)) {
            case "auto":
                tls = TlsMode.AUTO;
                break;
            case "require":
                tls = TlsMode.REQUIRE;
                break;
            case "off":
                tls = TlsMode.OFF;
                break;
            default:
                throw new CliException(MailTrailCli.USAGE, "--starttls must be auto, require or off, not '" + starttls + "'");
        }
        if (mxPort < 1 || mxPort > 65535) {
            throw new CliException(MailTrailCli.USAGE, "--mx-port " + mxPort + ": not a port (1-65535)");
        }
        if (helo != null && !Addresses.isValidDomain(helo)) {
            throw new CliException(MailTrailCli.USAGE, "--helo '" + helo.replace("\r", "\\r").replace("\n", "\\n")
                    + "': not a domain or address literal (RFC 5321 §4.1.1.1)");
        }
        SmtpTimeouts timeouts = SmtpTimeouts.RFC_5321;
        if (timeoutSeconds != null) {
            timeouts = SmtpTimeouts.all(Numbers.seconds("--timeout", timeoutSeconds, 3600));
        }
        for (Path p : trustCerts) {
            if (!Files.isReadable(p)) {
                throw new CliException(MailTrailCli.USAGE, "--trust-cert " + p + ": no such readable file");
            }
            try {
                org.mailtrail.live.TlsTrust.readCertificates(p); // read now: a wrong file is bad usage, before any send
            } catch (IOException e) {
                throw new CliException(MailTrailCli.USAGE, "--trust-cert " + e.getMessage(), e);
            }
        }
        String smartName = null;
        int smartPort = 587;
        if (smartHost != null) {
            HostPort.Parts p = HostPort.split("--smarthost", smartHost, 587, 1);
            smartName = p.host();
            smartPort = p.port();
        }
        if (authUser != null && tls == TlsMode.OFF && !tlsOnConnect) {
            throw new CliException(MailTrailCli.USAGE, "--auth-user needs TLS: credentials are never sent in clear;"
                    + " use --starttls auto or require, or --tls-on-connect");
        }
        return new LiveSender.Options(compose, dns == null ? null : HostPort.parse("--dns", dns, 53, 1), smartName, smartPort,
                mxPort, helo, tls, timeouts, trustCerts, credentials(), tlsOnConnect);
    }

    private Credentials credentials() {
        if (authUser == null) {
            if (authPasswordFile != null) {
                throw new CliException(MailTrailCli.USAGE, "--auth-password-file needs --auth-user");
            }
            return null;
        }
        String password;
        if (authPasswordFile != null) {
            try {
                List<String> lines = Files.readAllLines(authPasswordFile, StandardCharsets.UTF_8);
                password = lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw new CliException(MailTrailCli.USAGE, "--auth-password-file " + authPasswordFile + ": cannot read: "
                        + org.mailtrail.dns.IoProblem.of(e), e);
            }
        } else {
            password = System.getenv(PASSWORD_ENV);
            if (password == null) {
                throw new CliException(MailTrailCli.USAGE, "--auth-user needs a password: set " + PASSWORD_ENV
                        + " or give --auth-password-file");
            }
        }
        try {
            return new Credentials(authUser, password);
        } catch (IllegalArgumentException e) {
            throw new CliException(MailTrailCli.USAGE, "--auth-user: " + e.getMessage(), e);
        }
    }
}
