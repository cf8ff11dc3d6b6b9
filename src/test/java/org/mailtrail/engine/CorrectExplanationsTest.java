package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * Each step is explained for what it is: a connection to a mailbox port starts POP3 or IMAP, a refusal says its
 * reason, a bounce never "reaches the recipient", a run that stops with mail queued says so, a domain outside the
 * world is not a real NXDOMAIN, and the figures do not count the bounce as the message.
 */
class CorrectExplanationsTest {
    private static final Explanations EN = new Explanations(Locale.ENGLISH);

    private static SimulationResult run(World w, Route route, Retrieval retrieval, String... to) {
        World.Defaults d = w.defaults();
        List<String> rcpts = to.length == 0 ? d.to() : List.of(to);
        return new SimulationEngine(w).run(new Compose(d.from(), rcpts, d.cc(), d.subject(), d.body()), route,
                retrieval, w.seed());
    }

    private static SimulationResult run(String scenario, Route route, Retrieval retrieval, String... to)
            throws Exception {
        return run(new WorldLoader().load(scenario), route, retrieval, to);
    }

    private static List<TimelineEvent> events(SimulationResult r, int journey) {
        return r.journeys().get(journey).timeline().events();
    }

    private static List<TimelineEvent> withKey(List<TimelineEvent> ev, String key) {
        List<TimelineEvent> out = new ArrayList<>();
        for (TimelineEvent e : ev) {
            if (e.explanationKey().equals(key)) {
                out.add(e);
            }
        }
        return out;
    }

