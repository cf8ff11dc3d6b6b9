package org.mailtrail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.mailtrail.live.ProxyConfig;
import org.mailtrail.live.ProxyTls;
import org.mailtrail.live.SmtpProxy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxy}: a transparent SMTP proxy between a real client and one upstream server that records each session,
 * both sides as one timeline (docs/inspect.md). Listens on loopback unless told otherwise; forwards only to
 * {@code --upstream}.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Records a real SMTP client: forwards each session to the --upstream server (and nowhere else) "
                + "and keeps both sides as one transcript, as serve does. STARTTLS is done on both sides with the "
                + "proxy's own certificate towards the client. Listens on loopback unless told otherwise; Ctrl-C "
                + "stops it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped (Ctrl-C or SIGTERM: the shell reports 130 or 143)",
                "2:bad usage (no --upstream, a bad address, a bad certificate or key ...)",
                "3:the port is in use or the store cannot be created"})
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = ServeCommand.DEFAULT_LISTEN,
            description = "address and port clients connect to (default: ${DEFAULT-VALUE}); another address than "
                    + "loopback lets other machines send through the proxy")
    String listen;

    @Option(names = "--upstream", paramLabel = "HOST:PORT", required = true,
            description = "the one server every session is forwarded to (port 25 if none is given)")
    String upstream;

    @Option(names = "--store", paramLabel = "DIR",
            description = "keep each session's transcript in DIR/sessions/*.json, its text in the day's log "
                    + "DIR/sessions/YYYY-MM-DD.log (default: keep nothing on disk)")
    Path store;

    @Option(names = "--tls-upstream", paramLabel = "auto|require|off", defaultValue = "auto",
            description = "after the client's STARTTLS: start TLS towards the upstream when it offers STARTTLS (auto), "
                    + "always or close with 421 (require), or never (off) (default: ${DEFAULT-VALUE})")
    String tlsUpstream;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "the proxy's certificate chain for the client side (PEM); with --tls-key (default: the lab "
                    + "certificate, which no client trusts unless told to)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the private key of --tls-cert (PEM, PKCS#8)")
    Path tlsKey;

    @Option(names = "--no-client-tls",
            description = "no certificate for the client side: STARTTLS is removed from the EHLO reply and answered "
                    + "454 4.7.0 (encrypted bytes are never passed on unread)")
    boolean noClientTls;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "the most a connect to the upstream may take, then 421 4.4.1 (default: ${DEFAULT-VALUE})")
    double connectTimeout;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "the most the client may be silent, or the upstream may owe a reply, then 421 4.4.2 "
                    + "(default: ${DEFAULT-VALUE}, RFC 5321 §4.5.3.2)")
    double idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "50",
            description = "sessions at once; one more waits up to a second for a slot, then is answered 421 4.7.0 "
                    + "(default: ${DEFAULT-VALUE})")
    int maxConnections;

    /** Released to stop a running proxy (tests); Ctrl-C or SIGTERM run the shutdown hook instead. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile SmtpProxy running;

    @Override
    public Integer call() throws InterruptedException {
        ProxyConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SmtpProxy proxy;
        AtomicBoolean unflushed = new AtomicBoolean();
        try {
            proxy = SmtpProxy.start(config, null, s -> {
                out.print(ServeCommand.line(s, "passed on") + System.lineSeparator()); // the upstream keeps them
                unflushed.set(true);
            });
        } catch (IOException e) {
            String m = e.getMessage();
            if (config.storeDir() != null && m != null && !m.startsWith("cannot listen")) {
                m = "--store " + config.storeDir() + ": " + m;
            }
            throw new CliException(MailTrailCli.IO_ERROR, m, e);
        }
        running = proxy;
        proxy.onStoreProblem(problem -> {
            err.println("mailtrail: warning: " + problem);
            err.flush();
        });
        Thread hook = new Thread(() -> {
            proxy.close();
            out.println(summary(proxy));
            out.flush();
            stop.countDown();
        }, "mailtrail-proxy-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            InetSocketAddress a = proxy.address();
            if (!config.listenLoopback()) {
                err.println("mailtrail: warning: listening on " + a.getAddress().getHostAddress() + ", not on "
                        + "loopback: other machines can send mail through this proxy to " + upstream);
            }
            if (!config.upstreamLoopback()) {
                err.println("mailtrail: warning: the upstream " + upstream + " is not on loopback: the sessions "
                        + "recorded here reach a real server on the network");
            }
            err.flush();
            out.println("proxying " + org.mailtrail.live.HostNames.hostPort(a) + " to " + upstream + " ("
                    + config.upstream().getAddress().getHostAddress() + "); "
                    + (config.storeDir() == null ? "keeping nothing on disk" : "storing under " + config.storeDir())
                    + "; STARTTLS " + (config.clientTls() == null ? "refused to the client"
                    : "with the proxy's " + (tlsCert == null ? "lab" : "own") + " certificate, towards the upstream "
                    + tlsUpstream.strip().toLowerCase(java.util.Locale.ROOT)) + ". Ctrl-C stops.");
            out.flush();
            while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                if (unflushed.getAndSet(false)) {
                    out.flush();
                }
            }
        } finally {
            boolean hookRuns = false;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                hookRuns = true;
            }
            proxy.close();
            if (!hookRuns) {
                out.println(summary(proxy));
            }
            out.flush();
        }
        return MailTrailCli.OK;
    }

    /** The line printed when the proxy stops: sessions, and the connections turned away or served after a wait. */
    static String summary(org.mailtrail.live.SmtpProxy p) {
        return "stopped after " + p.sessionsFinished() + " session(s)" + (p.servedAfterWaiting() > 0 ? "; "
                + p.servedAfterWaiting() + " connection(s) served after waiting for a free slot" : "")
                + (p.turnedAway() > 0 ? "; " + p.turnedAway() + " connection(s) turned away with 421" : "");
    }

    private ProxyConfig config() {
        InetSocketAddress address = HostPort.parse("--listen", listen, org.mailtrail.live.ReceiverConfig.DEFAULT_PORT);
        HostPort.Parts parts = HostPort.split("--upstream", upstream, 25, 1);
        InetSocketAddress up = HostPort.parse("--upstream", upstream, 25, 1);
        ProxyConfig.UpstreamTls mode;
        try {
            mode = ProxyConfig.UpstreamTls.parse(tlsUpstream);
        } catch (IllegalArgumentException e) {
            throw usage("--tls-upstream must be auto, require or off, not '" + tlsUpstream + "'"); // as send --starttls
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw usage(tlsCert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        }
        if (noClientTls && tlsCert != null) {
            throw usage("--no-client-tls and --tls-cert contradict each other");
        }
        SSLContext tls = null;
        if (tlsCert != null) {
            try {
                tls = ProxyTls.fromPem(tlsCert, tlsKey);
            } catch (IOException e) {
                throw usage("--tls-cert/--tls-key: " + e.getMessage());
            }
        } else if (!noClientTls) {
            tls = ProxyTls.lab();
        }
        if (maxConnections < 1 || maxConnections > org.mailtrail.live.ReceiverConfig.MAX_CONNECTIONS_LIMIT) {
            throw usage("--max-connections " + maxConnections + ": must be from 1 to "
                    + org.mailtrail.live.ReceiverConfig.MAX_CONNECTIONS_LIMIT); // as serve's
        }
        if (store != null && Files.exists(store) && !Files.isDirectory(store)) {
            throw usage("--store " + store + ": not a folder");
        }
        try {
            return new ProxyConfig(address, up, parts.host(), store, mode, tls, Numbers.seconds(
                    "--connect-timeout", connectTimeout), Numbers.seconds("--idle-timeout", idleTimeout), maxConnections);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static CliException usage(String message) {
        return new CliException(MailTrailCli.USAGE, message);
    }
}
