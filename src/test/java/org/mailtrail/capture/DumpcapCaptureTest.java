package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.SimulationResult;

/**
 * A capture made in the test itself: dumpcap on the loopback interface while swaks sends to GreenMail (a real
 * third-party SMTP server) on 127.0.0.1. The capture reads back to the dialogue swaks printed. Skipped where dumpcap or
 * swaks is missing or may not capture (not root, no capture rights), as on CI; the checked-in fixtures always run.
 */
class DumpcapCaptureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"pcapng", "pcap"})
    void aLiveCaptureReadsBackToWhatSwaksSaw(String format) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dumpcap")), "dumpcap is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "swaks is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GreenMail mx = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mx.start();
        Path file = dir.resolve("live." + format);
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/dumpcap", "-i", "lo", "-f",
                "tcp port " + port, "-a", "duration:30", "-w", file.toString()));
        if (format.equals("pcap")) {
            cmd.add("-P");
        }
        Process dumpcap = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            CountDownLatch capturing = new CountDownLatch(1);
            StringBuilder said = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(dumpcap.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        said.append(line).append('\n');
                        if (line.startsWith("Capturing on")) {
                            capturing.countDown();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
            boolean started = capturing.await(10, TimeUnit.SECONDS) && dumpcap.isAlive();
            Assumptions.assumeTrue(started, "dumpcap cannot capture on lo here: " + said);
            Process swaks = new ProcessBuilder("/usr/bin/swaks", "--server", "127.0.0.1", "--port",
                    Integer.toString(port), "--from", "alice@example.org", "--to", "bob@example.test", "--helo",
                    "client.example.org", "--pipeline").redirectErrorStream(true).start();
            String transcript = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(swaks.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // dumpcap writes what it has and stops on SIGTERM; wait until the capture holds the QUIT's reply
            SimulationResult captured = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                if (Files.size(file) > 0) {
                    try {
                        captured = Fixtures.capture(Files.readAllBytes(file), file.toString());
                    } catch (CaptureFormatException notYet) {
                        captured = null; // headers written, no packet yet: refused until the first one is there
                    }
                    if (captured != null && (Fixtures.dialogue(captured).contains("S: 221 2.0.0 Bye")
                            || Fixtures.dialogue(captured).stream().anyMatch(l -> l.startsWith("S: 221")))) {
                        break;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the file, bounded by the deadline above
            }
            dumpcap.destroy();
            assertThat(dumpcap.waitFor(10, TimeUnit.SECONDS)).isTrue();
            captured = Fixtures.capture(Files.readAllBytes(file), file.toString());
            SimulationResult seen = TranscriptImport.read(new StringReader(transcript), "swaks.txt");
            assertThat(Fixtures.dialogue(captured)).isNotEmpty().isEqualTo(Fixtures.dialogue(seen));
            assertThat(mx.getReceivedMessages()).hasSize(1);
        } finally {
            dumpcap.destroy();
            mx.stop();
        }
    }
}
