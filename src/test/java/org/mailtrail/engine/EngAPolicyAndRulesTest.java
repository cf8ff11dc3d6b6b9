package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.Transaction;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** A receiving host's answers and the rules of the delivery core, called directly (no transport). */
class EngAPolicyAndRulesTest {
    @TempDir
    Path dir;

    private static final World WORLD = load("assets/scenarios/world.yaml");

    private static World load(String path) {
        try {
            return new WorldLoader().load(Path.of(path).toAbsolutePath().toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transport that only tells the time: 42 s after the world's start. */
    private static MailNetwork clockOnly() {
        return (MailNetwork) Proxy.newProxyInstance(MailNetwork.class.getClassLoader(), new Class<?>[] {MailNetwork.class},
                (p, m, a) -> switch (m.getName()) {
                    case "now" -> 42_000_000L;
                    case "wallClock" -> Instant.parse("2026-01-05T09:00:42Z");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private final EngAStepsTest.Recorder journal = new EngAStepsTest.Recorder();
    private final JourneyState journey = new JourneyState(journal, Route.DIRECT);

    private ReceivingPolicy policy(World w, String host, String clientName) {
        DeliveryAgent agent = new DeliveryAgent(w, Retrieval.NONE, clockOnly(), (t, r) -> { }, null, new Random(3));
        return new ReceivingPolicy(w.host(host).orElseThrow(), clientName, "10.9.9.9", agent, journey);
    }

    private World world(String hostsYaml) throws Exception {
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\nname: w\nhosts:\n"
                + hostsYaml);
        return new WorldLoader().load(w.toString());
    }

    private static Transaction tx(String from, List<String> rcpts, String content) {
        return new Transaction("client.example", true, false, from, rcpts, content.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void greetingMailAndQuitRepliesByDefault() {
        ReceivingPolicy p = policy(WORLD, "mx1.example.net", "mail.example.org");
        assertThat(p.host().name()).isEqualTo("mx1.example.net");
        assertThat(p.onConnect().wireLines()).containsExactly("220 mx1.example.net ESMTP Postfix");
        assertThat(p.onMail("alice@example.org", Map.of()).wireLines()).containsExactly("250 2.1.0 Ok");
        assertThat(p.onQuit().wireLines()).containsExactly("221 2.0.0 Bye");
        assertThat(p.onRcpt("alice@example.org", "bob@example.net").wireLines()).containsExactly("250 2.1.5 Ok");
    }

    @Test
    void configuredRepliesReplaceTheDefaults() throws Exception {
        World w = world("  - name: mx1.example.net\n    smtp: { mailReply: \"550 5.7.1 Sender rejected\","
                + " dataReply: \"554 5.7.1 Spam\" }\n");
        ReceivingPolicy p = policy(w, "mx1.example.net", "mail.example.org");
        assertThat(p.onMail("alice@example.org", Map.of()).wireLines()).containsExactly("550 5.7.1 Sender rejected");
        assertThat(p.onMessage(tx("alice@example.org", List.of("bob@example.net"), "Subject: x\r\n\r\nhi\r\n"))
                .wireLines()).containsExactly("554 5.7.1 Spam");
        assertThat(p.accepted()).isEmpty();
    }

    @Test
    void authenticationWithTheWorldsUsers() {
        ReceivingPolicy p = policy(WORLD, "mail.example.org", "alice-laptop.example.org");
        assertThat(p.onAuth("alice@example.org", World.DEFAULT_PASSWORD)).isNull(); // the user of a mail client
        assertThat(p.onAuth("bob@EXAMPLE.NET", World.DEFAULT_PASSWORD)).isNull(); // a mailbox, domain in any case
        assertThat(p.onAuth("carol@example.net", World.DEFAULT_PASSWORD)).isNull(); // a mailbox without a client
        assertThat(p.onAuth("alice@example.org", "wrong").code()).isEqualTo(535);
        assertThat(p.onAuth("nobody@example.net", World.DEFAULT_PASSWORD).code()).isEqualTo(535);
        assertThat(p.onAuth("carol@example.org", World.DEFAULT_PASSWORD).code()).isEqualTo(535); // not at that domain
        assertThat(p.onAuth("@example.net", World.DEFAULT_PASSWORD).code()).isEqualTo(535);
        assertThat(p.onAuth("bob", World.DEFAULT_PASSWORD).code()).isEqualTo(535);
    }

    @Test
    void anAuthenticatedSubmitterMayRelayOthersMayNot() {
        ReceivingPolicy stranger = policy(WORLD, "mail.example.org", "[10.9.9.9]");
        assertThat(stranger.onRcpt("x@example.org", "bob@example.net").wireLines())
                .containsExactly("554 5.7.1 <bob@example.net>: Relay access denied");
        assertThat(stranger.onAuth("alice@example.org", World.DEFAULT_PASSWORD)).isNull();
        assertThat(stranger.onRcpt("alice@example.org", "bob@example.net").code()).isEqualTo(250);
        // a domain-less recipient that is not a postmaster goes the relay way and is refused there
        assertThat(policy(WORLD, "mail.example.org", "[10.9.9.9]").onRcpt("x@example.org", "@example.net").code())
                .isEqualTo(554);
        assertThat(policy(WORLD, "mail.example.org", "alice-laptop.example.org").onRcpt("x@example.org", "@example.net")
                .code()).isEqualTo(250);
    }

    @Test
    void aDomainLessPostmasterIsGreylistedLikeAnyRecipient() throws Exception {
        World w = world("  - name: mx1.example.net\n    smtp: { greylist: true, greylistDelaySeconds: 60 }\n");
        ReceivingPolicy p = policy(w, "mx1.example.net", "mail.example.org");
        assertThat(p.onRcpt("alice@example.org", "postmaster").wireLines()).containsExactly(
                "450 4.2.0 <postmaster>: Recipient address rejected: Greylisted, try again in 60 seconds");
        assertThat(p.onRcpt("alice@example.org", "bob@example.net").code()).isEqualTo(450);
    }

    @Test
    void anAcceptedMessageIsQueuedWithItsRecipientsResolved() {
        ReceivingPolicy p = policy(WORLD, "mx1.example.net", "mail.example.org");
        Reply r = p.onMessage(tx("alice@example.org", List.of("postmaster", "bob@example.net", "bob@EXAMPLE.NET",
                "carol@example.net", "Carol@example.net", "@x.example", "@X.EXAMPLE"), "Subject: x\r\n\r\nhi\r\n"));
        assertThat(r.code()).isEqualTo(250);
        assertThat(p.accepted()).hasSize(1);
        QueueEntry e = p.accepted().get(0);
        assertThat(r.wireLines()).containsExactly("250 2.0.0 Ok: queued as " + e.id);
        assertThat(e.pending).containsExactly("postmaster@example.net", "bob@example.net", "carol@example.net",
                "Carol@example.net", "@x.example");
        assertThat(e.arrivedMicros).isEqualTo(42_000_000L);
        assertThat(e.bounce).isFalse();
        assertThat(new String(e.content, StandardCharsets.US_ASCII)).startsWith("Received: from client.example");
        assertThat(journey.outcomes()).containsOnlyKeys("postmaster@example.net", "bob@example.net",
                "carol@example.net", "Carol@example.net", "@x.example");
        assertThat(journal.events).extracting(org.mailtrail.timeline.TimelineEvent::kind)
                .containsExactly(EventKind.RECEIVED_ADDED, EventKind.MESSAGE_ACCEPTED);
        assertThat(journal.events.get(0).lines()).hasSizeGreaterThan(1).allMatch(l -> !l.isEmpty());
    }

    @Test
    void aMessageWithOneHundredReceivedLinesIsALoop() {
        String hops99 = "Received: from a by b; x\r\n".repeat(ReceivingPolicy.MAX_HOPS - 1);
        ReceivingPolicy p = policy(WORLD, "mx1.example.net", "mail.example.org");
        assertThat(p.onMessage(tx("alice@example.org", List.of("bob@example.net"), hops99 + "Subject: x\r\n\r\nhi\r\n"))
                .code()).isEqualTo(250);
        Reply loop = p.onMessage(tx("alice@example.org", List.of("bob@example.net"),
                hops99 + "Received: from c by d; y\r\n\r\nhi\r\n"));
        assertThat(loop.wireLines()).containsExactly("554 5.4.6 Too many hops: mail loop detected");
        assertThat(p.accepted()).hasSize(1);
    }

    @Test
    void crlfLinesSplitsAsStringSplitDoes() {
        assertThat(ReceivingPolicy.crlfLines("one")).containsExactly("one");
        assertThat(ReceivingPolicy.crlfLines("")).containsExactly("");
        assertThat(ReceivingPolicy.crlfLines("a\r\nb")).containsExactly("a", "b");
        assertThat(ReceivingPolicy.crlfLines("\r\nb")).containsExactly("", "b");
        assertThat(ReceivingPolicy.crlfLines("a\r\n\r\n")).containsExactly("a");
        assertThat(ReceivingPolicy.crlfLines("\r\n")).isEmpty();
        assertThat(ReceivingPolicy.parse("250").wireLines()).containsExactly("250 ");
        assertThat(ReceivingPolicy.parse("451 4.3.0 Try later").wireLines()).containsExactly("451 4.3.0 Try later");
    }

    @Test
    void failureKeysSayTheReason() {
        assertThat(key("5.7.1", "554 5.7.1 Relay access denied")).isEqualTo("delivery.failed.relay-denied");
        assertThat(key("5.7.1", "550 5.7.1 Sender rejected")).isEqualTo("delivery.failed");
        assertThat(key("4.7.1", "relay later")).isEqualTo("delivery.failed.relay-denied");
        assertThat(key("5.1.2", "no such domain")).isEqualTo("delivery.failed.no-domain");
        assertThat(key("4.1.2", "no such domain")).isEqualTo("delivery.failed");
        assertThat(key("4.4.7", null)).isEqualTo("delivery.failed.expired");
        assertThat(key("5.4.7", "x")).isEqualTo("delivery.failed");
        assertThat(key(null, null)).isEqualTo("delivery.failed");
        assertThat(key("5.1.10", "x")).isEqualTo("delivery.failed.null-mx");
        assertThat(key("5.2.2", "x")).isEqualTo("delivery.failed.mailbox-full");
        assertThat(key("5.1.1", "x")).isEqualTo("delivery.failed.unknown-user");
    }

    private static String key(String status, String diag) {
        return Setbacks.failureKey(new Bounces.Failure("bob@example.net", status, diag, null));
    }

    @Test
    void theSendersClientAndSubmissionServer() {
        DeliveryAgent agent = new DeliveryAgent(WORLD, Retrieval.NONE, clockOnly(), (t, r) -> { }, null, new Random(1));
        assertThat(agent.clientFor("alice@example.org").name()).isEqualTo("alice-laptop.example.org");
        assertThat(agent.clientFor("carol@example.net").name()).isEqualTo("bob-laptop.example.net"); // same domain
        assertThat(agent.clientFor("erin@school.test").name()).isEqualTo("alice-laptop.example.org"); // the first
        assertThat(agent.submissionServerFor("erin@school.test").name()).isEqualTo("mail.example.org");
        assertThat(agent.world()).isSameAs(WORLD);
        assertThat(agent.now()).isEqualTo(42_000_000L);

    }

    @Test
    void hexIsZeroPadded() {
        assertThat(DeliveryAgent.hex(0x1f, 4)).isEqualTo("001f");
        assertThat(DeliveryAgent.hex(0xabcd, 4)).isEqualTo("abcd");
        assertThat(DeliveryAgent.hex(0x12345, 4)).isEqualTo("12345");
    }

    @Test
    void theJournalsShortcutsReturnTheStepTheyWrote() {
        assertThat(journal.local(EventKind.QUEUED, "h", "s", List.of(), "k", "r", Map.of()))
                .isSameAs(journal.last()).satisfies(e -> assertThat(e.destination()).isEqualTo("h"));
        assertThat(journal.note(EventKind.DELIVERED, "h", "store", "s", List.of(), "k", "r", Map.of()))
                .isSameAs(journal.last()).satisfies(e -> assertThat(e.timeMicros()).isEqualTo(7));
    }

    @Test
    void receivedLinesAreCountedUpToTheEndOfTheHeader() {
        assertThat(MessageComposer.countReceived("Received: a\r\n\r".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
        assertThat(MessageComposer.countReceived("Received: a\r\n\r\nReceived: b\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(1);
    }

    @Test
    void composeChecksEachField() {
        assertThat(codes(new Compose("alice@example.org", List.of("bob@example.net"), List.of("c@example.net"), "Hi", "")))
                .isEmpty();
        assertThat(new Compose("bad", List.of("bob@example.net"), null, null, null).validate())
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("from");
                    assertThat(e.code()).isEqualTo("address.invalid");
                    assertThat(e.args().get(0)).isEqualTo("bad");
                });
        assertThat(fields(new Compose("a@example.org", List.of("x y"), List.of(), "", ""))).containsExactly("to");
        assertThat(fields(new Compose("a@example.org", List.of("b@example.net"), List.of("c\r\n@x"), "", "")))
                .containsExactly("cc");
        assertThat(new Compose("a@example.org", List.of("b@example.net"), List.of("c\r\n@x"), "", "").validate().get(0)
                .args().get(0)).isEqualTo("c\\r\\n@x");
        assertThat(codes(new Compose(" ", List.of(), List.of(), "", ""))).containsExactly("address.missing", "to.none");
        assertThat(codes(new Compose("a@example.org", List.of("b@example.net"), List.of(), "a\rb", "")))
                .containsExactly("subject.line");
        assertThat(codes(new Compose("a@example.org", List.of("b@example.net"), List.of(), "a\nb", "")))
                .containsExactly("subject.line");
        assertThat(codes(new Compose("a@example.org", List.of("b@example.net"), List.of(), "s".repeat(900), ""))).isEmpty();
        assertThat(codes(new Compose("a@example.org", List.of("b@example.net"), List.of(), "s".repeat(901), "")))
                .containsExactly("subject.long");
        List<String> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add("u" + i + "@example.net");
        }
        assertThat(codes(new Compose("a@example.org", hundred, List.of(), "", ""))).isEmpty();
        List<String> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add("u" + i + "@example.net");
        }
        // more than 100 go out in transactions of at most 100 (RFC 5321 §4.5.3.1.8); a message takes 1000
        assertThat(codes(new Compose("a@example.org", thousand, List.of(), "", ""))).isEmpty();
        List<Compose.FieldError> many = new Compose("a@example.org", thousand, List.of("extra@example.net"), "", "")
                .validate();
        assertThat(many).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("to.many");
            assertThat(e.message()).isEqualTo("more than 1000 recipients");
        });
        assertThat(new Compose("a@example.org", hundred, List.of("extra@example.net"), "", "").validate(100))
                .singleElement().satisfies(e -> assertThat(e.message())
                        .isEqualTo("more than 100 recipients (RFC 5321 §4.5.3.1.8)"));
        assertThat(new Compose("a@example.org", hundred, List.of(), "", "").validate(99)).singleElement()
                .satisfies(e -> assertThat(e.args()).containsExactly("99", ""));
        assertThat(new Compose("a@example.org", hundred, List.of(), "", "").validate(100)).isEmpty();
    }

    @Test
    void anInvalidAddressSaysWhereTheProblemIs() {
        Compose.FieldError e = new Compose("a@example.org", List.of("bob@exa mple.net"), List.of(), "", "")
                .validate().get(0);
        assertThat(e.args().get(1)).isNotEmpty().isEqualTo(Integer.toString(Integer.parseInt(e.args().get(1))));
        assertThat(Integer.parseInt(e.args().get(1))).isBetween(1, "bob@exa mple.net".length());
    }

    private static List<String> codes(Compose c) {
        return c.validate().stream().map(Compose.FieldError::code).toList();
    }

    private static List<String> fields(Compose c) {
        return c.validate().stream().map(Compose.FieldError::field).toList();
    }

}
