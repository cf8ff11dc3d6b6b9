package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FETCH and UID FETCH: data items, macros, sections, partial ranges, sequence sets, \Seen versus PEEK. */
class ImapFetchTest {
    private static final String HEADER1 = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: First\r\n\r\n";
    private static final String TEXT1 = "Hello Bob.\r\n.hidden dot\r\nLine 3\r\n";
    private static final String ENVELOPE1 = "ENVELOPE (NIL \"First\" ((NIL NIL \"alice\" \"example.org\")) "
            + "((NIL NIL \"alice\" \"example.org\")) ((NIL NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.net\")) "
            + "NIL NIL NIL NIL)";

    private static String fetch(String command) {
        return ImapTalk.loggedIn(true).say(command + "\r\n");
    }

    @Test
    void simpleItemsInTheOrderAsked() {
        assertThat(fetch("f FETCH 2 (RFC822.SIZE UID FLAGS)"))
                .isEqualTo("* 2 FETCH (RFC822.SIZE 82 UID 2 FLAGS ())\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f fetch 1 uid")).isEqualTo("* 1 FETCH (UID 1)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 INTERNALDATE"))
                .isEqualTo("* 1 FETCH (INTERNALDATE \"01-Jan-1970 00:00:00 +0000\")\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 ENVELOPE")).isEqualTo("* 1 FETCH (" + ENVELOPE1 + ")\r\nf OK FETCH completed\r\n");
    }

    @Test
    void macros() {
        assertThat(fetch("f FETCH 1 FAST")).isEqualTo("* 1 FETCH (FLAGS () INTERNALDATE \"01-Jan-1970 00:00:00 +0000\" "
                + "RFC822.SIZE 97)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 all")).isEqualTo("* 1 FETCH (FLAGS () INTERNALDATE \"01-Jan-1970 00:00:00 +0000\" "
                + "RFC822.SIZE 97 " + ENVELOPE1 + ")\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 FULL")).isEqualTo("* 1 FETCH (FLAGS () INTERNALDATE \"01-Jan-1970 00:00:00 +0000\" "
                + "RFC822.SIZE 97 " + ENVELOPE1 + " BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 33 3))\r\n"
                + "f OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 (FAST)")).isEqualTo("f BAD Unsupported data item FAST\r\n");
    }

    @Test
    void bodySetsSeenAndReportsTheNewFlags() {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("f1 FETCH 1 BODY[]\r\n"))
                .isEqualTo("* 1 FETCH (FLAGS (\\Seen) BODY[] {97}\r\n" + HEADER1 + TEXT1 + ")\r\nf1 OK FETCH completed\r\n");
        assertThat(t.bob().messages().get(0).flags()).containsExactly("\\Seen");
        assertThat(t.say("f2 FETCH 1 BODY[]\r\n")) // already seen: no FLAGS this time
                .isEqualTo("* 1 FETCH (BODY[] {97}\r\n" + HEADER1 + TEXT1 + ")\r\nf2 OK FETCH completed\r\n");
        assertThat(t.say("f3 FETCH 2 (BODY[TEXT] FLAGS)\r\n")) // FLAGS asked for: not added twice
                .isEqualTo("* 2 FETCH (BODY[TEXT] {17}\r\nSecond message.\r\n FLAGS (\\Seen))\r\nf3 OK FETCH completed\r\n");
    }

    @Test
    void peekLeavesSeenAlone() {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("p1 FETCH 1 (BODY.PEEK[] BODY.PEEK[HEADER] BODY.PEEK[TEXT] RFC822.HEADER)\r\n"))
                .isEqualTo("* 1 FETCH (BODY[] {97}\r\n" + HEADER1 + TEXT1 + " BODY[HEADER] {64}\r\n" + HEADER1
                        + " BODY[TEXT] {33}\r\n" + TEXT1 + " RFC822.HEADER {64}\r\n" + HEADER1 + ")\r\np1 OK FETCH completed\r\n");
        assertThat(t.bob().messages().get(0).flags()).isEmpty();
        assertThat(t.say("p2 FETCH 1 FLAGS\r\n")).isEqualTo("* 1 FETCH (FLAGS ())\r\np2 OK FETCH completed\r\n");
    }

    @ParameterizedTest
    @CsvSource({"BODY[HEADER]", "BODY[TEXT]", "RFC822", "RFC822.TEXT"})
    void everyNonPeekBodyItemSetsSeen(String item) {
        ImapTalk t = ImapTalk.loggedIn(true);
        assertThat(t.say("s FETCH 2 " + item + "\r\n")).startsWith("* 2 FETCH (FLAGS (\\Seen) ");
        assertThat(t.bob().messages().get(1).flags()).containsExactly("\\Seen");
        assertThat(t.bob().messages().get(0).flags()).isEmpty();
    }

    @Test
    void rfc822Items() {
        assertThat(fetch("f FETCH 1 (RFC822.TEXT)"))
                .isEqualTo("* 1 FETCH (FLAGS (\\Seen) RFC822.TEXT {33}\r\n" + TEXT1 + ")\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 RFC822"))
                .isEqualTo("* 1 FETCH (FLAGS (\\Seen) RFC822 {97}\r\n" + HEADER1 + TEXT1 + ")\r\nf OK FETCH completed\r\n");
    }

    @Test
    void headerFieldsAndTheirComplement() {
        assertThat(fetch("f FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject FROM)]"))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (Subject FROM)] {43}\r\nFrom: alice@example.org\r\n"
                        + "Subject: First\r\n\r\n)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (\"Subject\" from)]"))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS.NOT (Subject from)] {23}\r\nTo: bob@example.net\r\n\r\n)\r\n"
                        + "f OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY.PEEK[HEADER.FIELDS (X-None)]"))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (X-None)] {2}\r\n\r\n)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY[HEADER.FIELDS ()]")).isEqualTo("f BAD Expected an atom\r\n");
        assertThat(fetch("f FETCH 1 BODY[HEADER.FIELDS (\"a:b\")]")).isEqualTo("f BAD Bad header field name\r\n");
        assertThat(fetch("f FETCH 1 BODY[HEADER.FIELDS Subject]"))
                .isEqualTo("f BAD Expected '(' before the header field names\r\n");
        assertThat(fetch("f FETCH 1 BODY[HEADER.FIELDS (Subject]"))
                .isEqualTo("f BAD Expected ')' after the header field names\r\n");
    }

    @Test
    void partialRanges() {
        assertThat(fetch("f FETCH 1 BODY.PEEK[]<0.4>")).isEqualTo("* 1 FETCH (BODY[]<0> {4}\r\nFrom)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY.PEEK[TEXT]<6.4>"))
                .isEqualTo("* 1 FETCH (BODY[TEXT]<6> {4}\r\nBob.)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY.PEEK[TEXT]<30.100>"))
                .isEqualTo("* 1 FETCH (BODY[TEXT]<30> {3}\r\n3\r\n)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY.PEEK[TEXT]<500.10>"))
                .isEqualTo("* 1 FETCH (BODY[TEXT]<500> {0}\r\n)\r\nf OK FETCH completed\r\n");
        assertThat(fetch("f FETCH 1 BODY[]<0.0>")).isEqualTo("f BAD A partial range needs a length above zero\r\n");
        assertThat(fetch("f FETCH 1 BODY[]<0>")).isEqualTo("f BAD Expected '.' in a partial range\r\n");
        assertThat(fetch("f FETCH 1 BODY[]<0.5")).isEqualTo("f BAD Expected '>'\r\n");
        assertThat(fetch("f FETCH 1 BODY[]<x.5>")).isEqualTo("f BAD Expected a number\r\n");
    }

    @Test
    void sequenceSetsPickMessages() {
        ImapTalk t = ImapTalk.loggedIn(false);
        for (int i = 3; i <= 5; i++) {
            t.bob().append(("Subject: " + i + "\r\n\r\n").getBytes(UTF_8));
        }
        t.say("s SELECT INBOX\r\n");
        assertThat(t.say("a FETCH 2:4,1 UID\r\n")).isEqualTo("* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n"
                + "* 3 FETCH (UID 3)\r\n* 4 FETCH (UID 4)\r\na OK FETCH completed\r\n");
        assertThat(t.say("b FETCH * UID\r\n")).isEqualTo("* 5 FETCH (UID 5)\r\nb OK FETCH completed\r\n");
        assertThat(t.say("c FETCH 4:2 UID\r\n"))
                .isEqualTo("* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n* 4 FETCH (UID 4)\r\nc OK FETCH completed\r\n");
        assertThat(t.say("d FETCH 5,5,1:1 UID\r\n")).isEqualTo("* 1 FETCH (UID 1)\r\n* 5 FETCH (UID 5)\r\nd OK FETCH completed\r\n");
        assertThat(t.say("e FETCH 6 UID\r\n")).isEqualTo("e BAD Invalid message sequence number, the mailbox has 5\r\n");
        assertThat(t.say("f FETCH 0 UID\r\n")).isEqualTo("f BAD Invalid sequence set\r\n");
        assertThat(t.say("g FETCH x UID\r\n")).isEqualTo("g BAD Expected a sequence set\r\n");
        assertThat(t.say("h FETCH 1 \r\n")).isEqualTo("h BAD Expected a data item\r\n");
        assertThat(t.say("i FETCH 1 (UID\r\n")).isEqualTo("i BAD Expected ')' after the data items\r\n");
        assertThat(t.say("j FETCH 1 UID FLAGS\r\n")).isEqualTo("j BAD Unexpected extra arguments\r\n");
    }

    @Test
    void uidFetchNamesUidsAndAlwaysReturnsThem() {
        ImapTalk t = ImapTalk.loggedIn(false);
        t.bob().append("Subject: 3\r\n\r\n".getBytes(UTF_8));
        t.bob().expunge(Set.of(2L)); // uids 1 and 3 are left, as messages 1 and 2
        t.say("s SELECT INBOX\r\n");
        assertThat(t.say("u1 UID FETCH 3 FLAGS\r\n")).isEqualTo("* 2 FETCH (UID 3 FLAGS ())\r\nu1 OK UID FETCH completed\r\n");
        assertThat(t.say("u2 UID FETCH 2 FLAGS\r\n")).isEqualTo("u2 OK UID FETCH completed\r\n");
        assertThat(t.say("u3 UID FETCH 1:* (FLAGS UID)\r\n")).isEqualTo("* 1 FETCH (FLAGS () UID 1)\r\n"
                + "* 2 FETCH (FLAGS () UID 3)\r\nu3 OK UID FETCH completed\r\n");
        assertThat(t.say("u4 UID FETCH 99:* UID\r\n")).isEqualTo("* 2 FETCH (UID 3)\r\nu4 OK UID FETCH completed\r\n");
        assertThat(t.say("u5 UID FETCH 2 BODY[]\r\n")).isEqualTo("u5 OK UID FETCH completed\r\n");
        assertThat(t.say("u6 UID FETCH 3 BODY[]\r\n"))
                .isEqualTo("* 2 FETCH (UID 3 FLAGS (\\Seen) BODY[] {14}\r\nSubject: 3\r\n\r\n)\r\nu6 OK UID FETCH completed\r\n");
    }

    @Test
    void anEmptyMailboxAnswersStarWithNothing() {
        ImapTalk t = ImapTalk.loggedIn(false);
        t.bob().expunge(Set.of(1L, 2L));
        assertThat(t.say("s SELECT INBOX\r\n")).contains("* 0 EXISTS\r\n").doesNotContain("UNSEEN");
        assertThat(t.say("a FETCH 1:* FLAGS\r\n")).isEqualTo("a OK FETCH completed\r\n");
        assertThat(t.say("b UID FETCH 1:* FLAGS\r\n")).isEqualTo("b OK UID FETCH completed\r\n");
        assertThat(t.say("c FETCH 1 FLAGS\r\n")).isEqualTo("c BAD Invalid message sequence number, the mailbox has 0\r\n");
        assertThat(t.say("d SEARCH ALL\r\n")).isEqualTo("* SEARCH\r\nd OK SEARCH completed\r\n");
    }

    @Test
    void internalDateComesFromTheDateField() {
        ImapTalk t = ImapTalk.loggedIn(false);
        t.bob().append("Date: Tue, 3 Jun 2008 11:05:30 +0200 (CEST)\r\nSubject: d\r\n\r\n".getBytes(UTF_8));
        t.bob().append("Date: 3 Jun 2008 11:05:30 -0700\r\n\r\n".getBytes(UTF_8));
        t.bob().append("Date: yesterday\r\n\r\n".getBytes(UTF_8));
        t.say("s SELECT INBOX\r\n");
        assertThat(t.say("i FETCH 3:5 INTERNALDATE\r\n")).isEqualTo("* 3 FETCH (INTERNALDATE \"03-Jun-2008 11:05:30 +0200\")\r\n"
                + "* 4 FETCH (INTERNALDATE \"03-Jun-2008 11:05:30 -0700\")\r\n"
                + "* 5 FETCH (INTERNALDATE \"01-Jan-1970 00:00:00 +0000\")\r\ni OK FETCH completed\r\n");
    }
}
