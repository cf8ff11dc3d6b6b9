package org.mailtrail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.mailtrail.live.HostNames;
import org.mailtrail.live.ReceivedSession;
import org.mailtrail.live.ReceiverConfig;
import org.mailtrail.live.ReceiverGuards;
import org.mailtrail.live.SessionRetention;
import org.mailtrail.live.SmtpReceiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: a local receiving SMTP server that accepts mail for its {@code --domain}s only, keeps every message
 * (Maildir) and every session's transcript (JSON and text) under {@code --store}, and prints one line per session.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Receives mail over SMTP for the given domains and keeps every message and every session's "
                + "transcript. Listens on loopback unless told otherwise; never relays; Ctrl-C stops it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped (Ctrl-C or SIGTERM: the shell reports 130 or 143)",
                "2:bad usage (no --domain, an invalid domain, --store naming a file, a bad key store ...)",
                "3:the port is in use or the store cannot be created"})
public final class ServeCommand implements Callable<Integer> {
    /** The default address: loopback, an unprivileged port. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:" + ReceiverConfig.DEFAULT_PORT;

    private static final long SUMMARY_NANOS = TimeUnit.MINUTES.toNanos(1);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = DEFAULT_LISTEN,
            description = "address and port to listen on (default: ${DEFAULT-VALUE}); another address than loopback "
                    + "lets other machines send mail here")
    String listen;

    @Option(names = "--domain", paramLabel = "DOMAIN", required = true,
            description = "a domain to accept mail for (repeat for more); mail for any other domain is refused "
                    + "with 554 5.7.1 (no relaying)")
    List<String> domains = new ArrayList<>();

    @Option(names = "--store", paramLabel = "DIR",
            description = "keep messages in DIR/maildir/new/*.eml and transcripts in DIR/sessions/*.json, their "
                    + "text in the day's log DIR/sessions/YYYY-MM-DD.log (default: keep nothing on disk)")
    Path store;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = ReceiverConfig.DEFAULT_HOSTNAME,
            description = "this server's name in its greeting and Received: lines (default: ${DEFAULT-VALUE})")
    String hostname;

    @Option(names = "--max-size", paramLabel = "OCTETS",
            description = "largest message accepted, e.g. 10485760, 512K or 10M (default: 10M, RFC 1870 SIZE)")
    String maxSize;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "connections served at once; one more waits up to --slot-wait for a slot, then is answered"
                    + " 421 (default: " + ReceiverConfig.DEFAULT_MAX_CONNECTIONS + ")")
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "how long to wait for the client's next command (default: 300, RFC 5321 §4.5.3.2.7)")
    Double idleTimeout;

    @Option(names = "--command-timeout", paramLabel = "SECONDS",
            description = "the most one command line may take, from when the server waits for it, not reset by each "
                    + "byte (default: 300, RFC 5321 §4.5.3.2)")
    Double commandTimeout;

    @Option(names = "--data-timeout", paramLabel = "SECONDS",
            description = "the most the data of one message may take, from the 354 to the final dot (default: 600, "
                    + "RFC 5321 §4.5.3.2.6)")
    Double dataTimeout;

    @Option(names = "--stress-timeout", paramLabel = "SECONDS",
            description = "the idle timeout and both deadlines while more than 80 %% of --max-connections are open "
                    + "(default: 10)")
    Double stressTimeout;

    @Option(names = "--max-per-client", paramLabel = "N", defaultValue = "50",
            description = "connections at once from one client address, more are answered 421 4.7.0; 0: no limit "
                    + "(default: ${DEFAULT-VALUE}, as Postfix's smtpd_client_connection_count_limit)")
    int maxPerClient;

    @Option(names = "--max-commands-per-minute", paramLabel = "N", defaultValue = "0",
            description = "commands a minute from one client address (all its connections), more end the connection "
                    + "with 421 4.7.0; 0: no limit (default: ${DEFAULT-VALUE}: a test suite on this machine sends fast;"
                    + " Postfix's rate limits are off by default too)")
    int commandsPerMinute;

    @Option(names = "--slot-wait", paramLabel = "SECONDS",
            description = "how long a connection beyond --max-connections or --max-per-client waits, unanswered, for a"
                    + " slot before it gets 421 (default: 1; 0: 421 at once; Postfix leaves it in the listen queue)")
    Double slotWait;

    @Option(names = "--keep-sessions", paramLabel = "N|Nd",
            description = "keep only the last N session transcripts, or those younger than N days (with --store; "
                    + "messages are never deleted; default: keep all)")
    String keepSessions;

    @Option(names = "--tls-on-connect",
            description = "implicit TLS (RFC 8314, as on port 465): TLS from the first byte with --tls-keystore, no "
                    + "STARTTLS inside")
    boolean tlsOnConnect;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "a PKCS12 (or JKS) key store with this server's key and certificate: STARTTLS is offered")
    Path tlsKeystore;

    // not picocli's interactive option: its prompt goes to standard output when there is no console (TerminalPrompt)
    @Option(names = "--tls-password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = TerminalPrompt.ASK,
            description = "the key store's password (without a value: asked for on the terminal, or on standard error"
                    + " and read from standard input where there is none)")
    char[] tlsPassword;

    /** Released to stop a running server (tests); Ctrl-C or SIGTERM run the shutdown hook instead. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile SmtpReceiver running;

    @Override
    public Integer call() throws InterruptedException {
        ReceiverConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SmtpReceiver receiver;
        try {
            receiver = SmtpReceiver.start(config);
        } catch (IOException e) {
            String m = e.getMessage();
            if (config.storeDir() != null && m != null && !m.startsWith("cannot listen")) {
                m = "--store " + config.storeDir() + ": " + m;
            }
            throw new CliException(MailTrailCli.IO_ERROR, m, e);
        }
        running = receiver;
        Thread hook = new Thread(() -> {
            receiver.close();
            out.println(summary(receiver));
            out.flush();
            stop.countDown();
        }, "mailtrail-serve-shutdown");
        receiver.onStoreProblem(problem -> {
            err.println("mailtrail: warning: " + problem);
            err.flush();
        });
        // one line per session, written at once but flushed by the waiting loop below at most every 100 ms: under
        // load the lines of many sessions leave in one write instead of one system call each
        AtomicBoolean unflushed = new AtomicBoolean();
        receiver.onSession(s -> {
            out.print(line(s) + System.lineSeparator());
            unflushed.set(true);
        });
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            InetSocketAddress a = receiver.address();
            if (!config.loopbackOnly()) {
                err.println("mailtrail: warning: listening on " + a.getAddress().getHostAddress()
                        + ", not on loopback: other machines can send mail here (only for "
                        + String.join(", ", config.domains()) + ")");
                err.flush();
            }
            out.println("listening on " + HostNames.hostPort(a) + " as " + config.hostname() + " for "
                    + String.join(", ", config.domains()) + "; "
                    + (config.storeDir() == null ? "keeping nothing on disk" : "storing under " + config.storeDir())
                    + (config.tlsOnConnect() ? "; TLS on connect (implicit TLS)"
                    : "; STARTTLS " + (config.tls() == null ? "not offered" : "offered")) + ". Ctrl-C stops.");
            if (!receiver.recoverySummary().isEmpty()) {
                out.println(receiver.recoverySummary());
            }
            out.flush();
            long told = 0;
            long toldAt = System.nanoTime();
            while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - toldAt >= SUMMARY_NANOS && receiver.turnedAway() != told) {
                    // a flood of connections turned away is reported once a minute, not one line each
                    told = receiver.turnedAway();
                    toldAt = System.nanoTime();
                    out.println("so far " + told + " connection(s) turned away with 421 ("
                            + receiver.turnedAwayUnanswered() + " could not be told, "
                            + receiver.turnedAwayUnrecorded() + " only counted, not recorded as sessions)");
                    unflushed.set(true);
                }
                if (unflushed.getAndSet(false)) {
                    out.flush();
                }
            }
        } finally {
            boolean hookRuns = false;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                hookRuns = true; // the JVM is shutting down: the hook is closing the receiver
            }
            receiver.close();
            if (!hookRuns) {
                out.println(summary(receiver));
            }
            out.flush(); // the lines of the sessions the close ended too
        }
        return MailTrailCli.OK;
    }

    /** The line printed when the server stops: sessions, messages, and the connections turned away. */
    static String summary(SmtpReceiver r) {
        String s = "stopped after " + r.sessionsFinished() + " session(s), " + r.messagesStored() + " message(s) stored";
        if (r.servedAfterWaiting() > 0) {
            s += "; " + r.servedAfterWaiting() + " connection(s) served after waiting for a free slot";
        }
        if (r.turnedAway() > 0) {
            s += "; " + r.turnedAway() + " connection(s) turned away with 421";
            if (r.turnedAwayUnanswered() > 0 || r.turnedAwayUnrecorded() > 0) {
                s += " (" + r.turnedAwayUnanswered() + " could not be told, " + r.turnedAwayUnrecorded()
                        + " only counted, not recorded as sessions)";
            }
        }
        return s;
    }

