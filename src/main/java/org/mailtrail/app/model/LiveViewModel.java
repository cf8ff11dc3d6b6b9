package org.mailtrail.app.model;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.Redaction;
import org.mailtrail.live.HostNames;
import org.mailtrail.live.LiveAutosave;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.LiveResult;
import org.mailtrail.live.LiveSender;
import org.mailtrail.live.LiveSnapshot;
import org.mailtrail.live.SmtpTimeouts;
import org.mailtrail.live.StepGate;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.world.Route;

/**
 * The Live tab: settings for a real delivery, and the session while it runs. In step mode nothing goes on the wire
 * until {@link #step()}; {@link #runRest()} sends the rest. The session runs on its own thread; every recorded step
 * is shown at once in the main views (credentials redacted) and autosaved for recovery.
 */
public final class LiveViewModel {
    /** RFC 5321 §4.5.3.2.7: a server waits at least 5 minutes for the next command. */
    public static final Duration SERVER_TIMEOUT = Duration.ofMinutes(5);
    /** When a waiting step gets a warning. */
    public static final Duration WARN_AFTER = Duration.ofMinutes(4);

    private final TaskRunner tasks;
    private final ComposeViewModel compose;
    private final SessionViewModel session;
    private final Path recoveryDir;
    private final StringProperty dns = new SimpleStringProperty("");
    private final StringProperty smartHost = new SimpleStringProperty("");
    private final StringProperty mxPort = new SimpleStringProperty("25");
    private final ObjectProperty<TlsMode> tls = new SimpleObjectProperty<>(TlsMode.AUTO);
    private final StringProperty timeout = new SimpleStringProperty("");
    private final StringProperty trustCert = new SimpleStringProperty("");
    private final StringProperty authUser = new SimpleStringProperty("");
    private final StringProperty authPassword = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty waiting = new SimpleBooleanProperty(false);
    private final StringProperty next = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("live.status.idle");
    private final StringProperty statusDetail = new SimpleStringProperty("");
    private final javafx.beans.property.IntegerProperty waitedSeconds = new javafx.beans.property.SimpleIntegerProperty(0);
    private final StringProperty settingsError = new SimpleStringProperty("");
    private java.util.ResourceBundle messages;
    private final ObjectProperty<LiveResult> result = new SimpleObjectProperty<>();
    private volatile Gate gate;
    private volatile LiveSender sender;
    private volatile long waitingSinceNanos;
    private volatile Thread worker;

    public LiveViewModel(TaskRunner tasks, ComposeViewModel compose, SessionViewModel session, Path recoveryDir) {
        this.tasks = tasks;
        this.compose = compose;
        this.session = session;
        this.recoveryDir = recoveryDir;
    }

    /** DNS server HOST[:PORT]; empty: the system's. */
    public StringProperty dnsProperty() {
        return dns;
    }

    /** Smart host HOST[:PORT]; empty: direct delivery. */
    public StringProperty smartHostProperty() {
        return smartHost;
    }

    public StringProperty mxPortProperty() {
        return mxPort;
    }

    public ObjectProperty<TlsMode> tlsProperty() {
        return tls;
    }

    /** Seconds for every step; empty: the RFC 5321 defaults. */
    public StringProperty timeoutProperty() {
        return timeout;
    }

    /** A lab certificate (PEM) to trust; empty: the JDK trust store only. */
    public StringProperty trustCertProperty() {
        return trustCert;
    }

    /** AUTH user name for a smart host; empty: no AUTH. Credentials go only over TLS to a trusted certificate. */
    public StringProperty authUserProperty() {
        return authUser;
    }

