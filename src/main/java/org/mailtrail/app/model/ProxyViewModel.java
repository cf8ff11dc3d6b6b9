package org.mailtrail.app.model;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.live.HostNames;
import org.mailtrail.live.ProxyConfig;
import org.mailtrail.live.ProxyTls;
import org.mailtrail.live.ReceivedSession;
import org.mailtrail.live.SmtpProxy;

/**
 * The Proxy tab: {@code mailtrail proxy} inside the app (docs/inspect.md), shaped like the
 * {@link ServerViewModel}. A real client is pointed at the listen address; every session is forwarded to the
 * upstream and appears in the list as it starts and ends; each opens as a timeline in the main views. Starting
 * (resolving the upstream, loading the lab certificate, binding) and stopping run through the {@link TaskRunner}; this
 * model owns no threads.
 */
public final class ProxyViewModel {
    /** The default listen address: loopback, next to the Server tab's 2525. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:2526";

    private final TaskRunner tasks;
    private final SessionViewModel session;
    private final StringProperty listen = new SimpleStringProperty(DEFAULT_LISTEN);
    private final StringProperty upstream = new SimpleStringProperty("127.0.0.1:2525");
    private final StringProperty storeDir = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final ObservableList<ReceivedSession> sessions = FXCollections.observableArrayList();
    private ResourceBundle messages;
    private volatile SmtpProxy proxy;

    public ProxyViewModel(TaskRunner tasks, SessionViewModel session) {
        this.tasks = tasks;
        this.session = session;
    }

    /** HOST:PORT clients connect to; loopback unless the user says otherwise. */
    public StringProperty listenProperty() {
        return listen;
    }

    /** HOST:PORT of the one server every session is forwarded to. */
    public StringProperty upstreamProperty() {
        return upstream;
    }

    /** The folder for the transcripts; empty: keep nothing on disk. */
    public StringProperty storeDirProperty() {
        return storeDir;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** True while the proxy starts or stops. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What went wrong, or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Where the running proxy listens, as HOST:PORT, or empty. */
    public StringProperty addressProperty() {
        return address;
    }

    /** The sessions so far, newest last; a running session is replaced by its final snapshot when it ends. */
    public ObservableList<ReceivedSession> sessions() {
        return sessions;
    }

    /** Says the problems of the settings in the language of {@code ui} (the proxy bundle; null: English). */
    public void useMessages(ResourceBundle ui) {
        this.messages = ui;
    }

    /** Checks the settings and starts the proxy in the background; false (with the error set) if they are wrong. */
    public boolean start() {
        if (running.get() || busy.get()) {
            return false;
        }
        InetSocketAddress listenAt;
        HostNames.HostPort up;
        try {
            listenAt = listenAddress();
            up = upstreamParts();
        } catch (IllegalArgumentException e) {
            error.set(LocalizedError.of(e, messages));
            return false;
        }
        String dir = storeDir.get() == null ? "" : storeDir.get().trim();
        error.set("");
        busy.set(true);
        tasks.run(() -> {
            InetSocketAddress target;
            try { // a name is looked up here, away from the UI thread
                target = new InetSocketAddress(InetAddress.getByName(up.host()), up.port());
            } catch (UnknownHostException e) {
                throw new LocalizedError("proxy.error.upstream.unknown", "upstream: unknown host '" + up.host() + "'",
                        up.host());
            }
            ProxyConfig c = ProxyConfig.of(listenAt, target, up.host()).withClientTls(ProxyTls.lab());
            if (!dir.isEmpty()) {
                c = c.withStoreDir(Path.of(dir));
            }
            try {
                return SmtpProxy.start(c, s -> tasks.ui(() -> upsert(s)), s -> tasks.ui(() -> upsert(s)));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, p -> {
            proxy = p;
            address.set(p.address().getAddress().getHostAddress() + ":" + p.address().getPort()); // before running
            busy.set(false);
            running.set(true);
        }, e -> {
            busy.set(false);
            error.set(LocalizedError.of(e, messages));
        });
        return true;
    }

    /** Stops accepting and closes open sessions (each recorded), in the background; the list stays. */
    public void stop() {
        SmtpProxy p = proxy;
        if (p == null) {
            return;
        }
        proxy = null;
        busy.set(true);
        tasks.run(() -> {
            p.close();
            return p;
        }, x -> {
            busy.set(false);
            running.set(false);
            address.set("");
        }, e -> {
            busy.set(false);
            running.set(false);
            error.set(LocalizedError.of(e, messages));
        });
    }

    /** Closes the proxy now, on the calling thread (the application is quitting). */
    public void shutdown() {
        SmtpProxy p = proxy;
        proxy = null;
        if (p != null) {
            p.close();
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
        if (sessions.size() > ServerViewModel.MAX_ROWS) {
            sessions.remove(0, sessions.size() - ServerViewModel.MAX_ROWS);
        }
    }

    private InetSocketAddress listenAddress() {
        String v = listen.get() == null ? "" : listen.get().trim();
        if (v.isEmpty() || HostNames.split("listen", v, -1, 0).port() < 0) {
            throw new LocalizedError("proxy.error.listen", "listen: expected HOST:PORT, e.g. 127.0.0.1:2526, not '"
                    + v + "'", v);
        }
        try {
            return HostNames.address("listen", v, -1, 0); // an address: no DNS lookup on the UI thread
        } catch (IllegalArgumentException e) {
            throw new LocalizedError("proxy.error.listen.address", e.getMessage(), v, e.getMessage());
        }
    }

    private HostNames.HostPort upstreamParts() {
        String v = upstream.get() == null ? "" : upstream.get().trim();
        HostNames.HostPort hp;
        try {
            hp = v.isEmpty() ? null : HostNames.split("upstream", v, -1, 1);
        } catch (IllegalArgumentException e) {
            hp = null;
        }
        if (hp == null || hp.port() < 1) {
            throw new LocalizedError("proxy.error.upstream", "upstream: expected HOST:PORT of the server to forward "
                    + "to, e.g. 127.0.0.1:2525, not '" + v + "'", v);
        }
        return hp;
    }
}
