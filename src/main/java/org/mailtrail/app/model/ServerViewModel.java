package org.mailtrail.app.model;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.live.HostNames;
import org.mailtrail.live.ReceivedSession;
import org.mailtrail.live.ReceiverConfig;
import org.mailtrail.live.SmtpReceiver;

/**
 * The Server tab: Mail Trail's receiving SMTP server (the {@code serve} command) inside the app. Sessions appear in
 * a list as they arrive and finish; each opens as a timeline in the main views. Binding and closing run in the
 * background; the list is updated on the UI thread.
 */
public final class ServerViewModel {
    /** The most sessions the list keeps (the oldest go first); the store on disk keeps them all. */
    public static final int MAX_ROWS = 1_000;

    private final TaskRunner tasks;
    private final SessionViewModel session;
    private final StringProperty listen = new SimpleStringProperty("127.0.0.1:" + ReceiverConfig.DEFAULT_PORT);
    private final StringProperty domains = new SimpleStringProperty("example.test");
    private final StringProperty storeDir = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private java.util.ResourceBundle messages;
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final ObservableList<ReceivedSession> sessions = FXCollections.observableArrayList();
    private volatile SmtpReceiver receiver;

    public ServerViewModel(TaskRunner tasks, SessionViewModel session) {
        this.tasks = tasks;
        this.session = session;
    }

    /** HOST:PORT to listen on; loopback unless the user says otherwise. */
    public StringProperty listenProperty() {
        return listen;
    }

    /** The domains to accept mail for, separated by commas or spaces. */
    public StringProperty domainsProperty() {
        return domains;
    }

    /** The folder for the Maildir and the transcripts; empty: keep nothing on disk. */
    public StringProperty storeDirProperty() {
        return storeDir;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** True while the server starts or stops. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What went wrong, or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Where the running server listens, as HOST:PORT, or empty. */
    public StringProperty addressProperty() {
        return address;
    }

    /** The sessions so far, newest last; a running session is replaced by its final snapshot when it ends. */
    public ObservableList<ReceivedSession> sessions() {
        return sessions;
    }

    /** Checks the settings and starts the server in the background; false (with the error set) if they are wrong. */
    public boolean start() {
        if (running.get() || busy.get()) {
            return false;
        }
        ReceiverConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            error.set(LocalizedError.of(e, messages));
            return false;
        }
        error.set("");
        busy.set(true);
        tasks.run(() -> {
            try {
                return SmtpReceiver.start(config, s -> tasks.ui(() -> upsert(s)), s -> tasks.ui(() -> upsert(s)));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, r -> {
            receiver = r;
            busy.set(false);
            running.set(true);
            address.set(r.address().getAddress().getHostAddress() + ":" + r.address().getPort());
        }, e -> {
            busy.set(false);
            error.set(e.getMessage() == null ? e.toString() : e.getMessage());
        });
        return true;
    }

    /** Stops accepting and closes open sessions, in the background; the list stays. */
    public void stop() {
        SmtpReceiver r = receiver;
        if (r == null) {
            return;
        }
        receiver = null;
        busy.set(true);
        tasks.run(() -> {
            r.close();
            return r;
        }, x -> {
            busy.set(false);
            running.set(false);
            address.set("");
        }, e -> {
            busy.set(false);
            running.set(false);
            error.set(e.getMessage() == null ? e.toString() : e.getMessage());
        });
    }

    /** Closes the server now, on the calling thread (the application is quitting). */
    public void shutdown() {
        SmtpReceiver r = receiver;
        receiver = null;
        if (r != null) {
            r.close();
        }
    }

    /** Shows a session in the main views. */
    public void open(ReceivedSession s) {
        if (s != null) {
            session.resultProperty().set(s.result());
        }
    }

    private void upsert(ReceivedSession s) {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            if (sessions.get(i).id().equals(s.id())) {
                sessions.set(i, s);
                return;
            }
        }
        sessions.add(s);
        if (sessions.size() > MAX_ROWS) {
            sessions.remove(0, sessions.size() - MAX_ROWS);
        }
    }

    /** Says the problems of the settings in the language of {@code ui} (null: in English). */
    public void useMessages(java.util.ResourceBundle ui) {
        this.messages = ui;
    }

    private ReceiverConfig config() {
        List<String> ds = new ArrayList<>();
        for (String d : domains.get() == null ? new String[0] : domains.get().split("[,;\\s]+")) {
            if (!d.isBlank()) {
                ds.add(d.trim());
            }
        }
        if (ds.isEmpty()) {
            throw new LocalizedError("server.error.domains", "domains: give at least one domain to accept mail for");
        }
        ReceiverConfig c = ReceiverConfig.defaults(ds).withListen(listenAddress());
        String dir = storeDir.get() == null ? "" : storeDir.get().trim();
        return dir.isEmpty() ? c : c.withStoreDir(Path.of(dir));
    }

    private InetSocketAddress listenAddress() {
        String v = listen.get() == null ? "" : listen.get().trim();
        if (v.isEmpty() || HostNames.split("listen", v, -1, 0).port() < 0) {
            throw new LocalizedError("server.error.listen", "listen: expected HOST:PORT, e.g. 127.0.0.1:2525, not '"
                    + v + "'", v);
        }
        try {
            return HostNames.address("listen", v, -1, 0); // an address: no DNS lookup on the UI thread
        } catch (IllegalArgumentException e) {
            throw new LocalizedError("server.error.listen.address", e.getMessage(), v, e.getMessage());
        }
    }
}
