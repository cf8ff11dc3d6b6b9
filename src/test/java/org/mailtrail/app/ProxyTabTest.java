package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.live.ReceivedSession;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Proxy tab, driven headless (Monocle) by its ids: start the proxy in front of GreenMail, send a message through
 * it from a real socket, see the session arrive, open it as a timeline, stop; and a picture of the tab
 * ({@code proxy-tab.png}, into docs/screenshots with {@code -Dmailtrail.screenshots=docs/screenshots}).
 */
@ExtendWith(ApplicationExtension.class)
class ProxyTabTest {
    private MailTrailApp app;
    private Stage stage;
    private GreenMail green;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @AfterEach
    void stop() {
        vm().proxy().shutdown();
        if (green != null) {
            green.stop();
        }
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private static String readReply(InputStream in) throws Exception {
        StringBuilder all = new StringBuilder();
        for (;;) {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new AssertionError("closed after " + all);
                }
                b.append((char) c);
            }
            all.append(b).append('\n');
            if (b.length() < 4 || b.charAt(3) == ' ') {
                return all.toString();
            }
        }
    }

    @Test
    void startSendOpenAndStopByIds(FxRobot robot) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        green = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        green.start();
        BottomTab.select(robot, "proxyTab");
        for (String id : new String[] {"#proxyListenField", "#proxyUpstreamField", "#proxyStoreField",
                "#proxyStartButton", "#proxyStopButton", "#proxyOpenButton", "#proxySessionList"}) {
            Node n = robot.lookup(id).query();
            assertThat(n).as(id).isNotNull();
            assertThat(n.getAccessibleText()).as(id + " accessible text").isNotBlank();
        }
        robot.clickOn("#proxyListenField").eraseText(20).write("127.0.0.1:0");
        robot.clickOn("#proxyUpstreamField").eraseText(20).write("127.0.0.1:" + port);
        robot.clickOn("#proxyStartButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().proxy().runningProperty().get()
                && !vm().proxy().addressProperty().get().isEmpty());
        String[] hp = vm().proxy().addressProperty().get().split(":");
        try (Socket c = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            readReply(in);
            for (String cmd : new String[] {"EHLO client.example.test", "MAIL FROM:<bob@example.net>",
                    "RCPT TO:<alice@example.test>", "DATA"}) {
                out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                readReply(in);
            }
            out.write("Subject: through the Proxy tab\r\n\r\nHello\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            readReply(in);
            readReply(in);
        }
        @SuppressWarnings("unchecked")
        TableView<ReceivedSession> table = robot.lookup("#proxySessionList").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1
                && table.getItems().get(0).finished());
        assertThat(green.getReceivedMessages()).hasSize(1);
        assertThat(table.getItems().get(0).heloName()).isEqualTo("client.example.test");
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#proxyOpenButton");
        WaitForAsyncUtils.waitForFxEvents();
        shoot(robot, "proxy-tab"); // the tab with its session, and the session open in the main views
        assertThat(vm().session().resultProperty().get().info().source()).startsWith("mailtrail proxy on");
        assertThat(robot.lookup("#proxyTab").tryQuery()).isPresent(); // the tab header, found by its id
        robot.clickOn("#proxyStopButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm().proxy().runningProperty().get());
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < b.getHeight(); y += 4) {
            for (int x = 0; x < b.getWidth(); x += 4) {
                colours.add(b.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as(name + " is not blank").isGreaterThan(20);
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(b, "png", Path.of(dir, name + ".png").toFile());
            }
        }
    }
}
