package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** How a connection's steps and the SMTP commands and replies read on the timeline (ConnectionSteps, SmtpSteps). */
class EngAStepsTest {
    /** A journal that keeps what it is given. */
    static final class Recorder implements Journal {
        final List<TimelineEvent> events = new ArrayList<>();

        @Override
        public long now() {
            return 7;
        }

        @Override
        public TimelineEvent add(long time, long end, EventKind kind, String source, String destination, String summary,
                                 List<String> lines, String key, String rfc, Map<String, String> details) {
            TimelineEvent e = new TimelineEvent(events.size(), time, end, kind, source, destination, summary, lines, key,
                    rfc, details);
            events.add(e);
            return e;
        }

        TimelineEvent last() {
            return events.get(events.size() - 1);
        }
    }

    private final Recorder j = new Recorder();
    private final ConnectionSteps smtp = new ConnectionSteps(j, "c1", "client.example", "10.0.0.1", 40000,
            "mx.example", "10.0.0.25", 2525);

    @Test
    void detailsAndArrowsTellTheTwoDirectionsApart() {
        assertThat(smtp.details(true).get(Details.SRC_ADDR)).isEqualTo("10.0.0.1");
        assertThat(smtp.details(true).get(Details.DST_PORT)).isEqualTo("2525");
        assertThat(smtp.details(false).get(Details.SRC_ADDR)).isEqualTo("10.0.0.25");
        assertThat(smtp.details(false).get(Details.DST_PORT)).isEqualTo("40000");
        assertThat(smtp.arrow(true, "SYN")).isEqualTo("10.0.0.1:40000 > 10.0.0.25:2525 [SYN]");
        assertThat(smtp.arrow(false, "ACK")).isEqualTo("10.0.0.25:2525 > 10.0.0.1:40000 [ACK]");
    }

    @Test
    void theSynNamesTheWorldsServicePortOnlyWhenItDiffers() {
        assertThat(smtp.servicePort(25)).isSameAs(smtp);
        smtp.syn(1, 2);
        assertThat(j.last().details()).containsEntry(Details.SERVICE_PORT, "25")
                .containsEntry(Details.DST_PORT, "2525");
        assertThat(j.last().lines()).containsExactly("10.0.0.1:40000 > 10.0.0.25:2525 [SYN]");
        smtp.servicePort(2525).syn(3, 4);
        assertThat(j.last().details()).doesNotContainKey(Details.SERVICE_PORT);
        smtp.servicePort(0).syn(5, 6);
        assertThat(j.last().details()).doesNotContainKey(Details.SERVICE_PORT);
        new ConnectionSteps(j, "c2", "a", "10.0.0.2", 1, "b", "10.0.0.3", 25).syn(7, 8);
        assertThat(j.last().details()).doesNotContainKey(Details.SERVICE_PORT).containsEntry(Details.CONN, "c2");
    }

    @Test
    void aCommandCarriesItsVerbAndAuthLinesAreMarkedSecret() {
        TimelineEvent mail = smtp.command(1, 2, Command.mailFrom("a@b.example"), List.of(), false, false);
        assertThat(mail).isSameAs(j.last());
        assertThat(mail.details()).containsEntry(Details.VERB, "MAIL").doesNotContainKey(SmtpSteps.SECRET);
        assertThat(mail.summary()).isEqualTo("C: MAIL FROM:<a@b.example>");
        assertThat(mail.explanationKey()).isEqualTo("smtp.cmd.mail");

        TimelineEvent data = smtp.command(3, 4, null, List.of("Subject: x", "", "hi", "."), false, false);
        assertThat(data.details()).isEqualTo(smtp.details(true)).doesNotContainKey(Details.VERB);
        assertThat(data.summary()).isEqualTo("C: <message data, 3 lines, ending with \".\">");

        TimelineEvent auth = smtp.command(5, 6, Command.auth("PLAIN", "AGFAYgBj"), List.of("AUTH PLAIN ********"),
                false, true);
        assertThat(auth.details()).containsEntry(Details.VERB, "AUTH").containsEntry(SmtpSteps.SECRET, "auth");
        assertThat(auth.summary()).isEqualTo("C: AUTH PLAIN ********");

        TimelineEvent answer = smtp.command(7, 8, null, List.of(SmtpSteps.HIDDEN), true, true);
        assertThat(answer.details()).containsEntry(SmtpSteps.SECRET, "auth").doesNotContainKey(Details.VERB)
                .containsEntry(Details.SRC_ADDR, "10.0.0.1");
        assertThat(answer.explanationKey()).isEqualTo("smtp.cmd.auth-response");
        assertThat(answer.rfc()).isEqualTo("RFC 4954 §4");
    }

