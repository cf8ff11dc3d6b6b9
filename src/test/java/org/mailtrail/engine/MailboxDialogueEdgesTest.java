package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.mailbox.StoredMessage;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The last leg run in memory ({@link MailboxDialogue}): Bob's laptop fetches from imap.example.net of the default
 * world (link latency 1 ms) by POP3 and by IMAP; each command and reply is on the timeline one latency apart, the
 * password hidden, and the fetched message (or what went wrong) at the end.
 */
class MailboxDialogueEdgesTest {
    private static final long LAT = 1_000;
    private static final byte[] FIRST = "Subject: one\r\n\r\nfirst message\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECOND = "Subject: two\r\n\r\nthe second, longer message\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private World world;
    private Timeline timeline;
    private MailStore store;
    private SimNetwork net;

    @BeforeEach
    void defaultWorld() throws Exception {
        use(new WorldLoader().load("direct"));
    }

    private void use(World w) {
        this.world = w;
        this.timeline = new Timeline();
        this.store = MailStore.inMemory(w.users());
        this.net = new SimNetwork(w, timeline, new Random(1), store);
    }

    private Host host(String name) {
        return world.host(name).orElseThrow();
    }

    private void fetch(Retrieval how, String mailbox, int number, MailboxAccess access, boolean bounce) {
        MailboxDialogue.retrieve(net, how, host("bob-laptop.example.net"), host("imap.example.net"), mailbox, number,
                access, bounce);
    }

    private MailboxAccess bobsTwoMessages() {
        store.append("imap.example.net", "bob@example.net", FIRST);
        store.append("imap.example.net", "bob@example.net", SECOND);
        return store.access("imap.example.net");
    }

