package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.StoredMessage;

/** The IMAP server byte for byte: a whole session, chunking, STARTTLS and LOGINDISABLED, literals, redaction. */
class ImapServerTest {

    static final String CLIENT = """
            a1 CAPABILITY\r
            a2 LOGIN bob s3cret\r
            a3 SELECT INBOX\r
            a4 FETCH 1 (UID FLAGS RFC822.SIZE)\r
            a5 FETCH 1 BODY.PEEK[HEADER]\r
            a6 FETCH 2 BODY[]\r
            a7 UID FETCH 1:* FLAGS\r
            a8 STORE 1 +FLAGS (\\Deleted)\r
            a9 SEARCH UNSEEN\r
            a10 EXPUNGE\r
            a11 UID SEARCH ALL\r
            a12 LOGOUT\r
            """;

    static final String SERVER = ImapTalk.GREETING + """
            * CAPABILITY IMAP4rev1 LITERAL+ UNSELECT\r
            a1 OK CAPABILITY completed\r
            a2 OK LOGIN completed\r
            * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r
            * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r
            * 2 EXISTS\r
            * 0 RECENT\r
            * OK [UNSEEN 1] First unseen\r
            * OK [UIDVALIDITY 1] UIDs valid\r
            * OK [UIDNEXT 3] Predicted next UID\r
            a3 OK [READ-WRITE] SELECT completed\r
            * 1 FETCH (UID 1 FLAGS () RFC822.SIZE 97)\r
            a4 OK FETCH completed\r
            * 1 FETCH (BODY[HEADER] {64}\r
            From: alice@example.org\r
            To: bob@example.net\r
            Subject: First\r
            \r
            )\r
            a5 OK FETCH completed\r
            * 2 FETCH (FLAGS (\\Seen) BODY[] {82}\r
            From: carol@example.org\r
            To: bob@example.net\r
            Subject: Second\r
            \r
            Second message.\r
            )\r
            a6 OK FETCH completed\r
            * 1 FETCH (UID 1 FLAGS ())\r
            * 2 FETCH (UID 2 FLAGS (\\Seen))\r
            a7 OK UID FETCH completed\r
            * 1 FETCH (FLAGS (\\Deleted))\r
            a8 OK STORE completed\r
            * SEARCH 1\r
            a9 OK SEARCH completed\r
            * 1 EXPUNGE\r
            a10 OK EXPUNGE completed\r
            * SEARCH 2\r
            a11 OK UID SEARCH completed\r
            * BYE imap.example.net logging out\r
            a12 OK LOGOUT completed\r
            """;

