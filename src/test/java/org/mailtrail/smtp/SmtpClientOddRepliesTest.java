package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replies no built-in scenario sends (issue 16, second round): an intermediate reply to MAIL, RCPT or the end of the
 * data, a refusal of MAIL or DATA, a SIZE limit of 0 or exactly the message size, and the pipelined DATA after which
 * nothing (or everything) can be sent. Each is driven reply by reply against the sans-IO client.
 */
class SmtpClientOddRepliesTest {

    private static final String GREETING = "220 mx.example.net ESMTP\r\n";
    private static final String EHLO_PLAIN = "250 mx.example.net\r\n";
    private static final String EHLO_PIPELINING = "250-mx.example.net\r\n250 PIPELINING\r\n";

    private final List<ClientEvent> events = new ArrayList<>();

    private static SmtpClient client(boolean pipelining) {
        return new SmtpClient(new ClientConfig("client.example.org", TlsMode.OFF, false, null, pipelining),
                new Envelope("alice@example.org", List.of("bob@example.net")), SmtpClientTest.MESSAGE);
    }

    private SmtpClient opened(boolean pipelining, String ehloReply) {
        SmtpClient c = client(pipelining);
        feed(c, GREETING);
        feed(c, ehloReply);
        return c;
    }

    private List<ClientEvent> feed(SmtpClient c, String text) {
        List<ClientEvent> now = Pump.feed(c, text);
        events.addAll(now);
        return now;
    }

    private List<String> sentLines() {
        List<String> lines = new ArrayList<>();
        for (ClientEvent e : events) {
            if (e instanceof ClientEvent.Send s) {
                lines.addAll(s.lines());
            }
        }
        return lines;
    }

    private static Outcome finished(List<ClientEvent> now) {
        assertThat(now).last().isInstanceOf(ClientEvent.Finished.class);
        return ((ClientEvent.Finished) now.get(now.size() - 1)).outcome();
    }

    private static String protocolError(List<ClientEvent> now) {
        return now.stream().filter(e -> e instanceof ClientEvent.ProtocolError)
                .map(e -> ((ClientEvent.ProtocolError) e).message()).findFirst().orElseThrow();
    }

    private void assertEndsWithoutQuit(List<ClientEvent> now, String expected) {
        assertThat(protocolError(now)).contains("unexpected reply", "expected " + expected);
        Outcome o = finished(now);
        assertThat(o.summary()).startsWith("protocol error");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(sentLines()).doesNotContain("QUIT");
    }