    /** AUTH password; kept in memory only, never on the timeline, in autosaves or exports. */
    public StringProperty authPasswordProperty() {
        return authPassword;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** True while the session waits for Step. */
    public BooleanProperty waitingProperty() {
        return waiting;
    }

    /** What the next step will do. */
    public StringProperty nextProperty() {
        return next;
    }

    /**
     * A key of the UI bundle: {@code live.status.idle}, {@code .running}, {@code .exit0} (or {@code .exit0.relay}: a
     * smart host accepted it) … {@code .exit5}, {@code .failed}.
     */
    public StringProperty statusProperty() {
        return status;
    }

    /** More about the status: the local error of a failed start, or the autosave problem. */
    public StringProperty statusDetailProperty() {
        return statusDetail;
    }

    /**
     * Seconds a step has waited for the user once that is long enough for a warning (the server may soon close the
     * connection), else 0.
     */
    public javafx.beans.property.IntegerProperty waitedSecondsProperty() {
        return waitedSeconds;
    }

    /** What is wrong with the settings, or empty. */
    public StringProperty settingsErrorProperty() {
        return settingsError;
    }

    /** The finished session, or null. */
    public ObjectProperty<LiveResult> resultProperty() {
        return result;
    }

    /** A sentence for the confirmation asked before anything is sent, in the language of {@code ui}. */
    public String confirmationText(java.util.ResourceBundle ui) {
        Compose c = compose.toCompose();
        String dnsServer = dns.get().isBlank() ? ui.getString("live.confirmText.systemDns") : dns.get().trim();
        return java.text.MessageFormat.format(ui.getString(smartHost.get().isBlank() ? "live.confirmText.direct"
                : "live.confirmText.relay"), c.from(), String.join(", ", c.recipients()), dnsServer, smartHost.get().trim());
    }

    /**
     * Checks the form and the settings as {@link #start} would, showing what is wrong, without sending anything:
     * so that a confirmation is only asked for a session that can start.
     */
    public boolean ready() {
        return checkedOptions() != null;
    }

    /** The options of the form and settings, or null after showing what is wrong. */
    private LiveSender.Options checkedOptions() {
        if (!compose.validate()) {
            return null;
        }
        try {
            LiveSender.Options options = options();
            settingsError.set("");
            return options;
        } catch (IllegalArgumentException e) {
            settingsError.set(LocalizedError.of(e, messages));
            return null;
        }
    }

    /**
     * Checks the form and the settings; when both are fine starts the session (stepwise: it waits before the first
     * step) and returns true.
     */
    public boolean start(boolean stepwise) {
        if (running.get()) {
            return false;
        }
        LiveSender.Options options = checkedOptions();
        if (options == null) {
            return false;
        }
        waitedSeconds.set(0);
        statusDetail.set("");
        result.set(null);
        Gate g = new Gate(!stepwise);
        gate = g;
        LiveRecorder recorder = new LiveRecorder();
        LiveSender s = new LiveSender(options, recorder, g);
        sender = s;
        Route route = options.smartHost() == null ? Route.DIRECT : Route.RELAY;
        String clientName = options.helo() == null ? LiveSender.CLIENT_NAME : options.helo();
        java.util.function.Supplier<SimulationResult> snapshot = () -> LiveSnapshot.of(recorder, options.compose(),
                clientName, route, "Mail Trail live mode", Map.of(), List.of());
        AtomicBoolean pending = new AtomicBoolean();
        recorder.onEvent(e -> {
            if (pending.compareAndSet(false, true)) {
                tasks.ui(() -> {
                    pending.set(false);
                    show(Redaction.redact(snapshot.get()));
                });
            }
        });
        running.set(true);
        status.set("live.status.running");
        Thread t = new Thread(() -> runSession(s, recorder, snapshot), "mailtrail-live");
        t.setDaemon(true);
        worker = t;
        t.start();
        return true;
    }

    private void runSession(LiveSender s, LiveRecorder recorder, java.util.function.Supplier<SimulationResult> snapshot) {
        LiveAutosave autosave = null;
        LiveResult result = null;
        Exception failure = null;
        try {
            try {
                autosave = new LiveAutosave(recoveryDir, recorder, snapshot);
            } catch (IOException e) {
                tasks.ui(() -> statusDetail.set(LocalizedError.text(messages, "live.error.autosave",
                        "autosave is off: " + e.getMessage(), List.of(String.valueOf(e.getMessage())))));
            }
            result = s.run();
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            if (autosave != null) {
                autosave.close(); // the session ended: nothing to recover, and no write may follow
            }
            LiveResult r = result;
            Exception f = result == null && failure == null ? new IllegalStateException("the session stopped") : failure;
            tasks.ui(() -> finished(r, f)); // also after an Error, so that Start works again
            worker = null;
        }
    }

    /** Stops a running session and waits a little for it to end (the application is quitting). */
    public void shutdown() {
        Thread t = worker;
        stop();
        if (t != null) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void finished(LiveResult r, Exception e) {
        waiting.set(false);
        next.set("");
        waitedSeconds.set(0);
        if (r != null) {
            show(Redaction.redact(r.session()));
            result.set(r);
            boolean relayed = !r.session().journeys().isEmpty() && r.session().journeys().get(0).route() == Route.RELAY;
            // a smart host's 250 means it took responsibility, not that the mail reached the mailboxes
            status.set("live.status.exit" + r.exitCode() + (r.exitCode() == 0 && relayed ? ".relay" : ""));
            running.set(false);
        } else {
            running.set(false);
            status.set("live.status.failed");
            statusDetail.set(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void show(SimulationResult r) {
        session.resultProperty().set(r);
        session.last();
    }

    /** Lets the next step go on the wire. */
    public void step() {
        Gate g = gate;
        if (g != null) {
            g.permits.release();
        }
    }

    /** Sends everything that is left without waiting. */
    public void runRest() {
        Gate g = gate;
        if (g != null) {
            g.free = true;
            g.permits.release();
        }
    }

    /** Stops the session: closes the connection; what was recorded stays. */
    public void stop() {
        LiveSender s = sender;
        if (s != null) {
            s.cancel();
        }
        Gate g = gate;
        if (g != null) {
            g.cancelled = true;
            g.permits.release();
        }
    }

    /**
     * Updates the warning while a step waits for the user: a server gives up after 5 minutes of silence
     * (RFC 5321 §4.5.3.2.7). Called by the view every second.
     */
    public void tick() {
        long waited = (System.nanoTime() - waitingSinceNanos) / 1_000_000_000L;
        waitedSeconds.set(waiting.get() && waited >= WARN_AFTER.toSeconds() ? (int) waited : 0);
    }

    /** Says the problems of the settings in the language of {@code ui} (null: in English). */
    public void useMessages(java.util.ResourceBundle ui) {
        this.messages = ui;
    }

    private LiveSender.Options options() {
        // addresses only: a name would be looked up here, on the UI thread
        InetSocketAddress dnsAddress = dns.get().isBlank() ? null
                : LocalizedError.checked("live.error.dns", dns.get(),
                        () -> HostNames.address("DNS server", dns.get(), 53, 1));
        String smart = null;
        int smartPort = 587;
        if (!smartHost.get().isBlank()) {
            HostNames.HostPort hp = LocalizedError.checked("live.error.smarthost", smartHost.get(),
                    () -> HostNames.split("smart host", smartHost.get(), 587, 1));
            smart = hp.host();
            smartPort = hp.port();
        }
        int port = LocalizedError.checked("live.error.port", mxPort.get(),
                () -> HostNames.port("MX port", mxPort.get(), 1));
        SmtpTimeouts timeouts = SmtpTimeouts.RFC_5321;
        if (!timeout.get().isBlank()) {
            try {
                int s = Integer.parseInt(timeout.get().trim());
                if (s < 1 || s > 3600) {
                    throw new NumberFormatException();
                }
                timeouts = SmtpTimeouts.all(Duration.ofSeconds(s));
            } catch (NumberFormatException e) {
                throw new LocalizedError("live.error.timeout", "timeout: give 1 to 3600 seconds, not '"
                        + timeout.get() + "'", timeout.get());
            }
        }
        List<Path> trust = new ArrayList<>();
        if (!trustCert.get().isBlank()) {
            Path p = Path.of(trustCert.get().trim());
            if (!java.nio.file.Files.isReadable(p)) {
                throw new LocalizedError("live.error.trust", "trusted certificate: no such readable file: " + p,
                        p.toString());
            }
            trust.add(p);
        }
        return new LiveSender.Options(compose.toCompose(), dnsAddress, smart, smartPort, port, null, tls.get(), timeouts,
                trust, credentials(), false);
    }

    private org.mailtrail.smtp.Credentials credentials() {
        String user = authUser.get() == null ? "" : authUser.get().trim();
        if (user.isEmpty()) {
            return null;
        }
        if (tls.get() == TlsMode.OFF) {
            throw new LocalizedError("live.error.user.tls",
                    "user: credentials are only sent over TLS; choose STARTTLS auto or require");
        }
        try {
            return new org.mailtrail.smtp.Credentials(user, authPassword.get() == null ? "" : authPassword.get());
        } catch (IllegalArgumentException e) {
            throw new LocalizedError("live.error.user", "user: " + e.getMessage(), user, "user: " + e.getMessage());
        }
    }




    /** The user's gate: Step lets one step through, Run all the rest, Stop ends the wait. */
    private final class Gate implements StepGate {
        private final Semaphore permits = new Semaphore(0);
        private volatile boolean free;
        private volatile boolean cancelled;

        Gate(boolean free) {
            this.free = free;
        }

        @Override
        public void await(String what) throws InterruptedException {
            if (cancelled) {
                throw new InterruptedException("stopped");
            }
            if (free) {
                return;
            }
            waitingSinceNanos = System.nanoTime();
            tasks.ui(() -> {
                next.set(what); // first: whoever sees "waiting" finds what it waits for (a test read between them)
                waiting.set(true);
            });
            permits.acquire();
            tasks.ui(() -> {
                waiting.set(false);
                next.set("");
                waitedSeconds.set(0);
            });
            if (cancelled) {
                throw new InterruptedException("stopped");
            }
        }
    }
}