    @Test
    void wholeSessionCommandByCommand() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        StringBuilder out = new StringBuilder(t.start());
        for (String line : CLIENT.split("(?<=\r\n)")) {
            out.append(t.say(line));
        }
        assertThat(out.toString()).isEqualTo(SERVER);
        assertThat(t.server.isClosed()).isTrue();
        assertThat(t.server.nextEvent()).isInstanceOf(ImapServerEvent.Close.class);
        assertThat(t.bob().messages()).extracting(StoredMessage::uid).containsExactly(2L);
        assertThat(t.bob().messages().get(0).flags()).containsExactly("\\Seen");
        assertThat(t.events(ImapServerEvent.Close.class)).hasSize(1);
        assertThat(t.events(ImapServerEvent.Send.class)).hasSize(13); // the greeting and one per command
    }

    @Test
    void pipelinedInOneChunkGivesTheSameBytes() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        assertThat(t.start() + t.say(CLIENT)).isEqualTo(SERVER);
    }

    @Test
    void oneByteAtATimeGivesTheSameBytes() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        assertThat(t.start() + t.trickle(CLIENT)).isEqualTo(SERVER);
    }

    @Test
    void bareLineFeedsAreTolerated() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        assertThat(t.start() + t.say(CLIENT.replace("\r\n", "\n"))).isEqualTo(SERVER);
    }

    @Test
    void commandsAreReportedWithTagVerbAndTheFetchedLiteralAsLines() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        t.say(CLIENT);
        List<ImapServerEvent.CommandReceived> got = t.events(ImapServerEvent.CommandReceived.class);
        assertThat(got).extracting(ImapServerEvent.CommandReceived::verb).containsExactly("CAPABILITY", "LOGIN",
                "SELECT", "FETCH", "FETCH", "FETCH", "UID FETCH", "STORE", "SEARCH", "EXPUNGE", "UID SEARCH", "LOGOUT");
        assertThat(got.get(1)).isEqualTo(new ImapServerEvent.CommandReceived("a2", "LOGIN", "a2 LOGIN bob ********"));
        assertThat(got.get(6).shownLine()).isEqualTo("a7 UID FETCH 1:* FLAGS");
        ImapServerEvent.Send fetch = t.events(ImapServerEvent.Send.class).get(6);
        assertThat(fetch.lines()).containsExactly("* 2 FETCH (FLAGS (\\Seen) BODY[] {82}", "From: carol@example.org",
                "To: bob@example.net", "Subject: Second", "", "Second message.", ")", "a6 OK FETCH completed");
    }

    @Test
    void startTlsThenLoginWhenLoginNeedsTls() {
        ImapTalk t = new ImapTalk(new ImapServer.Config("imap.example.net", true, false, true));
        assertThat(t.start()).isEqualTo(
                "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED LITERAL+ UNSELECT] imap.example.net ready\r\n");
        assertThat(t.say("c1 CAPABILITY\r\n"))
                .isEqualTo("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED LITERAL+ UNSELECT\r\nc1 OK CAPABILITY completed\r\n");
        assertThat(t.say("c2 LOGIN bob s3cret\r\n"))
                .isEqualTo("c2 NO [PRIVACYREQUIRED] LOGIN is disabled without TLS, use STARTTLS first\r\n");
        assertThat(t.say("c3 SELECT INBOX\r\n")).isEqualTo("c3 BAD Not logged in\r\n");
        assertThat(t.say("c4 STARTTLS\r\nc5 LOGIN bob s3cret\r\n")).isEqualTo("c4 OK Begin TLS negotiation now\r\n");
        assertThat(t.events.get(t.events.size() - 1)).isInstanceOf(ImapServerEvent.StartTls.class);
        assertThatThrownBy(() -> t.server.receiveData("x\r\n".getBytes(UTF_8))).isInstanceOf(IllegalStateException.class);
        assertThat(t.server.nextEvent()).isInstanceOf(ImapServerEvent.NeedData.class);
        t.server.tlsEstablished();
        assertThat(t.server.tlsActive()).isTrue();
        assertThat(t.say("c6 CAPABILITY\r\n"))
                .isEqualTo("* CAPABILITY IMAP4rev1 LITERAL+ UNSELECT\r\nc6 OK CAPABILITY completed\r\n");
        assertThat(t.say("c7 STARTTLS\r\n")).isEqualTo("c7 BAD TLS is already active\r\n");
        assertThat(t.say("c8 LOGIN bob s3cret\r\n")).isEqualTo("c8 OK LOGIN completed\r\n");
        assertThat(t.say("c9 STARTTLS\r\n")).isEqualTo("c9 BAD STARTTLS is only allowed before login\r\n");
    }

    @Test
    void startTlsRefusals() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        assertThat(t.say("s1 STARTTLS\r\n")).isEqualTo("s1 BAD STARTTLS is not offered\r\n");
        assertThat(t.say("s2 STARTTLS now\r\n")).isEqualTo("s2 BAD Unexpected extra arguments\r\n");
        assertThatThrownBy(t.server::tlsEstablished).isInstanceOf(IllegalStateException.class);
        ImapTalk on = new ImapTalk(new ImapServer.Config("imap.example.net", true, true, true));
        assertThat(on.start()).isEqualTo(ImapTalk.GREETING);
        assertThat(on.say("s3 STARTTLS\r\n")).isEqualTo("s3 BAD TLS is already active\r\n");
        assertThat(on.say("s4 LOGIN bob s3cret\r\n")).isEqualTo("s4 OK LOGIN completed\r\n");
    }

    @Test
    void loginWithQuotedStringsAndLiterals() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.directory.addUser("j\u00fcrgen@example.net", "p\u00e4ss \"q\" \\");
        t.directory.addUser("amy@example.net", "with space");
        t.start();
        assertThat(t.say("q1 LOGIN \"amy\" \"with space\"\r\n")).isEqualTo("q1 OK LOGIN completed\r\n");
        ImapTalk sync = new ImapTalk(ImapTalk.plain(), t.directory);
        sync.start();
        // the octet counts are bytes: "jürgen" is 7 octets, "päss "q" \" is 11
        assertThat(sync.say("q2 LOGIN {7}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(sync.say("j\u00fcrgen {11}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(sync.say("p\u00e4ss \"q\" \\\r\n")).isEqualTo("q2 OK LOGIN completed\r\n");
        assertThat(sync.events(ImapServerEvent.CommandReceived.class)).containsExactly(
                new ImapServerEvent.CommandReceived("q2", "LOGIN", "q2 LOGIN \"j\u00fcrgen\" ********"));
        ImapTalk plus = new ImapTalk(ImapTalk.plain(), t.directory);
        plus.start();
        assertThat(plus.say("q3 LOGIN {3+}\r\nbob {6+}\r\ns3cret\r\n")).isEqualTo("q3 OK LOGIN completed\r\n");
        ImapTalk escaped = new ImapTalk(ImapTalk.plain(), t.directory);
        escaped.start();
        assertThat(escaped.say("q4 LOGIN j\u00fcrgen@example.net \"p\u00e4ss \\\"q\\\" \\\\\"\r\n"))
                .isEqualTo("q4 OK LOGIN completed\r\n");
    }

    @Test
    void aLiteralTooShortByOneOctetIsNotTheCommand() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        t.directory.addUser("j\u00fcrgen@example.net", "pw");
        // counting characters (6) instead of octets (7) leaves "n" to the literal and fails the login
        assertThat(t.say("q1 LOGIN {6}\r\nj\u00fcrgen pw\r\n")).isEqualTo("+ Ready for literal data\r\n"
                + "q1 BAD Expected a space\r\n");
    }

    @Test
    void passwordsAreNeverShown() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        t.say("p1 LOGIN bob wrong\r\np2 login \"bob\" {6+}\r\ns3cret\r\np3 LOGIN\r\np4 AUTHENTICATE PLAIN AGJvYgBzM2NyZXQ=\r\n");
        assertThat(t.events(ImapServerEvent.CommandReceived.class)).extracting(ImapServerEvent.CommandReceived::shownLine)
                .containsExactly("p1 LOGIN bob ********", "p2 LOGIN bob ********", "p3 LOGIN ********",
                        "p4 AUTHENTICATE PLAIN ********");
        ImapTalk a = new ImapTalk(ImapTalk.plain());
        a.start();
        assertThat(a.say("p5 AUTHENTICATE PLAIN\r\n")).isEqualTo("p5 NO Unsupported authentication mechanism\r\n");
        assertThat(a.events(ImapServerEvent.CommandReceived.class).get(0).shownLine()).isEqualTo("p5 AUTHENTICATE PLAIN");
    }

    @Test
    void otherLiteralsAreShownInline() {
        ImapTalk t = ImapTalk.loggedIn(false);
        assertThat(t.say("x1 SELECT {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(t.say("inbox\r\n")).contains("x1 OK [READ-WRITE] SELECT completed\r\n");
        assertThat(t.say("x2 EXAMINE {7+}\r\nIN BOX\r\r\n")).isEqualTo("x2 NO [NONEXISTENT] No such mailbox, only INBOX\r\n");
        assertThat(t.events(ImapServerEvent.CommandReceived.class)).extracting(ImapServerEvent.CommandReceived::shownLine)
                .containsExactly("x1 SELECT inbox", "x2 EXAMINE {7}");
    }

    @Test
    void misuseByTheTransportThrows() {
        ImapServer s = new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages());
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        s.connectionClosed();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ImapServer(null, ImapTalk.bobWithTwoMessages()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImapServer(ImapTalk.plain(), null)).isInstanceOf(IllegalArgumentException.class);
        for (String bad : new String[] {null, "", "imap example", "i\r\n", "\u00e9"}) {
            assertThatThrownBy(() -> new ImapServer.Config(bad, false, false, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