    @Test
    void anIntermediateReplyToMailIsAProtocolError() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        assertEndsWithoutQuit(feed(c, "354 go ahead\r\n"), "250 to MAIL");
        assertThat(sentLines()).doesNotContain("RCPT TO:<bob@example.net>");
    }

    @Test
    void aTransientRefusalOfMailQuitsAndLeavesTheRecipientTransient() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "451 4.3.0 try later\r\n");
        assertThat(sentLines()).endsWith("QUIT").doesNotContain("RCPT TO:<bob@example.net>");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("MAIL FROM refused: 4.3.0 try later");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
    }

    @Test
    void aPermanentRefusalOfMailIsPermanent() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "550 5.7.1 not you\r\n");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.PERMANENT);
    }

    @Test
    void anIntermediateReplyToRcptIsAProtocolErrorAndNothingFollows() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "250 2.1.0 Ok\r\n");
        assertEndsWithoutQuit(feed(c, "354 go ahead\r\n"), "250 to RCPT");
        assertThat(sentLines()).doesNotContain("DATA");
        assertThat(c.nextEvent()).isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void aRefusedDataDecidesTheAcceptedRecipientAndQuits() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "250 2.1.0 Ok\r\n");
        feed(c, "250 2.1.5 Ok\r\n");
        feed(c, "451 4.3.0 no room\r\n");
        assertThat(sentLines()).endsWith("DATA", "QUIT");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("DATA refused: 4.3.0 no room");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(o.recipients().get("bob@example.net").reply().code()).isEqualTo(451);
    }

    @Test
    void anIntermediateReplyToTheEndOfDataIsAProtocolError() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "250 2.1.0 Ok\r\n");
        feed(c, "250 2.1.5 Ok\r\n");
        feed(c, "354 go ahead\r\n");
        assertEndsWithoutQuit(feed(c, "354 again\r\n"), "reply to the end of data");
    }

    @Test
    void aTransientReplyToTheEndOfDataIsARefusalAfterData() {
        SmtpClient c = opened(false, EHLO_PLAIN);
        feed(c, "250 2.1.0 Ok\r\n");
        feed(c, "250 2.1.5 Ok\r\n");
        feed(c, "354 go ahead\r\n");
        feed(c, "452 4.3.1 full\r\n");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("message refused after data: 4.3.1 full");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
    }

    @Test
    void aSizeLimitOfZeroMeansNoLimit() {
        SmtpClient c = opened(false, "250-mx.example.net\r\n250 SIZE 0\r\n");
        assertThat(sentLines()).contains("MAIL FROM:<alice@example.org> SIZE=" + c.messageSize());
        assertThat(c.state()).isEqualTo(ClientState.MAIL_SENT);
    }

    @Test
    void aMessageOfExactlyTheSizeLimitIsSent() {
        long size = client(false).messageSize();
        SmtpClient c = opened(false, "250-mx.example.net\r\n250 SIZE " + size + "\r\n");
        assertThat(sentLines()).contains("MAIL FROM:<alice@example.org> SIZE=" + size);
        assertThat(c.state()).isEqualTo(ClientState.MAIL_SENT);
    }

    @Test
    void aMessageOneOctetOverTheSizeLimitIsNotSent() {
        long size = client(false).messageSize();
        opened(false, "250-mx.example.net\r\n250 SIZE " + (size - 1) + "\r\n");
        assertThat(sentLines()).noneMatch(l -> l.startsWith("MAIL")).endsWith("QUIT");
    }

    @Test
    void pipelinedDataTakenAfterEveryRecipientWasRefusedEndsWithALoneDot() {
        SmtpClient c = opened(true, EHLO_PIPELINING);
        feed(c, "250 2.1.0 Ok\r\n550 5.1.1 unknown\r\n354 go ahead\r\n");
        assertThat(sentLines()).endsWith(".");
        feed(c, "554 5.5.1 no valid recipients\r\n");
        assertThat(sentLines()).endsWith("QUIT");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("no recipient accepted");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.PERMANENT);
        assertThat(o.recipients().get("bob@example.net").reply().code()).isEqualTo(550);
    }

    @Test
    void pipelinedDataTakenAfterMailWasRefusedEndsWithALoneDotAndTheMailRefusal() {
        SmtpClient c = opened(true, EHLO_PIPELINING);
        feed(c, "451 4.3.0 later\r\n503 5.5.1 no MAIL\r\n354 go ahead\r\n");
        assertThat(sentLines()).endsWith(".");
        feed(c, "250 2.0.0 nothing\r\n");
        assertThat(sentLines()).endsWith("QUIT");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("MAIL FROM refused: 4.3.0 later");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
    }

    @Test
    void pipelinedDataRefusedAfterAnAcceptedRecipientDecidesIt() {
        SmtpClient c = opened(true, EHLO_PIPELINING);
        feed(c, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n452 4.3.1 full\r\n");
        assertThat(sentLines()).endsWith("QUIT");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("DATA refused: 4.3.1 full");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(o.recipients().get("bob@example.net").reply().code()).isEqualTo(452);
    }

    @Test
    void pipelinedDataRefusedWhenNobodyWasAcceptedSaysSo() {
        SmtpClient c = opened(true, EHLO_PIPELINING);
        feed(c, "250 2.1.0 Ok\r\n550 5.1.1 unknown\r\n554 5.5.1 no valid recipients\r\n");
        Outcome o = finished(feed(c, "221 Bye\r\n"));
        assertThat(o.summary()).isEqualTo("no recipient accepted");
        assertThat(o.recipients().get("bob@example.net").reply().code()).isEqualTo(550);
    }

    @Test
    void aPositiveReplyToPipelinedDataIsAProtocolError() {
        SmtpClient c = opened(true, EHLO_PIPELINING);
        List<ClientEvent> now = feed(c, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok\r\n");
        assertEndsWithoutQuit(now, "354 to DATA");
    }
}