    /** One line per finished session: id, client, messages, why it ended, where its transcript is. */
    static String line(ReceivedSession s) {
        return line(s, "stored");
    }

    /** The same, saying what became of its messages ("stored" here, "passed on" by the proxy, which keeps none). */
    static String line(ReceivedSession s, String done) {
        StringBuilder b = new StringBuilder();
        b.append("session ").append(s.id()).append(" from ").append(HostNames.hostPort(s.client())).append(": ")
                .append(s.messagesStored()).append(s.messagesStored() == 1 ? " message " : " messages ")
                .append(done).append(", ").append(s.closeReason());
        if (s.jsonFile().isPresent()) {
            b.append(" -> ").append(s.jsonFile().get());
        } else if (s.storeProblem().isPresent()) {
            b.append(" (transcript not written: ").append(s.storeProblem().get()).append(')');
        }
        return b.toString();
    }

    private ReceiverConfig config() {
        InetSocketAddress address = HostPort.parse("--listen", listen, ReceiverConfig.DEFAULT_PORT);
        List<String> normal = new ArrayList<>();
        for (String d : domains) {
            try {
                normal.add(ReceiverConfig.normalizeDomain(d));
            } catch (IllegalArgumentException e) {
                throw usage("--domain " + d + ": " + e.getMessage());
            }
        }
        ReceiverConfig c;
        try {
            c = ReceiverConfig.defaults(normal).withListen(address);
        } catch (IllegalArgumentException e) {
            throw usage("--domain: " + e.getMessage());
        }
        try {
            c = c.withHostname(hostname);
        } catch (IllegalArgumentException e) {
            throw usage("--hostname " + hostname + ": " + e.getMessage());
        }
        if (maxSize != null) {
            c = c.withMaxMessageSize(size(maxSize));
        }
        if (maxConnections != null) {
            try {
                c = c.withMaxConnections(maxConnections);
            } catch (IllegalArgumentException e) {
                throw usage("--max-connections " + maxConnections + ": must be from 1 to "
                        + org.mailtrail.live.ReceiverConfig.MAX_CONNECTIONS_LIMIT); // as proxy's
            }
        }
        if (idleTimeout != null) {
            c = c.withIdleTimeout(Numbers.seconds("--idle-timeout", idleTimeout));
        }
        c = c.withGuards(guards());
        if (keepSessions != null) {
            if (store == null) {
                throw usage("--keep-sessions needs --store");
            }
            try {
                c = c.withRetention(SessionRetention.parse(keepSessions));
            } catch (IllegalArgumentException e) {
                throw usage("--keep-sessions " + keepSessions + ": " + e.getMessage());
            }
        }
        if (store != null) {
            if (Files.exists(store) && !Files.isDirectory(store)) {
                throw usage("--store " + store + ": not a folder");
            }
            c = c.withStoreDir(store);
        }
        if (tlsPassword != null && tlsKeystore == null) {
            throw usage("--tls-password needs --tls-keystore");
        }
        if (tlsKeystore != null) {
            if (TerminalPrompt.isAsk(tlsPassword)) {
                try {
                    tlsPassword = TerminalPrompt.readSecret("Password of the key store " + tlsKeystore + ": ",
                            spec.commandLine().getErr(), System.in);
                } catch (IOException e) {
                    throw new CliException(MailTrailCli.IO_ERROR, "--tls-password: cannot read the password: "
                            + e.getMessage(), e);
                }
            }
            c = c.withTls(tls(tlsKeystore, tlsPassword));
        }
        if (tlsOnConnect) {
            if (tlsKeystore == null) {
                throw usage("--tls-on-connect needs --tls-keystore (the server's key and certificate)");
            }
            c = c.withTlsOnConnect(true);
        }
        return c;
    }