    private static int index(List<TimelineEvent> ev, EventKind kind, String summaryPart) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).kind() == kind && ev.get(i).summary().contains(summaryPart)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aConnectionToAMailboxPortStartsAPop3OrImapConversationNotSmtp() throws Exception {
        for (Retrieval how : List.of(Retrieval.POP3, Retrieval.IMAP)) {
            String proto = how.name().toLowerCase(Locale.ROOT);
            List<TimelineEvent> ev = events(run("direct", Route.DIRECT, how), 0);
            TimelineEvent ack = ev.stream().filter(e -> e.kind() == EventKind.TCP_ACK
                    && List.of("110", "143").contains(e.detail(Details.DST_PORT))).findFirst().orElseThrow();
            assertThat(ack.explanationKey()).isEqualTo("tcp.ack." + proto);
            assertThat(EN.text(ack.explanationKey())).contains(how.name()).doesNotContain("SMTP");
            TimelineEvent tls = ev.stream().filter(e -> e.kind() == EventKind.TLS_NEGOTIATED
                    && e.detail(Details.CONN).equals(ack.detail(Details.CONN))).findFirst().orElseThrow();
            assertThat(tls.explanationKey()).isEqualTo("tls.negotiated." + proto);
            assertThat(EN.text(tls.explanationKey())).doesNotContain("EHLO");
            // the SMTP connections keep the SMTP explanation
            assertThat(ev.get(2).explanationKey()).isEqualTo("tcp.ack");
            assertThat(EN.text("tcp.ack")).contains("SMTP");
        }
    }

    @Test
    void theLastLegIsSecuredBeforeTheLoginAndSubmissionAuthenticatesAfterStarttls() throws Exception {
        List<TimelineEvent> pop = events(run("direct", Route.DIRECT, Retrieval.POP3), 0);
        int stls = index(pop, EventKind.MAILBOX_COMMAND, "C: STLS");
        int tls = index(pop, EventKind.TLS_NEGOTIATED, "imap.example.net");
        int user = index(pop, EventKind.MAILBOX_COMMAND, "C: USER ");
        int pass = index(pop, EventKind.MAILBOX_COMMAND, "C: PASS ");
        assertThat(stls).isPositive().isLessThan(tls);
        assertThat(tls).isLessThan(user);
        assertThat(user).isLessThan(pass);
        assertThat(pop.get(pass).summary()).isEqualTo("C: PASS ********");

        List<TimelineEvent> imap = events(run("direct", Route.DIRECT, Retrieval.IMAP), 0);
        int greeting = index(imap, EventKind.MAILBOX_REPLY, "* OK");
        int starttls = index(imap, EventKind.MAILBOX_COMMAND, "STARTTLS");
        int imapTls = index(imap, EventKind.TLS_NEGOTIATED, "imap.example.net");
        int login = index(imap, EventKind.MAILBOX_COMMAND, " LOGIN ");
        assertThat(imap.get(greeting).summary()).contains("STARTTLS").contains("LOGINDISABLED");
        assertThat(greeting).isLessThan(starttls);
        assertThat(starttls).isLessThan(imapTls);
        assertThat(imapTls).isLessThan(login);
        assertThat(imap.get(login).summary()).endsWith("********");
        for (int i = imapTls; i < login; i++) {
            assertThat(imap.get(i).lines()).noneMatch(l -> l.contains("LOGINDISABLED"));
        }

        // submission: STARTTLS, then AUTH, its credentials hidden on the timeline and in the transcript
        int smtpTls = index(imap, EventKind.TLS_NEGOTIATED, "mail.example.org");
        int auth = index(imap, EventKind.SMTP_COMMAND, "C: AUTH ");
        assertThat(imap.get(2).detail(Details.DST_PORT)).isEqualTo("587");
        assertThat(smtpTls).isLessThan(auth);
        assertThat(imap.get(auth).lines()).allMatch(l -> l.endsWith("********"));
        String text = TextTranscript.render(run("direct", Route.BOTH, Retrieval.POP3));
        assertThat(text).doesNotContain("mailtrail\u0000").doesNotContain("AGFsaWNl"); // base64 of "\0alice"
    }

    @Test
    void aBounceNeverReachesTheRecipient() throws Exception {
        for (String s : List.of("unknown-user", "relay-denied", "null-mx", "nxdomain")) {
            for (Retrieval how : List.of(Retrieval.POP3, Retrieval.IMAP)) {
                SimulationResult r = run(s, Route.BOTH, how);
                for (Journey j : r.journeys()) {
                    boolean bounced = j.outcomes().values().stream()
                            .anyMatch(o -> o.status() == RecipientOutcome.Status.BOUNCED);
                    if (!bounced) {
                        continue;
                    }
                    List<TimelineEvent> ev = j.timeline().events();
                    TimelineEvent delivered = ev.stream().filter(e -> e.kind() == EventKind.DELIVERED)
                            .reduce((a, b) -> b).orElseThrow();
                    assertThat(delivered.explanationKey()).as(s).isEqualTo("delivered.bounce");
                    TimelineEvent fetched = ev.stream().filter(e -> e.kind() == EventKind.MAILBOX_RETRIEVED)
                            .findFirst().orElseThrow();
                    assertThat(fetched.explanationKey()).isEqualTo("mailbox.retrieved.bounce."
                            + how.name().toLowerCase(Locale.ROOT));
                    assertThat(fetched.summary()).contains("bounce");
                    for (TimelineEvent e : ev) {
                        assertThat(EN.text(e.explanationKey())).as(s + ": " + e.summary())
                                .doesNotContain("reached the recipient")
                                .doesNotContain("into the recipient's mailbox");
                    }
                }
            }
        }
    }

    @Test
    void aRunThatStopsWithMailQueuedSaysSoAndWhenTheNextAttemptWouldHaveBeen(@TempDir Path dir) throws Exception {
        Path world = dir.resolve("slow-greylist.yaml");
        Files.writeString(world, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\n"
                + "name: slow-greylist\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { greylist: true, greylistDelaySeconds: 86400 }\n"
                + "  - name: mx2.example.net\n    smtp: { greylist: true, greylistDelaySeconds: 86400 }\n");
        SimulationResult r = run(new WorldLoader().load(world.toString()), Route.DIRECT, Retrieval.IMAP);
        Journey j = r.journeys().get(0);
        assertThat(j.exitCode()).isEqualTo(4);
        List<TimelineEvent> ev = j.timeline().events();
        TimelineEvent last = ev.get(ev.size() - 1);
        assertThat(last.explanationKey()).isEqualTo("simulation.stopped");
        assertThat(last.summary()).contains("simulation stops").contains("still queued on mail.example.org");
        assertThat(last.lines().get(0)).contains("next attempt would have been at ");
        assertThat(last.detail("retryAt")).isNotEmpty();
        assertThat(last.timeMicros()).isEqualTo(SimulationEngine.DEFAULT_HORIZON_MICROS);
        assertThat(EN.text(last.explanationKey())).contains("simulation stops here");
        RecipientOutcome o = j.outcomes().get("bob@example.net");
        assertThat(o.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(o.detail()).contains("simulation stopped").contains(last.detail("retryAt"));
        assertThat(TextTranscript.render(r)).contains("next attempt would have been at " + last.detail("retryAt"));
    }

    @Test
    void eachRefusalExplainsItsReasonNotOnlyItsClass(@TempDir Path dir) throws Exception {
        List<TimelineEvent> grey = events(run("greylisting", Route.DIRECT, Retrieval.NONE), 0);
        TimelineEvent g = grey.stream().filter(e -> e.replyCode() == 450).findFirst().orElseThrow();
        assertThat(g.explanationKey()).isEqualTo("smtp.reply.greylisted");
        assertThat(g.rfc()).isEqualTo("RFC 6647");
        assertThat(EN.text(g.explanationKey())).contains("triplet").contains("tries again later");

        List<TimelineEvent> relay = events(run("relay-denied", Route.RELAY, Retrieval.NONE), 0);
        TimelineEvent rd = relay.stream().filter(e -> e.replyCode() == 554).findFirst().orElseThrow();
        assertThat(rd.explanationKey()).isEqualTo("smtp.reply.relay-denied");
        assertThat(EN.text(rd.explanationKey())).contains("own domains").contains("open relay");
        assertThat(withKey(relay, "delivery.failed.relay-denied")).hasSize(1);

        List<TimelineEvent> unknown = events(run("unknown-user", Route.DIRECT, Retrieval.NONE), 0);
        TimelineEvent uu = unknown.stream().filter(e -> e.replyCode() == 550).findFirst().orElseThrow();
        assertThat(uu.explanationKey()).isEqualTo("smtp.reply.unknown-user");
        assertThat(uu.rfc()).contains("RFC 3463 §3.2");
        assertThat(EN.text(uu.explanationKey())).contains("no mailbox by that name");
        assertThat(withKey(unknown, "delivery.failed.unknown-user")).hasSize(1);

        List<TimelineEvent> nullMx = events(run("null-mx", Route.DIRECT, Retrieval.NONE), 0);
        assertThat(withKey(nullMx, "mx.null")).extracting(TimelineEvent::rfc).containsExactly("RFC 7505 §3");
        assertThat(withKey(nullMx, "delivery.failed.null-mx")).hasSize(1);
        assertThat(EN.text("delivery.failed.null-mx")).contains("null MX");

        Path full = dir.resolve("full.yaml");
        Files.writeString(full, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\n"
                + "name: full\nhosts:\n  - name: mx1.example.net\n"
                + "    smtp: { rcptReplies: { \"bob@example.net\": \"552 5.2.2 <bob@example.net>: Mailbox full\" } }\n");
        List<TimelineEvent> mf = events(run(new WorldLoader().load(full.toString()), Route.DIRECT, Retrieval.NONE), 0);
        TimelineEvent mfr = mf.stream().filter(e -> e.replyCode() == 552).findFirst().orElseThrow();
        assertThat(mfr.explanationKey()).isEqualTo("smtp.reply.mailbox-full");
        assertThat(EN.text(mfr.explanationKey())).contains("no room");
        assertThat(withKey(mf, "delivery.failed.mailbox-full")).hasSize(1);
    }

    @Test
    void aDomainOutsideTheWorldIsNotARealNxdomain() throws Exception {
        List<TimelineEvent> ev = events(run("direct", Route.DIRECT, Retrieval.NONE, "someone@gmail.com"), 0);
        TimelineEvent answer = ev.stream().filter(e -> e.kind() == EventKind.DNS_ANSWER
                && e.detail(Details.QNAME).startsWith("gmail.com")).findFirst().orElseThrow();
        assertThat(answer.explanationKey()).isEqualTo("dns.answer.outside-world");
        assertThat(answer.summary()).contains("not part of this simulated world");
        assertThat(EN.text(answer.explanationKey())).contains("not part of this simulated world")
                .doesNotContain("does not exist at all");
        assertThat(withKey(ev, "mx.outside-world")).hasSize(1);
        assertThat(withKey(ev, "delivery.failed.outside-world")).hasSize(1);
        assertThat(withKey(ev, "dns.answer.nxdomain")).isEmpty();
        assertThat(withKey(ev, "mx.failure.permanent")).isEmpty();

        // a reserved name (RFC 6761) that the world lacks is a real NXDOMAIN: it exists nowhere
        List<TimelineEvent> typo = events(run("nxdomain", Route.DIRECT, Retrieval.NONE), 0);
        assertThat(withKey(typo, "dns.answer.nxdomain")).hasSize(1);
        assertThat(withKey(typo, "dns.answer.nxdomain").get(0).rfc()).isEqualTo("RFC 2308 §2.1");
        assertThat(withKey(typo, "dns.answer.outside-world")).isEmpty();
    }

    /** Found by a tester: the null MX answer had the generic MX text ("each names a host and a preference"). */
    @Test
    void aNullMxAnswerIsExplainedAsANullMxInEveryLanguage() throws Exception {
        List<TimelineEvent> ev = events(run("null-mx", Route.DIRECT, Retrieval.NONE), 0);
        TimelineEvent answer = ev.stream().filter(e -> e.kind() == EventKind.DNS_ANSWER
                && "MX".equals(e.detail(Details.QTYPE))).findFirst().orElseThrow();
        assertThat(answer.explanationKey()).isEqualTo("dns.answer.mx.null");
        assertThat(answer.rfc()).isEqualTo("RFC 7505 §3, RFC 7505 §4");
        assertThat(EN.text(answer.explanationKey())).contains("accepts no mail", "A or AAAA")
                .doesNotContain("Each names a host");
        for (String lang : List.of("de", "fr", "es")) {
            String text = new Explanations(Locale.forLanguageTag(lang)).text(answer.explanationKey());
            assertThat(text).as(lang).contains("AAAA").isNotEqualTo(EN.text(answer.explanationKey()));
        }
        // an ordinary MX answer keeps its text
        TimelineEvent mx = events(run("direct", Route.DIRECT, Retrieval.NONE), 0).stream()
                .filter(e -> e.kind() == EventKind.DNS_ANSWER && "MX".equals(e.detail(Details.QTYPE)))
                .findFirst().orElseThrow();
        assertThat(mx.explanationKey()).isEqualTo("dns.answer.mx");
    }

    /** Found by a tester: the nxdomain outcome said "(RFC 5321 §5.1)" three times over. */
    @Test
    void aDomainThatDoesNotExistCitesItsRfcOnce() throws Exception {
        List<TimelineEvent> ev = events(run("nxdomain", Route.DIRECT, Retrieval.NONE), 0);
        TimelineEvent decision = withKey(ev, "mx.failure.permanent").get(0);
        String shown = decision.summary() + "\n" + String.join("\n", decision.lines());
        assertThat(shown.split("RFC 5321 §5\\.1", -1)).as(shown).hasSize(2);
        assertThat(decision.summary()).isEqualTo("No route to example-net.test: NXDOMAIN: example-net.test. does not exist");
        TimelineEvent failed = ev.stream().filter(e -> e.kind() == EventKind.DELIVERY_FAILED).findFirst().orElseThrow();
        assertThat(String.join("\n", failed.lines())).contains("NXDOMAIN").doesNotContain("RFC 5321");
        SimulationResult r = run("nxdomain", Route.DIRECT, Retrieval.NONE);
        assertThat(r.journeys().get(0).outcomes().get("bob@example-net.test").detail()).contains("NXDOMAIN")
                .doesNotContain("RFC 5321");
    }

    /** Found by a tester: null-mx and multi-domain sent "shall we have lunch on Friday" under their own subjects. */
    @Test
    void everyScenarioHasABodyThatFitsItsSubject() throws Exception {
        World nullMx = new WorldLoader().load("null-mx");
        assertThat(nullMx.defaults().subject()).isEqualTo("Question about your product");
        assertThat(nullMx.defaults().body()).doesNotContain("lunch", "Hi Bob").contains("product");
        World multi = new WorldLoader().load("multi-domain");
        assertThat(multi.defaults().subject()).isEqualTo("Project meeting");
        assertThat(multi.defaults().body()).doesNotContain("lunch").contains("Erin", "Carol", "meeting");
    }

    @Test
    void figuresDoNotCountTheBounceAsTheMessage() throws Exception {
        SimulationResult r = run("unknown-user", Route.BOTH, Retrieval.IMAP);
        Journey.Stats direct = r.journeys().get(0).stats();
        Journey.Stats relay = r.journeys().get(1).stats();
        // direct: only mail.example.org took the message; relay: mail.example.org and relay.example.org
        assertThat(direct.hops()).isEqualTo(1);
        assertThat(relay.hops()).isEqualTo(2);
        assertThat(direct.receivedLines()).isEqualTo(1);
        assertThat(relay.receivedLines()).isEqualTo(2);
        // a delivered message: unchanged
        Journey.Stats ok = run("direct", Route.DIRECT, Retrieval.IMAP).journeys().get(0).stats();
        assertThat(ok.hops()).isEqualTo(2);
        assertThat(ok.receivedLines()).isEqualTo(2);
    }
}
