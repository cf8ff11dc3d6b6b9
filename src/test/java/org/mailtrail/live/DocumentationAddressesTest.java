package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Addresses reserved for documentation are never connected to: an MX or smart host there is explained and skipped.
 * The connector here records every connection and refuses any that would leave loopback, so a broken rule fails the
 * test instead of sending a packet.
 */
class DocumentationAddressesTest {
    private LoopbackLab lab;
    private final List<InetSocketAddress> connected = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
    }

    private LiveResult send(LiveSender.Options o) throws Exception {
        return new LiveSender(o, new LiveRecorder(), null).withConnector((link, to, timeout) -> {
            connected.add(to);
            if (!to.getAddress().isLoopbackAddress()) {
                throw new AssertionError("tried to connect to " + to);
            }
            link.connect(to, timeout);
        }).run();
    }

    private static List<String> lines(LiveResult r, EventKind kind) {
        return r.session().journeys().get(0).timeline().events().stream().filter(e -> e.kind() == kind)
                .flatMap(e -> e.lines().stream()).collect(Collectors.toList());
    }

    @Test
    void theRangesOfRfc5737AndRfc3849AreRecognised() {
        assertThat(DocumentationAddresses.contains("192.0.2.25")).isTrue();
        assertThat(DocumentationAddresses.contains("198.51.100.10")).isTrue();
        assertThat(DocumentationAddresses.contains("203.0.113.255")).isTrue();
        assertThat(DocumentationAddresses.contains("2001:db8:100::10")).isTrue();
        assertThat(DocumentationAddresses.contains("[IPv6:2001:db8::1]")).isTrue();
        assertThat(DocumentationAddresses.contains("[192.0.2.1]")).isTrue();
        assertThat(DocumentationAddresses.contains("192.0.3.1")).isFalse();
        assertThat(DocumentationAddresses.contains("198.51.101.1")).isFalse();
        assertThat(DocumentationAddresses.contains("203.0.112.1")).isFalse();
        assertThat(DocumentationAddresses.contains("2001:db9::1")).isFalse();
        assertThat(DocumentationAddresses.contains("127.0.0.1")).isFalse();
        assertThat(DocumentationAddresses.contains("mx1.example.net")).isFalse();
    }

    @Test
    void aDocumentationMxIsSkippedAndTheNextOneTakesTheMessage() throws Exception {
        GreenMail mx2 = lab.greenMail("127.0.0.3");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@docs.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(mx2.getReceivedMessages()).hasSize(1);
        assertThat(connected).extracting(a -> a.getAddress().getHostAddress()).containsExactly("127.0.0.3");
        assertThat(lines(r, EventKind.MX_DECISION))
                .anyMatch(l -> l.startsWith("docmx.example.test [192.0.2.25]: an address reserved for documentation"))
                .anyMatch(l -> l.startsWith("docmx.example.test [2001:db8::25]: an address reserved for documentation"));
        assertThat(r.session().journeys().get(0).timeline().events()).noneMatch(e -> e.kind() == EventKind.TCP_SYN
                && e.destination().equals("docmx.example.test"));
    }

    @Test
    void whenEveryMxIsADocumentationAddressNothingIsSent() throws Exception {
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@docsonly.example.test"));
        assertThat(connected).isEmpty();
        RecipientOutcome o = r.session().journeys().get(0).outcomes().get("bob@docsonly.example.test");
        assertThat(o.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(o.detail()).contains("reserved for documentation", "nothing was sent");
        assertThat(r.session().journeys().get(0).timeline().events()).extracting(TimelineEvent::kind)
                .doesNotContain(EventKind.TCP_SYN, EventKind.TCP_FAILED);
    }

    @Test
    void aSmartHostAtADocumentationAddressIsNeverConnectedTo() throws Exception {
        LiveResult r = send(lab.viaSmartHost("192.0.2.1", 25, TlsMode.OFF, List.of(), null, false,
                "bob@example.test"));
        assertThat(connected).isEmpty();
        RecipientOutcome o = r.session().journeys().get(0).outcomes().get("bob@example.test");
        assertThat(o.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(o.detail()).contains("reserved for documentation");
        assertThat(lines(r, EventKind.MX_DECISION)).anyMatch(l -> l.contains("192.0.2.1") && l.contains("skipped"));
    }
}