    private ReceiverGuards guards() {
        ReceiverGuards g = ReceiverGuards.defaults();
        g = g.withTimeouts(seconds("--command-timeout", commandTimeout, g.commandTimeout()),
                seconds("--data-timeout", dataTimeout, g.dataTimeout()),
                seconds("--stress-timeout", stressTimeout, g.stressTimeout()));
        if (maxPerClient < 0 || maxPerClient > ReceiverConfig.MAX_CONNECTIONS_LIMIT) {
            throw usage("--max-per-client " + maxPerClient + ": give 0 (no limit) to "
                    + ReceiverConfig.MAX_CONNECTIONS_LIMIT);
        }
        if (commandsPerMinute < 0) {
            throw usage("--max-commands-per-minute " + commandsPerMinute + ": give 0 (no limit) or more");
        }
        if (slotWait != null && (slotWait.isNaN() || slotWait < 0 || slotWait > 60)) {
            throw usage("--slot-wait " + Numbers.text(slotWait) + ": give seconds, 0 to 60");
        }
        return g.withPerClient(maxPerClient, commandsPerMinute).withSlotWait(slotWait == null ? g.slotWait()
                : Duration.ofNanos(Math.round(slotWait * 1e9)));
    }

    private static Duration seconds(String option, Double value, Duration otherwise) {
        return value == null ? otherwise : Numbers.seconds(option, value);
    }