    private List<TimelineEvent> of(EventKind kind) {
        return timeline.events().stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    private List<String> commands() {
        return of(EventKind.MAILBOX_COMMAND).stream().map(TimelineEvent::summary).collect(Collectors.toList());
    }

    @Test
    void pop3FetchesTheAskedMessageOverTlsAndLeavesTheMaildropAsItWas() {
        MailboxAccess access = bobsTwoMessages();
        fetch(Retrieval.POP3, "Bob@example.net", 1, access, false);

        // the user is the mailbox's local part in lower case; the password never shows
        assertThat(commands()).containsExactly("C: CAPA", "C: STLS", "C: USER bob", "C: PASS ********", "C: STAT",
                "C: RETR 1", "C: QUIT");
        assertThat(of(EventKind.MAILBOX_COMMAND)).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("bob-laptop.example.net");
            assertThat(e.destination()).isEqualTo("imap.example.net");
            assertThat(e.endMicros() - e.timeMicros()).isEqualTo(LAT);
            assertThat(e.explanationKey()).startsWith("mailbox.pop3.cmd.");
        });
        List<TimelineEvent> replies = of(EventKind.MAILBOX_REPLY);
        assertThat(replies).extracting(TimelineEvent::explanationKey).containsExactly("mailbox.pop3.reply.greeting",
                "mailbox.pop3.reply.capa", "mailbox.pop3.reply.stls", "mailbox.pop3.reply.ok",
                "mailbox.pop3.reply.ok", "mailbox.pop3.reply.stat", "mailbox.pop3.reply.retr",
                "mailbox.pop3.reply.quit");
        assertThat(replies).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("imap.example.net");
            assertThat(e.endMicros() - e.timeMicros()).isEqualTo(LAT);
        });
        assertThat(replies.get(5).summary()).isEqualTo("S: +OK 2 " + (FIRST.length + SECOND.length));
        // the reply to RETR: +OK, the message's three lines, the final dot
        assertThat(replies.get(6).lines()).hasSize(5).last().isEqualTo(".");
        assertThat(replies.get(6).lines()).contains("first message");
        assertThat(of(EventKind.TLS_NEGOTIATED)).hasSize(1);

        // one latency per half trip: SYN and SYN-ACK (the ACK leaves with the clock there), then 8 replies and 7
        // commands, the TLS handshake (2) and the FIN
        TimelineEvent retrieved = of(EventKind.MAILBOX_RETRIEVED).get(0);
        assertThat(retrieved.timeMicros()).isEqualTo((2 + 8 + 7 + 2 + 1) * LAT);
        assertThat(timeline.events()).last().isEqualTo(retrieved);
        assertThat(retrieved.source()).isEqualTo("bob-laptop.example.net");
        assertThat(retrieved.summary()).isEqualTo("Bob@example.net's mail client now shows the message");
        assertThat(retrieved.lines()).containsExactly("fetched message 1 (" + FIRST.length + " octets) by POP3");
        assertThat(retrieved.explanationKey()).isEqualTo("mailbox.retrieved.pop3");
        assertThat(retrieved.rfc()).contains("RFC 1939");
        assertThat(retrieved.detail("mailbox")).isEqualTo("Bob@example.net");
        assertThat(of(EventKind.PROTOCOL_ERROR)).isEmpty();

        // RETR and QUIT without DELE: both messages are still there, the first one unchanged
        List<StoredMessage> left = access.login("bob", world.users().passwordOf("bob@example.net")).messages();
        assertThat(left).hasSize(2);
        assertThat(left.get(0).content()).isEqualTo(FIRST);
    }

    @Test
    void imapFetchesTheNewestWhenAskedForNumberZeroAndMarksItSeen() {
        MailboxAccess access = bobsTwoMessages();
        fetch(Retrieval.IMAP, "bob@example.net", 0, access, false);

        assertThat(commands()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(commands()).anyMatch(c -> c.contains("STARTTLS"));
        assertThat(commands()).anyMatch(c -> c.contains("LOGIN bob ") && !c.contains("mailtrail"));
        assertThat(commands()).anyMatch(c -> c.contains("FETCH 2 BODY[]"));
        assertThat(commands()).last().satisfies(c -> assertThat(c).contains("LOGOUT"));
        assertThat(of(EventKind.MAILBOX_COMMAND)).allSatisfy(e -> assertThat(e.explanationKey())
                .startsWith("mailbox.imap.cmd."));
        assertThat(of(EventKind.MAILBOX_REPLY)).allSatisfy(e -> assertThat(e.explanationKey())
                .startsWith("mailbox.imap.reply."));
        TimelineEvent retrieved = of(EventKind.MAILBOX_RETRIEVED).get(0);
        assertThat(retrieved.lines()).containsExactly("fetched message 0 (" + SECOND.length + " octets) by IMAP");
        assertThat(retrieved.explanationKey()).isEqualTo("mailbox.retrieved.imap");
        assertThat(retrieved.rfc()).contains("RFC 3501");
        List<StoredMessage> left = access.login("bob", world.users().passwordOf("bob@example.net")).messages();
        assertThat(left).hasSize(2);
        assertThat(left.get(1).flags()).contains("\\Seen");
        assertThat(left.get(0).flags()).doesNotContain("\\Seen");
    }

    @Test
    void aBounceComingBackIsShownAsTheBounce() {
        fetch(Retrieval.POP3, "bob@example.net", 2, bobsTwoMessages(), true);
        TimelineEvent retrieved = of(EventKind.MAILBOX_RETRIEVED).get(0);
        assertThat(retrieved.explanationKey()).isEqualTo("mailbox.retrieved.bounce.pop3");
        assertThat(retrieved.summary())
                .isEqualTo("bob@example.net's mail client now shows the bounce: the message came back undelivered");
        assertThat(retrieved.lines()).containsExactly("fetched message 2 (" + SECOND.length + " octets) by POP3");
    }

    @Test
    void aRefusedLoginIsAProtocolErrorOfTheMailClient() {
        MailboxAccess nobody = (user, password) -> null;
        fetch(Retrieval.POP3, "bob@example.net", 1, nobody, false);

        assertThat(commands()).containsExactly("C: CAPA", "C: STLS", "C: USER bob", "C: PASS ********", "C: QUIT");
        assertThat(of(EventKind.MAILBOX_RETRIEVED)).isEmpty();
        TimelineEvent failed = of(EventKind.PROTOCOL_ERROR).get(0);
        assertThat(timeline.events()).last().isEqualTo(failed);
        assertThat(failed.source()).isEqualTo("bob-laptop.example.net");
        assertThat(failed.summary()).startsWith("The mail client could not fetch the message: "
                + "the server refused the login: -ERR");
        assertThat(failed.lines()).hasSize(1);
        assertThat(failed.lines().get(0)).startsWith("the server refused the login: -ERR");
        assertThat(failed.explanationKey()).isEqualTo("mailbox.failed");
        assertThat(failed.rfc()).isEqualTo("RFC 1939");
        assertThat(failed.detail("mailbox")).isEqualTo("bob@example.net");
    }

    @Test
    void anEmptyMaildropOverImapIsAnErrorNamingIt() {
        store.create("imap.example.net", "bob@example.net");
        fetch(Retrieval.IMAP, "bob@example.net", 0, store.access("imap.example.net"), false);
        assertThat(of(EventKind.MAILBOX_RETRIEVED)).isEmpty();
        TimelineEvent failed = of(EventKind.PROTOCOL_ERROR).get(0);
        assertThat(failed.rfc()).isEqualTo("RFC 3501");
        assertThat(failed.explanationKey()).isEqualTo("mailbox.failed");
        assertThat(failed.summary()).startsWith("The mail client could not fetch the message: ");
        assertThat(commands()).last().satisfies(c -> assertThat(c).contains("LOGOUT"));
    }

    @Test
    void aMailboxHostThatRefusesTheConnectionLeavesOnlyTheTcpSteps() throws Exception {
        Path p = dir.resolve("down.yaml");
        Files.writeString(p, "extends: builtin:world\nname: down\nhosts:\n  - name: imap.example.net\n"
                + "    smtp: { down: true }\n");
        World down = new WorldLoader().load(p.toString());
        use(down);
        fetch(Retrieval.IMAP, "bob@example.net", 0, bobsTwoMessages(), false);
        // SYN, then RST: no mailbox step, no close, no error of the mail client
        assertThat(timeline.events()).extracting(TimelineEvent::kind)
                .containsExactly(EventKind.TCP_SYN, EventKind.TCP_FAILED);
        assertThat(timeline.events().get(1).explanationKey()).isEqualTo("tcp.failed.refused");
        assertThat(timeline.events().get(0).detail("dstPort")).isEqualTo("143");
    }
}
