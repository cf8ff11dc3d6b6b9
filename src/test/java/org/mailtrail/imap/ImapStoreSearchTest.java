package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailtrail.mailbox.StoredMessage;

/** STORE, EXPUNGE, SEARCH and catching up with other sessions at NOOP. */
class ImapStoreSearchTest {

    /** Five messages: 1 seen, 2 flagged+seen, 3 deleted, 4 answered+draft+$Work, 5 none; sizes 13..17. */
    private static ImapTalk five() {
        ImapTalk t = ImapTalk.loggedIn(false);
        t.bob().expunge(Set.of(1L, 2L));
        for (int i = 1; i <= 5; i++) {
            t.bob().append(("Subject: " + "x".repeat(i) + "\r\n\r\n").getBytes(UTF_8)); // 13 + i octets
        }
        t.bob().setFlags(3, Set.of("\\Seen"));
        t.bob().setFlags(4, Set.of("\\Flagged", "\\Seen"));
        t.bob().setFlags(5, Set.of("\\Deleted"));
        t.bob().setFlags(6, Set.of("\\Answered", "\\Draft", "$Work"));
        t.say("s SELECT INBOX\r\n");
        return t;
    }

    @Test
    void storeReplacesAddsAndRemoves() {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("a STORE 1 FLAGS (\\seen \\FLAGGED)\r\n"))
                .isEqualTo("* 1 FETCH (FLAGS (\\Flagged \\Seen))\r\na OK STORE completed\r\n");
        assertThat(t.say("b STORE 1:2 +FLAGS \\Answered $Work\r\n"))
                .isEqualTo("* 1 FETCH (FLAGS ($Work \\Answered \\Flagged \\Seen))\r\n* 2 FETCH (FLAGS ($Work \\Answered))\r\n"
                        + "b OK STORE completed\r\n");
        assertThat(t.say("c STORE 1 -FLAGS ($work \\Seen)\r\n"))
                .isEqualTo("* 1 FETCH (FLAGS (\\Answered \\Flagged))\r\nc OK STORE completed\r\n");
        assertThat(t.say("d STORE 2 FLAGS ()\r\n")).isEqualTo("* 2 FETCH (FLAGS ())\r\nd OK STORE completed\r\n");
        assertThat(t.bob().messages()).extracting(StoredMessage::flags)
                .containsExactly(Set.of("\\Answered", "\\Flagged"), Set.of());
        assertThat(t.say("e STORE 1 +FLAGS.SILENT (\\Deleted)\r\n")).isEqualTo("e OK STORE completed\r\n");
        assertThat(t.bob().messages().get(0).flags()).contains("\\Deleted");
        assertThat(t.say("f UID STORE 2 +FLAGS (\\Seen)\r\n"))
                .isEqualTo("* 2 FETCH (UID 2 FLAGS (\\Seen))\r\nf OK UID STORE completed\r\n");
        assertThat(t.say("g UID STORE 7 +FLAGS (\\Seen)\r\n")).isEqualTo("g OK UID STORE completed\r\n");
        assertThat(t.say("h STORE 1 -flags.silent \\Deleted\r\n")).isEqualTo("h OK STORE completed\r\n");
        assertThat(t.bob().messages().get(0).flags()).doesNotContain("\\Deleted");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "STORE 1 +FLAGS (\\Recent)|\\Recent cannot be stored",
        "STORE 1 +FLAGS (\\Junk)|Unknown system flag \\Junk",
        "STORE 1 FLAG (\\Seen)|Expected FLAGS, +FLAGS or -FLAGS, optionally .SILENT",
        "STORE 1 *FLAGS (\\Seen)|Expected FLAGS, +FLAGS or -FLAGS, optionally .SILENT",
        "STORE 1 +FLAGS.LOUD (\\Seen)|Expected FLAGS, +FLAGS or -FLAGS, optionally .SILENT",
        "STORE 1 +FLAGS (\\Seen|Expected ')' after the flags",
        "STORE 1 +FLAGS|Expected a space",
        "STORE 1 +FLAGS \\Seen)|Unexpected extra arguments",
        "STORE 3 +FLAGS (\\Seen)|Invalid message sequence number, the mailbox has 2",
        "STORE 1 +FLAGS (\"x\")|Expected an atom",
    })
    void badStores(String command, String why) {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("z " + command + "\r\n")).isEqualTo("z BAD " + why + "\r\n");
        assertThat(t.bob().messages().get(0).flags()).isEmpty();
    }

    @Test
    void expungeCountsDownAsMessagesGo() {
        ImapTalk t = five();
        t.say("a STORE 4 +FLAGS.SILENT (\\Deleted)\r\n");
        // 3 and 4 go: after 3 went, the old 4 is the new 3
        assertThat(t.say("b EXPUNGE\r\n")).isEqualTo("* 3 EXPUNGE\r\n* 3 EXPUNGE\r\nb OK EXPUNGE completed\r\n");
        assertThat(t.bob().messages()).extracting(StoredMessage::uid).containsExactly(3L, 4L, 7L);
        assertThat(t.say("c FETCH 3 UID\r\n")).isEqualTo("* 3 FETCH (UID 7)\r\nc OK FETCH completed\r\n");
        assertThat(t.say("d EXPUNGE\r\n")).isEqualTo("d OK EXPUNGE completed\r\n");
        assertThat(t.say("e EXPUNGE now\r\n")).isEqualTo("e BAD Unexpected extra arguments\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ALL|1 2 3 4 5",
        "SEEN|1 2",
        "UNSEEN|3 4 5",
        "unseen|3 4 5",
        "DELETED|3",
        "UNDELETED|1 2 4 5",
        "FLAGGED|2",
        "UNFLAGGED|1 3 4 5",
        "ANSWERED|4",
        "UNANSWERED|1 2 3 5",
        "DRAFT|4",
        "UNDRAFT|1 2 3 5",
        "KEYWORD $work|4",
        "UNKEYWORD $Work|1 2 3 5",
        "NEW|''",
        "RECENT|''",
        "OLD|1 2 3 4 5",
        "LARGER 15|3 4 5",
        "SMALLER 15|1",
        "2:3|2 3",
        "*|5",
        "UID 4:5|2 3",
        "UID 99|''",
        "NOT SEEN|3 4 5",
        "NOT NOT SEEN|1 2",
        "OR FLAGGED DRAFT|2 4",
        "OR (SEEN FLAGGED) DELETED|2 3",
        "SEEN UNFLAGGED|1",
        "UNSEEN UNDELETED SMALLER 18|4",
        "CHARSET UTF-8 SEEN|1 2",
        "charset us-ascii ALL|1 2 3 4 5",
    })
    void searchKeys(String keys, String hits) {
        ImapTalk t = five();
        assertThat(t.say("q SEARCH " + keys + "\r\n"))
                .isEqualTo("* SEARCH" + (hits.isEmpty() ? "" : " " + hits) + "\r\nq OK SEARCH completed\r\n");
    }

    @Test
    void uidSearchAnswersUids() {
        ImapTalk t = five();
        assertThat(t.say("u UID SEARCH UNSEEN\r\n")).isEqualTo("* SEARCH 5 6 7\r\nu OK UID SEARCH completed\r\n");
        assertThat(t.say("v UID SEARCH 1:2\r\n")).isEqualTo("* SEARCH 3 4\r\nv OK UID SEARCH completed\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|Expected a space",
        "' '|Expected a search key",
        "' FROM alice'|Unsupported search key FROM",
        "' CHARSET KOI8-R ALL'|Unsupported charset KOI8-R",
        "' LARGER x'|Expected a number",
        "' KEYWORD'|Expected a space",
        "' OR SEEN'|Expected a space",
        "' (SEEN'|Expected ')'",
        "' 9'|Invalid message sequence number, the mailbox has 5",
        "' SEEN)'|Unexpected extra arguments",
    })
    void badSearches(String rest, String why) {
        ImapTalk t = five();
        assertThat(t.say("q SEARCH" + (rest == null ? "" : rest) + "\r\n")).isEqualTo("q BAD " + why + "\r\n");
    }

    @Test
    void noopAndCheckCatchUpWithOtherSessions() {
        ImapTalk t = five();
        assertThat(t.say("n1 NOOP\r\n")).isEqualTo("n1 OK NOOP completed\r\n");
        t.bob().expunge(Set.of(4L, 5L)); // messages 2 and 3 go elsewhere
        t.bob().setFlags(6, Set.of("\\Seen"));
        t.bob().append("Subject: new\r\n\r\n".getBytes(UTF_8));
        assertThat(t.say("n2 FETCH 2 UID\r\n")).isEqualTo("* 2 FETCH (UID 4)\r\nn2 OK FETCH completed\r\n"); // not yet
        assertThat(t.say("n3 NOOP\r\n")).isEqualTo("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 FETCH (FLAGS (\\Seen))\r\n"
                + "* 4 EXISTS\r\nn3 OK NOOP completed\r\n");
        assertThat(t.say("n4 FETCH 1:* UID\r\n")).isEqualTo("* 1 FETCH (UID 3)\r\n* 2 FETCH (UID 6)\r\n"
                + "* 3 FETCH (UID 7)\r\n* 4 FETCH (UID 8)\r\nn4 OK FETCH completed\r\n");
        t.bob().append("Subject: newer\r\n\r\n".getBytes(UTF_8));
        assertThat(t.say("n5 CHECK\r\n")).isEqualTo("* 5 EXISTS\r\nn5 OK CHECK completed\r\n");
        assertThat(t.say("n6 CHECK\r\n")).isEqualTo("n6 OK CHECK completed\r\n");
    }

    @Test
    void anotherSessionSeesStoredFlags() {
        ImapTalk a = ImapTalk.loggedIn(true);
        ImapTalk b = new ImapTalk(ImapTalk.plain(), a.directory);
        b.start();
        b.say("b1 LOGIN bob s3cret\r\nb2 SELECT INBOX\r\n");
        a.say("a1 STORE 2 +FLAGS.SILENT (\\Flagged)\r\n");
        assertThat(b.say("b3 NOOP\r\n")).isEqualTo("* 2 FETCH (FLAGS (\\Flagged))\r\nb3 OK NOOP completed\r\n");
        a.say("a2 STORE 1 +FLAGS.SILENT (\\Deleted)\r\na3 EXPUNGE\r\n");
        assertThat(b.say("b4 NOOP\r\n")).isEqualTo("* 1 EXPUNGE\r\nb4 OK NOOP completed\r\n");
    }
}