    /** {@code 10485760}, {@code 512K}, {@code 10M} (binary multiples). */
    static long size(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw usage("--max-size " + text + ": not a size (give octets, or a number with K, M or G)");
        }
        if (n <= 0 || n > Long.MAX_VALUE / unit || n * unit > (1L << 40)) {
            throw usage("--max-size " + text + ": must be more than 0 and at most 1024G");
        }
        return n * unit;
    }

    /** The server's TLS context from a key store; every problem names the file. */
    static SSLContext tls(Path file, char[] password) {
        if (password == null) {
            throw usage("--tls-keystore " + file + " needs --tls-password");
        }
        if (!Files.exists(file)) {
            throw usage("--tls-keystore " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw usage("--tls-keystore " + file + ": not a file");
        }
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            Throwable c = e.getCause();
            String why = c instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password")
                    ? (password.length == 0 ? "wrong password: an empty one (--tls-password without a value reads"
                    + " it from the terminal, or from standard input where there is none; give --tls-password=PASSWORD"
                    + " or pipe it in)" : "wrong password, or not a key store")
                    : "cannot read it as a key store: " + e.getMessage();
            throw usage("--tls-keystore " + file + ": " + why);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw usage("--tls-keystore " + file + ": not a PKCS12 or JKS key store (" + e.getMessage() + ")");
        }
        try {
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw usage("--tls-keystore " + file + ": holds no private key (a certificate alone cannot serve TLS)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw usage("--tls-keystore " + file + ": the key cannot be used (" + e.getMessage() + ")");
        }
    }

    private static CliException usage(String message) {
        return new CliException(MailTrailCli.USAGE, message);
    }
}
