package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.smtp.ClientConfig;
import org.mailtrail.smtp.Envelope;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.RecipientStatus;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.ServerPolicy;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.smtp.Transaction;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * One SMTP session pumped by {@link SimNetwork#smtp(SimNetwork.Conn, SmtpClient, SmtpServer)} between
 * mail.example.org and mx1.example.net (20 ms) with a server policy of the test's own: a pipelining client whose
 * commands of one turn travel as one segment, and a server that cuts the line after the final dot.
 */
class SimNetworkSessionEdgesTest {
    private static final long LAT = 20_000;
    private static final byte[] MESSAGE = "Subject: lunch\r\n\r\nFriday?\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Timeline timeline = new Timeline();
    private World world;
    private SimNetwork net;
    private SimNetwork.Conn conn;

    @BeforeEach
    void open() throws Exception {
        world = new WorldLoader().load("direct");
        net = new SimNetwork(world, timeline, new Random(3), MailStore.inMemory(world.users()));
        conn = net.connect(world.host("mail.example.org").orElseThrow(), "198.51.100.10", 25, "SMTP");
    }

    private static SmtpServer server(ServerPolicy policy) {
        return new SmtpServer(new ServerConfig("mx1.example.net", "mx1.example.net ESMTP", 10_000_000, 100, true,
                false, true, true), policy);
    }

    private static SmtpClient client(boolean pipelining, String... rcpts) {
        return new SmtpClient(new ClientConfig("mail.example.org", TlsMode.AUTO, false, null, pipelining),
                new Envelope("alice@example.org", List.of(rcpts)), MESSAGE);
    }

    private List<String> commands() {
        return timeline.events().stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND)
                .map(TimelineEvent::summary).collect(Collectors.toList());
    }

    @Test
    void pipelinedCommandsOfOneTurnArriveWholeAtTheServer() {
        Outcome o = net.smtp(conn, client(true, "bob@example.net", "carol@example.net"), server(new ServerPolicy() {
        }));
        assertThat(o.allAccepted()).isTrue();
        assertThat(o.recipients()).containsOnlyKeys("bob@example.net", "carol@example.net");
        assertThat(o.recipients().values()).extracting(RecipientStatus::result)
                .containsOnly(org.mailtrail.smtp.Result.ACCEPTED);
        assertThat(commands()).containsSubsequence("C: MAIL FROM:<alice@example.org> SIZE=" + MESSAGE.length, "C: RCPT TO:<bob@example.net>",
                "C: RCPT TO:<carol@example.net>", "C: DATA");
        assertThat(timeline.events()).filteredOn(e -> e.kind() == EventKind.TLS_NEGOTIATED).hasSize(1);
        // MAIL, both RCPT and DATA leave in the same turn: the same moment, one latency to the server
        List<TimelineEvent> group = timeline.events().stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND
                && (e.summary().startsWith("C: MAIL") || e.summary().startsWith("C: RCPT")
                || e.summary().equals("C: DATA"))).collect(Collectors.toList());
        assertThat(group).extracting(TimelineEvent::timeMicros).containsOnly(group.get(0).timeMicros());
        assertThat(group).allSatisfy(e -> assertThat(e.endMicros() - e.timeMicros()).isEqualTo(LAT));
        // and their four replies come back together, each recorded as having taken one latency
        List<TimelineEvent> replies = timeline.events().stream().filter(e -> e.kind() == EventKind.SMTP_REPLY
                && e.timeMicros() == group.get(0).endMicros()).collect(Collectors.toList());
        assertThat(replies).extracting(TimelineEvent::replyCode).containsExactly(250, 250, 250, 354);
        assertThat(replies).allSatisfy(e -> assertThat(e.endMicros()).isEqualTo(group.get(0).endMicros() + LAT));
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() {
        Outcome o = net.smtp(conn, client(false, "bob@example.net"), server(new ServerPolicy() {
        }));
        assertThat(o.allAccepted()).isTrue();
        List<TimelineEvent> cmds = timeline.events().stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND)
                .collect(Collectors.toList());
        for (int i = 1; i < cmds.size(); i++) {
            // one round trip (or two, around the TLS handshake) between commands
            assertThat(cmds.get(i).timeMicros() - cmds.get(i - 1).timeMicros()).isGreaterThanOrEqualTo(2 * LAT);
        }
    }

    @Test
    void aServerThatCutsTheLineAfterTheDotIsSeenOneLatencyAfterTheDotArrived() {
        Outcome o = net.smtp(conn, client(false, "bob@example.net"), server(new ServerPolicy() {
            @Override
            public boolean dropAfterData(Transaction t) {
                return true;
            }
        }));
        assertThat(o.anyTransient()).isTrue();
        assertThat(o.allAccepted()).isFalse();
        List<TimelineEvent> ev = timeline.events();
        int cut = -1;
        for (int i = 0; i < ev.size(); i++) {
            if ("smtp.closed-after-data".equals(ev.get(i).explanationKey())) {
                cut = i;
            }
        }
        assertThat(cut).isPositive();
        TimelineEvent content = ev.get(cut - 1);
        assertThat(content.explanationKey()).isEqualTo("smtp.cmd.data-content");
        // the content reaches the server at its end; the FIN takes one more latency back to the client
        assertThat(ev.get(cut).timeMicros()).isEqualTo(content.endMicros() + LAT);
    }

    @Test
    void theJournalOfTheNetworkIsItsTimeline() {
        TimelineEvent e = net.add(5, 9, EventKind.QUEUED, "mx1.example.net", "mx1.example.net", "queued",
                List.of("line"), "queue.queued", "RFC 5321 §4.5.4.1", java.util.Map.of());
        assertThat(e).isNotNull();
        assertThat(timeline.events()).last().isEqualTo(e);
        assertThat(e.timeMicros()).isEqualTo(5);
        assertThat(e.endMicros()).isEqualTo(9);
    }
    @Test
    void aReplyTheClientDidNotExpectIsAProtocolErrorAndEndsTheAttempt() {
        Outcome o = net.smtp(conn, client(false, "bob@example.net"), server(new ServerPolicy() {
            @Override
            public org.mailtrail.smtp.Reply onMail(String reversePath, java.util.Map<String, String> params) {
                return org.mailtrail.smtp.Reply.of(354, "go ahead");
            }
        }));
        assertThat(o.anyTransient()).isTrue();
        TimelineEvent err = timeline.events().stream().filter(e -> e.kind() == EventKind.PROTOCOL_ERROR)
                .findFirst().orElseThrow();
        assertThat(err.explanationKey()).isEqualTo("smtp.protocol-error");
        assertThat(err.summary()).startsWith("Protocol error: unexpected reply 354");
        assertThat(err.lines()).hasSize(1);
        assertThat(err.lines().get(0)).startsWith("unexpected reply 354");
        // the error is seen when the 354 arrives, and nothing is sent after it
        TimelineEvent reply354 = timeline.events().stream().filter(e -> e.kind() == EventKind.SMTP_REPLY
                && e.replyCode() == 354).findFirst().orElseThrow();
        assertThat(err.timeMicros()).isEqualTo(reply354.endMicros());
        assertThat(commands()).last().asString().startsWith("C: MAIL FROM:");
    }

    @Test
    void aServerThatSaysGoodbyeAtOnceEndsTheSessionWithoutAnything() {
        Outcome o = net.smtp(conn, client(false, "bob@example.net"), server(new ServerPolicy() {
            @Override
            public org.mailtrail.smtp.Reply onConnect() {
                return org.mailtrail.smtp.Reply.of(421, "4.3.2 Service not available, closing");
            }
        }));
        assertThat(o.anyTransient()).isTrue();
        assertThat(o.allAccepted()).isFalse();
        assertThat(commands()).doesNotContain("C: EHLO mail.example.org");
    }
}
