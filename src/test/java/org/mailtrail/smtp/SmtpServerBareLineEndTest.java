package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §2.3.8: CR and LF only together as CRLF. A bare LF or bare CR, in a command line or in the message data,
 * is refused with {@code 521 5.5.2} and the session closed (as Postfix's {@code smtpd_forbid_bare_newline = yes});
 * no message comes of it.
 */
class SmtpServerBareLineEndTest extends ServerDriver {

    private static final String REFUSED_LF = "521 5.5.2 mx.example.net Error: bare <LF> received";
    private static final String REFUSED_CR = "521 5.5.2 mx.example.net Error: bare <CR> received";

    private SmtpServer inData() {
        SmtpServer s = started();
        send(s, "EHLO client.example.org\r\nMAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n");
        assertThat(s.state()).isEqualTo(ServerState.DATA);
        return s;
    }

    private List<ServerEvent> after(Class<?> type) {
        int i = 0;
        while (!type.isInstance(events.get(i))) {
            i++;
        }
        return events.subList(i, events.size());
    }

    @Test
    void aMessageWithABareLfIsRefusedAtOnceAndNeverReceived() {
        SmtpServer s = inData();
        // the tester's smuggling pattern: a lone "." ended by LF, then more data and a real end of data
        List<String> replies = send(s, "Subject: bare lf\nX: y\n\nbody line with bare LF\n.\nstill data\r\n..dotted\r\n"
                + ".\r\n");
        assertThat(replies).containsExactly(REFUSED_LF);
        assertThat(s.isClosed()).isTrue();
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.MessageReceived);
        assertThat(after(ServerEvent.DataReceived.class)).containsExactly(
                new ServerEvent.DataReceived(List.of("Subject: bare lf")),
                new ServerEvent.BareLineEnd("LF", true, 1),
                events.get(events.size() - 3), // the Send of the 521
                new ServerEvent.TransactionReset(ServerEvent.TransactionReset.MESSAGE_END),
                new ServerEvent.Close());
        assertThat(((ServerEvent.BareLineEnd) after(ServerEvent.BareLineEnd.class).get(0)).describe())
                .contains("ended line 1 of the message data with a bare LF").contains("stores nothing");
        // in a command line the sentence says what the server does too (a tester read "…the first: the server and
        // closes the connection")
        assertThat(new ServerEvent.BareLineEnd("LF", false, 0).describe())
                .endsWith("the server refuses the command and closes the connection");
    }

    @Test
    void theLinesBeforeTheBareLfAreReportedAsTheyCame() {
        SmtpServer s = inData();
        send(s, "Subject: ok\r\n\r\n..stuffed\r\n");
        assertThat(send(s, ".\n")).containsExactly(REFUSED_LF); // "<CRLF>.<LF>": no end of data, but a bare LF
        assertThat(after(ServerEvent.DataReceived.class).subList(0, 2)).containsExactly(
                new ServerEvent.DataReceived(List.of("Subject: ok", "", "..stuffed", ".")),
                new ServerEvent.BareLineEnd("LF", true, 4));
    }

    @Test
    void aBareCrInTheDataIsRefusedToo() {
        SmtpServer s = inData();
        assertThat(send(s, "a\r\nb\rc\r\n.\r\n")).containsExactly(REFUSED_CR);
        assertThat(s.isClosed()).isTrue();
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.MessageReceived);
        assertThat(after(ServerEvent.DataReceived.class).subList(0, 2)).containsExactly(
                new ServerEvent.DataReceived(List.of("a", "b")), new ServerEvent.BareLineEnd("CR", true, 2));
    }

    @Test
    void aCrlfSplitOverTwoChunksIsNoBareCr() {
        SmtpServer s = inData();
        assertThat(send(s, "a\r")).isEmpty();
        assertThat(send(s, "\n.\r")).isEmpty();
        assertThat(send(s, "\n")).singleElement().asString().startsWith("250");
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.BareLineEnd);
    }

    @Test
    void aCommandEndedByABareLfIsRefusedAndTheSessionClosed() {
        SmtpServer s = started();
        assertThat(send(s, "EHLO client.example.org\nMAIL FROM:<a@example.org>\r\n")).containsExactly(REFUSED_LF);
        assertThat(s.isClosed()).isTrue();
        assertThat(after(ServerEvent.CommandReceived.class).subList(0, 2)).containsExactly(
                new ServerEvent.CommandReceived("EHLO client.example.org", null),
                new ServerEvent.BareLineEnd("LF", false, 0));
    }

    @Test
    void aBareCrInACommandIsRefusedAndAnOpenTransactionAborted() {
        SmtpServer s = started();
        send(s, "EHLO client.example.org\r\nMAIL FROM:<a@example.org>\r\n");
        assertThat(send(s, "RCPT TO:<b@example.net>\r.x\r\n")).containsExactly(REFUSED_CR);
        assertThat(s.isClosed()).isTrue();
        assertThat(after(ServerEvent.BareLineEnd.class)).contains(
                new ServerEvent.TransactionReset(ServerEvent.TransactionReset.CLOSING));
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.RecipientAccepted);
    }

    @Test
    void anAuthAnswerWithABareLfIsNotShown() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withTlsActive(true)
                .withAuth(List.of("PLAIN"), true));
        send(s, "EHLO client.example.org\r\n");
        assertThat(send(s, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\n")).containsExactly(REFUSED_LF);
        assertThat(events).filteredOn(e -> e instanceof ServerEvent.CommandReceived).last()
                .isEqualTo(new ServerEvent.CommandReceived(ServerAuth.HIDDEN, null));
    }
}
