package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailtrail.mailbox.InMemoryMaildrop;
import org.mailtrail.mailbox.MailboxDirectory;
import org.mailtrail.mailbox.Maildrop;
import org.mailtrail.mailbox.StoredMessage;

/** Every POP3 command in and out of its state, with bad arguments, limits and the UPDATE state. */
class Pop3ServerCommandsTest {

    private static Pop3Talk loggedIn() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        t.say("USER bob\r\nPASS s3cret\r\n");
        return t;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "STAT|-ERR not logged in; send USER and PASS first",
        "LIST|-ERR not logged in; send USER and PASS first",
        "UIDL 1|-ERR not logged in; send USER and PASS first",
        "TOP 1 1|-ERR not logged in; send USER and PASS first",
        "RETR 1|-ERR not logged in; send USER and PASS first",
        "DELE 1|-ERR not logged in; send USER and PASS first",
        "RSET|-ERR not logged in; send USER and PASS first",
        "NOOP|-ERR not logged in; send USER and PASS first",
        "PASS s3cret|-ERR send USER first",
        "USER|-ERR USER needs one user name",
        "USER a b|-ERR USER needs one user name",
        "APOP bob 0123|-ERR unknown command",
        "XYZZY|-ERR unknown command",
        "''|-ERR empty command",
        "CAPA x|-ERR CAPA takes no argument",
        "QUIT now|-ERR QUIT takes no argument",
    })
    void beforeLogin(String command, String reply) {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        assertThat(t.say(command + "\r\n")).isEqualTo(reply + "\r\n");
        assertThat(t.server.loggedIn()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "USER bob|-ERR already logged in",
        "PASS s3cret|-ERR already logged in",
        "APOP bob 0123|-ERR already logged in",
        "AUTH PLAIN|-ERR already logged in",
        "STAT 1|-ERR STAT takes no argument",
        "LIST 1 2|-ERR LIST takes at most one message number",
        "LIST x|-ERR invalid message number",
        "LIST 0|-ERR no such message, only 2 in maildrop",
        "LIST 3|-ERR no such message, only 2 in maildrop",
        "LIST 1234567890|-ERR invalid message number",
        "LIST -1|-ERR invalid message number",
        "UIDL 1 2|-ERR UIDL takes at most one message number",
        "UIDL 3|-ERR no such message, only 2 in maildrop",
        "UIDL 2|+OK 2 1.2",
        "RETR|-ERR RETR needs one message number",
        "RETR 1 2|-ERR RETR needs one message number",
        "RETR 3|-ERR no such message, only 2 in maildrop",
        "TOP 1|-ERR TOP needs a message number and a number of lines",
        "TOP 1 x|-ERR invalid number of lines",
        "TOP 9 1|-ERR no such message, only 2 in maildrop",
        "DELE|-ERR DELE needs one message number",
        "DELE 3|-ERR no such message, only 2 in maildrop",
        "RSET 1|-ERR RSET takes no argument",
        "NOOP 1|-ERR NOOP takes no argument",
        "noop|+OK",
        "stat|+OK 2 179",
        "list 01|+OK 1 97",
        "XYZZY|-ERR unknown command",
        "STLS|-ERR already logged in",
    })
    void afterLogin(String command, String reply) {
        Pop3Talk t = loggedIn();
        assertThat(t.say(command + "\r\n")).isEqualTo(reply + "\r\n");
        assertThat(t.server.isClosed()).isFalse();
    }

    @Test
    void wrongPasswordNeedsUserAgain() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        assertThat(t.say("USER bob\r\nPASS wrong\r\nPASS s3cret\r\n")).isEqualTo(
                "+OK send PASS\r\n-ERR [AUTH] invalid user name or password\r\n-ERR send USER first\r\n");
        assertThat(t.say("USER nobody\r\n")).isEqualTo("+OK send PASS\r\n"); // no hint whether the user exists
        assertThat(t.say("PASS s3cret\r\n")).isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(t.say("USER bob\r\nPASS \r\n")).isEqualTo("+OK send PASS\r\n-ERR PASS needs a password\r\n");
        assertThat(t.say("user BOB@EXAMPLE.NET\r\npass s3cret\r\n"))
                .isEqualTo("+OK send PASS\r\n+OK maildrop has 2 messages (179 octets)\r\n");
    }

    @Test
    void deleteThenResetKeepsEverything() {
        Pop3Talk t = loggedIn();
        assertThat(t.say("DELE 1\r\nDELE 1\r\nRETR 1\r\nTOP 1 0\r\nLIST 1\r\nUIDL 1\r\nLIST\r\nUIDL\r\nSTAT\r\n"))
                .isEqualTo("+OK message 1 deleted\r\n-ERR message 1 already deleted\r\n"
                        + "-ERR message 1 already deleted\r\n-ERR message 1 already deleted\r\n"
                        + "-ERR message 1 already deleted\r\n-ERR message 1 already deleted\r\n"
                        + "+OK 1 message (82 octets)\r\n2 82\r\n.\r\n+OK unique-id listing follows\r\n2 1.2\r\n.\r\n"
                        + "+OK 1 82\r\n");
        assertThat(t.say("RSET\r\nSTAT\r\n")).isEqualTo("+OK maildrop has 2 messages (179 octets)\r\n+OK 2 179\r\n");
        assertThat(t.say("QUIT\r\n")).isEqualTo("+OK pop.example.net POP3 server signing off (2 messages left)\r\n");
        assertThat(t.directory.maildrop("bob@example.net").messages()).hasSize(2);
    }

    @Test
    void deleteAllThenQuitEmptiesTheMaildrop() {
        Pop3Talk t = loggedIn();
        assertThat(t.say("DELE 2\r\nDELE 1\r\nSTAT\r\nLIST\r\nQUIT\r\n")).isEqualTo("+OK message 2 deleted\r\n"
                + "+OK message 1 deleted\r\n+OK 0 0\r\n+OK 0 messages (0 octets)\r\n.\r\n"
                + "+OK pop.example.net POP3 server signing off (maildrop empty)\r\n");
        assertThat(t.directory.maildrop("bob@example.net").messages()).isEmpty();
    }

    @Test
    void aDroppedConnectionExpungesNothing() {
        Pop3Talk t = loggedIn();
        t.say("DELE 1\r\n");
        t.server.connectionClosed();
        assertThat(t.server.isClosed()).isTrue();
        assertThat(t.directory.maildrop("bob@example.net").messages()).hasSize(2);
    }

    @Test
    void quitBeforeLoginCloses() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        assertThat(t.say("QUIT\r\nNOOP\r\n")).isEqualTo("+OK pop.example.net POP3 server signing off\r\n");
        assertThat(t.server.isClosed()).isTrue();
        assertThat(t.events.get(t.events.size() - 1)).isInstanceOf(Pop3ServerEvent.Close.class);
        assertThat(t.events(Pop3ServerEvent.CommandReceived.class)).hasSize(1);
    }

    @Test
    void aStoreThatCannotExpungeIsReported() {
        InMemoryMaildrop backing = new InMemoryMaildrop();
        backing.append(Pop3Talk.M1.getBytes(UTF_8));
        Maildrop broken = new Maildrop() {
            @Override public List<StoredMessage> messages() { return backing.messages(); }
            @Override public long append(byte[] content) { return backing.append(content); }
            @Override public void setFlags(long uid, Set<String> flags) { backing.setFlags(uid, flags); }
            @Override public void expunge(Set<Long> uids) { throw new IllegalStateException("disk full"); }
            @Override public long uidValidity() { return 1; }
        };
        assertThat(session(broken, "USER x\r\nPASS y\r\nQUIT\r\n"))
                .endsWith("+OK maildrop has 1 message (97 octets)\r\n+OK pop.example.net POP3 server signing off "
                        + "(1 message left)\r\n");
        assertThat(session(broken, "USER x\r\nPASS y\r\nDELE 1\r\nQUIT\r\n"))
                .endsWith("+OK message 1 deleted\r\n-ERR [SYS/TEMP] some deleted messages not removed\r\n");
        assertThat(backing.messages()).hasSize(1);
    }

    private static String session(Maildrop drop, String client) {
        Pop3Server s = new Pop3Server(Pop3Talk.plain(), (u, p) -> drop);
        s.start();
        s.receiveData(client.getBytes(UTF_8));
        StringBuilder out = new StringBuilder();
        for (Pop3ServerEvent e = s.nextEvent(); !(e instanceof Pop3ServerEvent.Close); e = s.nextEvent()) {
            if (e instanceof Pop3ServerEvent.Send) {
                out.append(new String(((Pop3ServerEvent.Send) e).bytes(), UTF_8));
            }
        }
        assertThat(s.isClosed()).isTrue();
        return out.toString();
    }

    @Test
    void topCountsBodyLines() {
        Pop3Talk t = loggedIn();
        String header = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: First\r\n\r\n";
        assertThat(t.say("TOP 1 1\r\n")).isEqualTo("+OK top of message follows\r\n" + header + "Hello Bob.\r\n.\r\n");
        assertThat(t.say("TOP 1 2\r\n")).isEqualTo("+OK top of message follows\r\n" + header
                + "Hello Bob.\r\n..hidden dot\r\n.\r\n");
        assertThat(t.say("TOP 1 99\r\n")).isEqualTo("+OK top of message follows\r\n" + header
                + "Hello Bob.\r\n..hidden dot\r\nLine 3\r\n.\r\n");
    }

    @Test
    void contentIsSentWithCrlfAndAFinalLineEnd() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "pw");
        dir.maildrop("bob@example.net").append("Subject: x\n\n.\nno newline".getBytes(UTF_8));
        dir.maildrop("bob@example.net").append("Subject: only a header\r\n".getBytes(UTF_8));
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain(), dir);
        t.start();
        t.say("USER bob\r\nPASS pw\r\n");
        assertThat(t.say("RETR 1\r\n")).isEqualTo("+OK 24 octets\r\nSubject: x\r\n\r\n..\r\nno newline\r\n.\r\n");
        assertThat(t.say("TOP 2 5\r\n")).isEqualTo("+OK top of message follows\r\nSubject: only a header\r\n.\r\n");
    }

    @Test
    void theMaildropIsASnapshotTakenAtLogin() {
        Pop3Talk t = loggedIn();
        t.directory.maildrop("bob@example.net").append("Subject: late\r\n\r\nx\r\n".getBytes(UTF_8));
        assertThat(t.say("STAT\r\n")).isEqualTo("+OK 2 179\r\n");
        assertThat(t.say("QUIT\r\n")).contains("(2 messages left)");
        assertThat(t.directory.maildrop("bob@example.net").messages()).extracting(StoredMessage::uid)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void overLongLinesAreRefusedAndTheSessionGoesOn() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        String longest = "X".repeat(253); // 255 octets with CRLF
        assertThat(t.say(longest + "\r\n")).isEqualTo("-ERR unknown command\r\n");
        assertThat(t.say("X" + longest + "\r\nUSER bob\r\n")).isEqualTo("-ERR line too long\r\n+OK send PASS\r\n");
        assertThat(t.trickle("PASS " + "y".repeat(1000) + "\r\n")).isEqualTo("-ERR line too long\r\n");
        List<Pop3ServerEvent.CommandReceived> got = t.events(Pop3ServerEvent.CommandReceived.class);
        assertThat(got.get(1)).isEqualTo(new Pop3ServerEvent.CommandReceived(
                "(command line over 255 octets, discarded)", "", "(command line over 255 octets, discarded)"));
        assertThat(got.get(3).line()).doesNotContain("y");
        assertThat(t.say("PASS s3cret\r\n")).isEqualTo("+OK maildrop has 2 messages (179 octets)\r\n");
    }

    @Test
    void repliesNeverEchoTheClientsText() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        assertThat(t.say("FOO\rBAR <script>\r\n")).isEqualTo("-ERR unknown command\r\n");
        t.say("USER bob\r\nPASS s3cret\r\n");
        assertThat(t.say("RETR 1\rX\r\n")).isEqualTo("-ERR invalid message number\r\n");
    }

    @Test
    void tooManyErrorsCloseTheConnection() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        String out = t.say("BAD\r\n".repeat(Pop3Server.MAX_ERRORS + 5));
        assertThat(out).isEqualTo("-ERR unknown command\r\n".repeat(Pop3Server.MAX_ERRORS)
                + "-ERR too many errors, closing\r\n");
        assertThat(t.server.isClosed()).isTrue();
        Pop3Talk ok = new Pop3Talk(Pop3Talk.plain());
        ok.start();
        assertThat(ok.say("BAD\r\n".repeat(Pop3Server.MAX_ERRORS - 1))).doesNotContain("too many");
        assertThat(ok.server.isClosed()).isFalse();
    }
}