    @Test
    void aReplyCarriesItsCodeAndEnhancedStatus() {
        TimelineEvent r = smtp.reply(1, 2, Reply.of(550, "5.1.1 No such user"), List.of("550 5.1.1 No such user"));
        assertThat(r).isSameAs(j.last());
        assertThat(r.source()).isEqualTo("mx.example");
        assertThat(r.details()).containsEntry(Details.CODE, "550").containsEntry(Details.ENHANCED, "5.1.1")
                .containsEntry(Details.SRC_ADDR, "10.0.0.25");
        assertThat(r.explanationKey()).isEqualTo("smtp.reply.unknown-user");
        TimelineEvent plain = smtp.reply(3, 4, Reply.of(250, "OK"), List.of("250 OK"));
        assertThat(plain.details()).doesNotContainKey(Details.ENHANCED);
    }

    @Test
    void anErrorIsFromTheSideThatReportsIt() {
        smtp.error(9, "k", "RFC x", "s", "m", true);
        assertThat(j.last().source()).isEqualTo("mx.example");
        assertThat(j.last().destination()).isEqualTo("client.example");
        assertThat(j.last().details()).isEqualTo(smtp.details(false));
        assertThat(j.last().lines()).containsExactly("m");
        smtp.error(9, "k", "RFC x", "s", "m", false);
        assertThat(j.last().source()).isEqualTo("client.example");
        assertThat(j.last().destination()).isEqualTo("mx.example");
        assertThat(j.last().details()).isEqualTo(smtp.details(true));
    }

    @Test
    void theCloseIsFromWhoeverClosed() {
        smtp.close(1, 2, true);
        assertThat(j.last().source()).isEqualTo("client.example");
        assertThat(j.last().lines()).containsExactly("10.0.0.1:40000 > 10.0.0.25:2525 [FIN, ACK]");
        assertThat(j.last().details()).isEqualTo(smtp.details(true));
        smtp.close(3, 4, false);
        assertThat(j.last().source()).isEqualTo("mx.example");
        assertThat(j.last().destination()).isEqualTo("client.example");
        assertThat(j.last().lines()).containsExactly("10.0.0.25:2525 > 10.0.0.1:40000 [FIN, ACK]");
        assertThat(j.last().details()).isEqualTo(smtp.details(false));
    }

    @Test
    void mailboxRepliesCountTheirFurtherLines() {
        ConnectionSteps pop = new ConnectionSteps(j, "c3", "mua", "10.0.0.9", 50000, "mbox", "10.0.0.110", 110);
        pop.mailboxReply(1, 1, "pop3", List.of(), "ok");
        assertThat(j.last().summary()).isEqualTo("S: ");
        pop.mailboxReply(1, 1, "pop3", List.of("+OK"), "ok");
        assertThat(j.last().summary()).isEqualTo("S: +OK");
        pop.mailboxReply(1, 1, "pop3", List.of("+OK 2 messages", "1 120", "."), "ok");
        assertThat(j.last().summary()).isEqualTo("S: +OK 2 messages (+2 lines)");
        assertThat(ConnectionSteps.mailboxRfc("pop3")).isEqualTo("RFC 1939");
        assertThat(ConnectionSteps.mailboxRfc("imap")).isEqualTo("RFC 3501");
    }

