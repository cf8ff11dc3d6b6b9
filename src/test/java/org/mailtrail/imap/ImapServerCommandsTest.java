package org.mailtrail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IMAP commands in and out of their states, ill-formed ones, mailbox commands and limits. */
class ImapServerCommandsTest {

    /** Rows: command | reply, "~" standing for CRLF between reply lines. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t SELECT INBOX|t BAD Not logged in",
        "t EXAMINE INBOX|t BAD Not logged in",
        "t LIST \"\" *|t BAD Not logged in",
        "t STATUS INBOX (MESSAGES)|t BAD Not logged in",
        "t FETCH 1 FLAGS|t BAD Not logged in",
        "t UID FETCH 1 FLAGS|t BAD Not logged in",
        "t STORE 1 FLAGS ()|t BAD Not logged in",
        "t EXPUNGE|t BAD Not logged in",
        "t CLOSE|t BAD Not logged in",
        "t SEARCH ALL|t BAD Not logged in",
        "t CAPABILITY now|t BAD Unexpected extra arguments",
        "t NOOP|t OK NOOP completed",
        "t XYZZY|t BAD Unknown command",
        "t UID|t BAD Unknown command",
        "t UID XYZZY|t BAD Unknown command",
        "t APPEND INBOX {3}|+ Ready for literal data",
        "t LOGIN bob|t BAD Expected a space",
        "t LOGIN bob s3cret extra|t BAD Unexpected extra arguments",
        "t LOGIN bob \"s3cret|t BAD Unterminated quoted string",
        "t LOGIN bob \"s3\\cret\"|t BAD Bad escape in quoted string",
        "t LOGIN bob (s3cret)|t BAD Expected an atom",
        "t LOGIN bob wrong|t NO [AUTHENTICATIONFAILED] Invalid user name or password",
        "t|t BAD Unknown command",
        "+t NOOP|* BAD Missing or invalid tag",
        "''|* BAD Missing or invalid tag",
        "t* NOOP|* BAD Missing or invalid tag",
        "t{ NOOP|* BAD Missing or invalid tag",
    })
    void notAuthenticated(String command, String reply) {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        assertThat(t.say(command + "\r\n")).isEqualTo(reply.replace("~", "\r\n") + "\r\n");
    }

    /** Rows: command | reply, "~" standing for CRLF between reply lines. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t LOGIN bob s3cret|t BAD Already logged in",
        "t AUTHENTICATE PLAIN|t BAD Already logged in",
        "t FETCH 1 FLAGS|t BAD No mailbox selected",
        "t CHECK|t BAD No mailbox selected",
        "t UNSELECT|t BAD No mailbox selected",
        "t SELECT Sent|t NO [NONEXISTENT] No such mailbox, only INBOX",
        "t SELECT|t BAD Expected a space",
        "t SELECT INBOX more|t BAD Unexpected extra arguments",
        "t LIST \"\" \"\"|* LIST (\\Noselect) \"/\" \"\"~t OK LIST completed",
        "t LIST \"\" *|* LIST (\\HasNoChildren) \"/\" INBOX~t OK LIST completed",
        "t LIST \"\" %|* LIST (\\HasNoChildren) \"/\" INBOX~t OK LIST completed",
        "t LIST \"\" inbox|* LIST (\\HasNoChildren) \"/\" INBOX~t OK LIST completed",
        "t LIST \"\" IN*|* LIST (\\HasNoChildren) \"/\" INBOX~t OK LIST completed",
        "t LIST \"\" Sent|t OK LIST completed",
        "t LIST \"\" %/%|t OK LIST completed",
        "t LIST INBOX/ *|t OK LIST completed",
        "t LIST \"\"|t BAD Expected a space",
        "t LIST \"\" ()|t BAD Expected a mailbox name or pattern",
        "t LSUB \"\" *|* LSUB () \"/\" INBOX~t OK LSUB completed",
        "t STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY RECENT)|* STATUS INBOX (MESSAGES 2 UNSEEN 2 UIDNEXT 3 UIDVALIDITY 1 RECENT 0)~t OK STATUS completed",
        "t STATUS inbox (messages)|* STATUS INBOX (MESSAGES 2)~t OK STATUS completed",
        "t STATUS INBOX (SIZE)|t BAD Unknown status item SIZE",
        "t STATUS INBOX MESSAGES|t BAD Expected '(' before the status items",
        "t STATUS INBOX (MESSAGES|t BAD Expected ')' after the status items",
        "t STATUS Sent (MESSAGES)|t BAD No such mailbox, only INBOX",
        "t CAPABILITY|* CAPABILITY IMAP4rev1 LITERAL+ UNSELECT~t OK CAPABILITY completed",
    })
    void authenticated(String command, String reply) {
        ImapTalk t = ImapTalk.loggedIn(false);
        assertThat(t.say(command + "\r\n")).isEqualTo(reply.replace("~", "\r\n") + "\r\n");
    }

    @Test
    void examineIsReadOnly() {
        ImapTalk t = ImapTalk.loggedIn(false);
        assertThat(t.say("e1 EXAMINE INBOX\r\n")).isEqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                + "* OK [PERMANENTFLAGS ()] Read-only mailbox\r\n* 2 EXISTS\r\n* 0 RECENT\r\n* OK [UNSEEN 1] First unseen\r\n"
                + "* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\n"
                + "e1 OK [READ-ONLY] EXAMINE completed\r\n");
        assertThat(t.say("e2 FETCH 1 BODY[TEXT]\r\n"))
                .isEqualTo("* 1 FETCH (BODY[TEXT] {33}\r\nHello Bob.\r\n.hidden dot\r\nLine 3\r\n)\r\ne2 OK FETCH completed\r\n");
        assertThat(t.bob().messages().get(0).flags()).isEmpty();
        assertThat(t.say("e3 STORE 1 +FLAGS (\\Seen)\r\n")).isEqualTo("e3 NO [READ-ONLY] The mailbox is read-only (EXAMINE)\r\n");
        assertThat(t.say("e4 EXPUNGE\r\n")).isEqualTo("e4 NO [READ-ONLY] The mailbox is read-only (EXAMINE)\r\n");
        t.bob().setFlags(1, java.util.Set.of("\\Deleted"));
        assertThat(t.say("e5 CLOSE\r\n")).isEqualTo("e5 OK CLOSE completed\r\n");
        assertThat(t.bob().messages()).hasSize(2); // CLOSE after EXAMINE expunges nothing
        assertThat(t.say("e6 FETCH 1 FLAGS\r\n")).isEqualTo("e6 BAD No mailbox selected\r\n");
    }

    @Test
    void selectReportsUnseenKeywordsAndUidNext() {
        ImapTalk t = ImapTalk.loggedIn(false);
        t.bob().setFlags(1, java.util.Set.of("\\Seen", "$Label1"));
        t.bob().setFlags(2, java.util.Set.of("\\Seen"));
        t.bob().expunge(java.util.Set.of(2L));
        assertThat(t.say("s1 SELECT INBOX\r\n")).isEqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)\r\n"
                + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n"
                + "* 1 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\n"
                + "s1 OK [READ-WRITE] SELECT completed\r\n");
        t.bob().append("Subject: 3\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(t.say("s2 SELECT INBOX\r\n")).contains("* 2 EXISTS\r\n").contains("* OK [UNSEEN 2] First unseen\r\n")
                .contains("[UIDNEXT 4]");
    }

    @Test
    void aFailedSelectLeavesNoMailboxSelected() {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("f1 SELECT Drafts\r\nf2 FETCH 1 FLAGS\r\n"))
                .isEqualTo("f1 NO [NONEXISTENT] No such mailbox, only INBOX\r\nf2 BAD No mailbox selected\r\n");
    }

    @Test
    void unselectAndCloseReturnToTheAuthenticatedState() {
        ImapTalk t = ImapTalk.loggedIn(true);
        t.say("u1 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        assertThat(t.say("u2 UNSELECT\r\nu3 UNSELECT\r\n")).isEqualTo("u2 OK UNSELECT completed\r\nu3 BAD No mailbox selected\r\n");
        assertThat(t.bob().messages()).hasSize(2);
        t.say("u4 SELECT INBOX\r\n");
        assertThat(t.say("u5 CLOSE\r\n")).isEqualTo("u5 OK CLOSE completed\r\n"); // no EXPUNGE responses
        assertThat(t.bob().messages()).hasSize(1);
        assertThat(t.say("u6 CLOSE extra\r\n")).isEqualTo("u6 BAD No mailbox selected\r\n");
    }

    @Test
    void logoutClosesAndIgnoresWhatFollows() {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("o1 LOGOUT\r\no2 NOOP\r\n"))
                .isEqualTo("* BYE imap.example.net logging out\r\no1 OK LOGOUT completed\r\n");
        assertThat(t.server.isClosed()).isTrue();
        assertThat(t.events(ImapServerEvent.CommandReceived.class)).hasSize(1);
        assertThat(t.events.get(t.events.size() - 1)).isInstanceOf(ImapServerEvent.Close.class);
        ImapTalk u = new ImapTalk(ImapTalk.plain());
        u.start();
        assertThat(u.say("o3 LOGOUT now\r\n")).isEqualTo("o3 BAD Unexpected extra arguments\r\n");
        assertThat(u.server.isClosed()).isFalse();
    }

    @Test
    void overLongLinesAndLiteralsAreRefused() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        String longest = "n1 NOOP" + " ".repeat(ImapLineReader.SERVER_MAX_LINE_OCTETS - 7);
        assertThat(t.say(longest + "\r\n")).isEqualTo("n1 BAD Unexpected extra arguments\r\n");
        assertThat(t.say(longest + " \r\n")).isEqualTo("n1 BAD Command line too long\r\n");
        assertThat(t.trickle("n2 LOGIN " + "x".repeat(20_000) + "\r\n")).isEqualTo("n2 BAD Command line too long\r\n");
        assertThat(t.say("{" + "x".repeat(9000) + "\r\n")).isEqualTo("* BAD Command line too long\r\n");
        assertThat(t.say("n3 LOGIN {65537}\r\n")).isEqualTo("n3 BAD Literal too large\r\n");
        assertThat(t.say("n4 LOGIN {99999999999}\r\n")).isEqualTo("n4 BAD Literal too large\r\n");
        assertThat(t.say("n5 NOOP\r\n")).isEqualTo("n5 OK NOOP completed\r\n");
        assertThat(t.say("n7 LOGIN {3+}\r\nbob " + "x".repeat(9000) + "\r\n")).isEqualTo("n7 BAD Command line too long\r\n");
        assertThat(t.events(ImapServerEvent.CommandReceived.class).get(1))
                .isEqualTo(new ImapServerEvent.CommandReceived("n1", "", "(Command line too long)"));
        assertThat(t.server.isClosed()).isFalse();
        assertThat(t.say("n6 LOGIN {65537+}\r\n"))
                .isEqualTo("n6 BAD Literal too large\r\n* BYE Literal too large\r\n");
        assertThat(t.server.isClosed()).isTrue();
    }

    @Test
    void atMostEightLiteralsInOneCommand() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        assertThat(t.say("m1 X {1+}\r\na {1+}\r\nb {1+}\r\nc {1+}\r\nd {1+}\r\ne {1+}\r\nf {1+}\r\ng {1+}\r\nh\r\n"))
                .isEqualTo("m1 BAD Unknown command\r\n");
        assertThat(t.say("m2 X {0}\r\n {0}\r\n {0}\r\n {0}\r\n {0}\r\n {0}\r\n {0}\r\n {0}\r\n {0}\r\n"))
                .isEqualTo("+ Ready for literal data\r\n".repeat(8) + "m2 BAD Too many literals\r\n");
    }

    @Test
    void tooManyErrorsEndTheSession() {
        ImapTalk t = new ImapTalk(ImapTalk.plain());
        t.start();
        String out = t.say("b XYZZY\r\n".repeat(ImapServer.MAX_ERRORS + 3));
        assertThat(out).isEqualTo("b BAD Unknown command\r\n".repeat(ImapServer.MAX_ERRORS - 1)
                + "b BAD Unknown command\r\n* BYE Too many errors\r\n");
        assertThat(t.server.isClosed()).isTrue();
        ImapTalk logins = new ImapTalk(ImapTalk.plain());
        logins.start();
        logins.say("l LOGIN bob x\r\n".repeat(ImapServer.MAX_ERRORS - 1));
        assertThat(logins.server.isClosed()).isFalse();
        assertThat(logins.say("l LOGIN bob x\r\n")).endsWith("* BYE Too many errors\r\n");
        assertThat(logins.server.isClosed()).isTrue();
    }

    @Test
    void repliesQuoteWhatTheClientWrote() {
        ImapTalk t = ImapTalk.loggedIn(true);
        List<String> lines = List.of(t.say("r1 FETCH 1 (X-FOO)\r\n"), t.say("r2 FETCH 1 BODY[1.foo]\r\n"),
                t.say("r3 STATUS INBOX (\"A B\")\r\n"), t.say("r4 SEARCH HEADER\r\n"));
        assertThat(lines).containsExactly("r1 BAD Unsupported data item X-FOO\r\n", "r2 BAD Unsupported section 1.FOO\r\n",
                "r3 BAD Expected an atom\r\n", "r4 BAD Unsupported search key HEADER\r\n");
        assertThat(t.say("r5 SEARCH KEYWORD {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(t.say("a\r\nb\"\r\n")).isEqualTo("r5 BAD Expected an atom\r\n");
    }
}
