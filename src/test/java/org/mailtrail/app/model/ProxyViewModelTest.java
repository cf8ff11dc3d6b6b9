package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.app.view.ProxyPane;
import org.mailtrail.live.ReceivedSession;
import org.mailtrail.live.ReceiverConfig;
import org.mailtrail.live.SmtpReceiver;

/** The Proxy tab's view model, with an inline task runner (no threads of its own) and a real upstream on loopback. */
@Timeout(60)
class ProxyViewModelTest {
    @TempDir
    Path store;
    private final SessionViewModel session = new SessionViewModel();
    /** UI hand-overs are queued here and run by the test, as the FX thread would run them. */
    private final BlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();
    private final TaskRunner tasks = new TaskRunner() {
        @Override
        public <T> void run(java.util.function.Supplier<T> work, java.util.function.Consumer<T> ok,
                            java.util.function.Consumer<Throwable> failed) {
            TaskRunner.inline().run(work, ok, failed);
        }

        @Override
        public void ui(Runnable action) {
            uiQueue.add(action);
        }
    };
    private final ProxyViewModel proxy = new ProxyViewModel(tasks, session);
    private SmtpReceiver upstream;

    @AfterEach
    void stop() {
        proxy.shutdown();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void badSettingsAreRefusedWithAMessageInTheWindowsLanguage() {
        proxy.useMessages(ProxyPane.bundle(Locale.GERMAN));
        proxy.listenProperty().set("nonsense");
        assertThat(proxy.start()).isFalse();
        assertThat(proxy.errorProperty().get()).startsWith("Lauschen: erwartet wird HOST:PORT").contains("nonsense");
        proxy.listenProperty().set("127.0.0.1:0");
        proxy.upstreamProperty().set("127.0.0.1");
        assertThat(proxy.start()).isFalse();
        assertThat(proxy.errorProperty().get()).startsWith("Upstream: erwartet wird HOST:PORT");
        assertThat(proxy.runningProperty().get()).isFalse();
        assertThat(proxy.busyProperty().get()).isFalse();
    }

    @Test
    void everyBundleHasTheEnglishKeys() {
        ResourceBundle en = ProxyPane.bundle(Locale.ENGLISH);
        for (Locale l : new Locale[] {Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es")}) {
            ResourceBundle b = ProxyPane.bundle(l);
            assertThat(b.getLocale().getLanguage()).isEqualTo(l.getLanguage());
            for (String k : en.keySet()) {
                assertThat(b.getString(k)).as(l + " " + k).isNotBlank();
            }
            assertThat(b.getString("proxy.start")).as(l.toString()).isNotEqualTo(en.getString("proxy.start"));
        }
    }

    @Test
    void sessionsArriveAsTheyStartAndEndAndOpenAsTimelines() throws Exception {
        upstream = SmtpReceiver.start(ReceiverConfig.defaults("example.test")
                .withListen(new InetSocketAddress("127.0.0.1", 0)));
        proxy.listenProperty().set("127.0.0.1:0");
        proxy.upstreamProperty().set("127.0.0.1:" + upstream.address().getPort());
        proxy.storeDirProperty().set(store.toString());
        assertThat(proxy.start()).isTrue();
        assertThat(proxy.runningProperty().get()).isTrue();
        String[] hp = proxy.addressProperty().get().split(":");
        try (Socket c = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            assertThat(line(in)).startsWith("220 mailtrail.test");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(line(in)).startsWith("221");
        }
        // the start and the end of the session, handed to the UI thread in that order
        for (int i = 0; i < 2; i++) {
            Runnable r = uiQueue.poll(20, TimeUnit.SECONDS);
            assertThat(r).as("hand-over " + i).isNotNull();
            r.run();
            assertThat(proxy.sessions()).hasSize(1);
        }
        ReceivedSession s = proxy.sessions().get(0);
        assertThat(s.finished()).isTrue();
        assertThat(Files.exists(s.jsonFile().orElseThrow())).isTrue();
        proxy.open(s);
        assertThat(session.resultProperty().get()).isSameAs(s.result());
        proxy.stop();
        assertThat(proxy.runningProperty().get()).isFalse();
        assertThat(proxy.addressProperty().get()).isEmpty();
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().strip();
    }
}