    @Test
    void commandSummaries() {
        assertThat(SmtpSteps.commandSummary(null, List.of(), true)).isEqualTo("C: ");
        assertThat(SmtpSteps.commandSummary(null, List.of("dXNlcg=="), true)).isEqualTo("C: dXNlcg==");
        assertThat(SmtpSteps.commandSummary(null, List.of(), false))
                .isEqualTo("C: <message data, 0 lines, ending with \".\">");
        assertThat(SmtpSteps.commandSummary(null, List.of("."), false))
                .isEqualTo("C: <message data, 0 lines, ending with \".\">");
        assertThat(SmtpSteps.commandSummary(Command.quit(), List.of(), false)).isEqualTo("C: QUIT");
        assertThat(SmtpSteps.commandSummary(Command.quit(), List.of("quit"), false)).isEqualTo("C: quit");
        assertThat(SmtpSteps.commandKey(null, true)).isEqualTo("smtp.cmd.auth-response");
        assertThat(SmtpSteps.commandKey(null, false)).isEqualTo("smtp.cmd.data-content");
        assertThat(SmtpSteps.commandRfc(null, true)).isEqualTo("RFC 4954 §4");
        assertThat(SmtpSteps.commandRfc(null, false)).isEqualTo("RFC 5321 §4.5.2");
        assertThat(SmtpSteps.commandRfc(Command.rset(), false)).isEqualTo("RFC 5321 §4.1.1.5");
    }

    @Test
    void replySummariesCountTheirFurtherLines() {
        Reply ehlo = Reply.of(250, "mx", "PIPELINING", "8BITMIME");
        assertThat(SmtpSteps.replySummary(ehlo, List.of())).isEqualTo("S: 250");
        assertThat(SmtpSteps.replySummary(ehlo, List.of("250-mx"))).isEqualTo("S: 250-mx");
        assertThat(SmtpSteps.replySummary(ehlo, List.of("250-mx", "250-PIPELINING", "250 8BITMIME")))
                .isEqualTo("S: 250-mx (+2 lines)");
    }

    @Test
    void authRepliesHaveKeysAndSectionsOfTheirOwn() {
        assertThat(SmtpSteps.replyKey(Reply.of(235, "2.7.0 Authentication successful"))).isEqualTo("smtp.reply.auth-ok");
        assertThat(SmtpSteps.replyKey(Reply.of(334, ""))).isEqualTo("smtp.reply.auth-challenge");
        assertThat(SmtpSteps.replyKey(Reply.of(535, "5.7.8 Authentication credentials invalid")))
                .isEqualTo("smtp.reply.auth-failed");
        assertThat(SmtpSteps.replyKey(Reply.of(538, "5.7.11 Encryption required")))
                .isEqualTo("smtp.reply.auth-encryption-required");
        assertThat(SmtpSteps.replyKey(Reply.of(354, "End data with <CR><LF>.<CR><LF>"))).isEqualTo("smtp.reply.3xx");
        assertThat(SmtpSteps.replyRfc(Reply.of(334, ""))).isEqualTo("RFC 4954 §4");
        assertThat(SmtpSteps.replyRfc(Reply.of(235, "ok"))).isEqualTo("RFC 4954 §6");
        assertThat(SmtpSteps.replyRfc(Reply.of(354, "go on"))).isEqualTo("RFC 5321 §4.2");
    }

    @Test
    void refusalsThatSayWhy() {
        assertThat(SmtpSteps.reasonKey(Reply.of(400, "greylisted, try again"))).isEqualTo("smtp.reply.greylisted");
        assertThat(SmtpSteps.reasonKey(Reply.of(399, "greylisted"))).isNull();
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.1.10 null MX"))).isEqualTo("smtp.reply.null-mx");
        assertThat(SmtpSteps.reasonKey(Reply.of(556, "Domain does not accept mail"))).isEqualTo("smtp.reply.null-mx");
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.1.9 something else"))).isNull();
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.2.1 mailbox disabled"))).isNull();
        assertThat(SmtpSteps.reasonKey(Reply.of(552, "5.2.2 Mailbox full"))).isEqualTo("smtp.reply.mailbox-full");
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.7.1 Relaying denied"))).isEqualTo("smtp.reply.relay-denied");
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.7.1 Sender rejected"))).isNull();
        assertThat(SmtpSteps.reasonKey(Reply.of(550, "5.1.1 relay of no such user"))).isEqualTo("smtp.reply.unknown-user");
    }
}
