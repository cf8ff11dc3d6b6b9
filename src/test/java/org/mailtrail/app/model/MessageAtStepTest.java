package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.timeline.Details;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.WorldLoader;
import org.junit.jupiter.api.Test;

/** "Message at this hop" on the built-in scenarios where one copy of the message is not enough. */
class MessageAtStepTest {
    private static List<TimelineEvent> events(String scenario) throws Exception {
        return new SimulationEngine(new WorldLoader().load(scenario)).runDefaults().journeys().get(0).timeline().events();
    }

    private static int first(List<TimelineEvent> ev, EventKind kind, String summaryPart) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).kind() == kind && ev.get(i).summary().contains(summaryPart)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " with " + summaryPart);
    }

    @Test
    void eachRecipientDomainGetsItsOwnTransactionAndEachMailboxItsOwnCopy() throws Exception {
        List<TimelineEvent> ev = events("multi-domain");
        MessageAtStep.State bob = MessageAtStep.at(ev, first(ev, EventKind.DELIVERED, "bob@example.net"));
        assertThat(bob.host()).isEqualTo("imap.example.net");
        assertThat(bob.rcptTo()).containsExactly("<bob@example.net>");
        assertThat(bob.headers().get(0)).isEqualTo("Return-Path: <alice@example.org>");
        assertThat(bob.headers()).filteredOn(h -> h.startsWith("Return-Path:")).hasSize(1);
        assertThat(bob.headers()).filteredOn(h -> h.startsWith("Received:")).hasSize(2);
        assertThat(String.join("\n", bob.headers())).contains("by mx1.example.net").doesNotContain("by mx.school.test");

        MessageAtStep.State erin = MessageAtStep.at(ev, first(ev, EventKind.DELIVERED, "erin@school.test"));
        assertThat(erin.host()).isEqualTo("mx.school.test");
        assertThat(erin.rcptTo()).containsExactly("<erin@school.test>");
        assertThat(String.join("\n", erin.headers())).contains("by mx.school.test").doesNotContain("by mx1.example.net");

        // the transaction to mx.school.test carries erin only, while it is under way
        int rcptErin = first(ev, EventKind.SMTP_COMMAND, "RCPT TO:<erin@school.test>");
        int secondLeg = -1;
        for (int i = rcptErin + 1; i < ev.size() && secondLeg < 0; i++) {
            if (ev.get(i).summary().contains("RCPT TO:<erin@school.test>")) {
                secondLeg = i;
            }
        }
        assertThat(MessageAtStep.at(ev, secondLeg).rcptTo()).containsExactly("<erin@school.test>");

        // bob's client shows bob's copy, not three Return-Path: lines
        MessageAtStep.State end = MessageAtStep.at(ev, ev.size() - 1);
        assertThat(end.host()).isEqualTo("bob-laptop.example.net");
        assertThat(end.headers()).filteredOn(h -> h.startsWith("Return-Path:")).hasSize(1);
    }

    @Test
    void aBounceIsANewMessageFromTheNullSender() throws Exception {
        for (String scenario : List.of("unknown-user", "null-mx")) {
            List<TimelineEvent> ev = events(scenario);
            MessageAtStep.State bounce = MessageAtStep.at(ev, first(ev, EventKind.DELIVERED, "Bounce"));
            assertThat(bounce.mailFrom()).as(scenario).isEqualTo("<>");
            assertThat(bounce.rcptTo()).as(scenario).containsExactly("<alice@example.org>");
            assertThat(bounce.headers()).as(scenario).first().isEqualTo("Return-Path: <>");
            assertThat(bounce.headers()).as(scenario).contains("Subject: Undelivered Mail Returned to Sender")
                    .noneMatch(h -> h.startsWith("Subject: Lunch"));
            MessageAtStep.State generated = MessageAtStep.at(ev, first(ev, EventKind.BOUNCE_GENERATED, ""));
            assertThat(generated.mailFrom()).as(scenario).isEqualTo("<>");
        }
    }

    @Test
    void theEnvelopeLastsFromMailFromToTheEndOfTheTransaction() throws Exception {
        List<TimelineEvent> ev = events("direct");
        int mail = first(ev, EventKind.SMTP_COMMAND, "MAIL FROM:");
        assertThat(MessageAtStep.at(ev, mail - 1).mailFrom()).isEmpty();
        assertThat(MessageAtStep.at(ev, mail).mailFrom()).isEqualTo("<alice@example.org>");
        int quit = first(ev, EventKind.SMTP_COMMAND, "QUIT");
        assertThat(MessageAtStep.at(ev, quit - 1).mailFrom()).isEqualTo("<alice@example.org>");
        assertThat(MessageAtStep.at(ev, quit).mailFrom()).isEmpty();
        assertThat(MessageAtStep.at(ev, quit).rcptTo()).isEmpty();
        // the next DNS lookup: the submission server's copy (one Received: line), no envelope
        int dns = first(ev, EventKind.DNS_QUERY, "");
        MessageAtStep.State atDns = MessageAtStep.at(ev, dns);
        assertThat(atDns.host()).isEqualTo("mail.example.org");
        assertThat(atDns.mailFrom()).isEmpty();
        assertThat(atDns.receivedCount()).isEqualTo(1);
    }

    @Test
    void aRefusedRecipientLeavesTheEnvelopeInViewMarkedAsRefused() throws Exception {
        List<TimelineEvent> ev = events("unknown-user");
        int refused = -1;
        for (int i = 0; i < ev.size() && refused < 0; i++) {
            if (ev.get(i).replyCode() == 550) {
                refused = i;
            }
        }
        int failed = first(ev, EventKind.DELIVERY_FAILED, "nobody@example.net");
        assertThat(refused).isPositive().isLessThan(failed);
        for (int i = refused; i <= failed; i++) { // the 550, QUIT, 221, the close, the failure
            MessageAtStep.State s = MessageAtStep.at(ev, i);
            assertThat(s.mailFrom()).as("step " + i + ": " + ev.get(i).summary()).isEqualTo("<alice@example.org>");
            assertThat(s.rcptTo()).as("step " + i).containsExactly("<nobody@example.net>");
            assertThat(s.isRefused("<nobody@example.net>")).as("step " + i).isTrue();
            assertThat(s.refused().get("<nobody@example.net>")).isEqualTo("550 5.1.1");
            assertThat(s.host()).isEqualTo("mail.example.org");
            assertThat(s.receivedCount()).isEqualTo(1);
        }
        MessageAtStep.State bounce = MessageAtStep.at(ev, first(ev, EventKind.BOUNCE_GENERATED, ""));
        assertThat(bounce.mailFrom()).isEqualTo("<>");
        assertThat(bounce.refused()).isEmpty();
        // before the refusal the recipient is not marked
        assertThat(MessageAtStep.at(ev, refused - 1).refused()).isEmpty();
        // an accepted recipient is never marked
        List<TimelineEvent> direct = events("direct");
        for (int i = 0; i < direct.size(); i++) {
            assertThat(MessageAtStep.at(direct, i).refused()).isEmpty();
        }
    }

    /** The map (through the session view model's steps) and the inspector name the same holder at every step. */
    @Test
    void theMapAndTheInspectorAgreeOnWhoHoldsTheMessageAtEveryStep() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        SessionViewModel session = vm.session();
        for (String scenario : WorldLoader.BUILT_IN) {
            vm.scenarioProperty().set(scenario);
            vm.routeProperty().set(Route.BOTH);
            assertThat(vm.run()).as(scenario).isTrue();
            assertThat(vm.session().resultProperty().get().journeys()).hasSize(2);
            for (int j = 0; j < 2; j++) {
                session.showJourney(j);
                session.first();
                while (true) {
                    List<TimelineEvent> ev = session.events();
                    int step = session.stepProperty().get();
                    String where = scenario + " journey " + j + " step " + step + ": " + ev.get(step).summary();
                    MessageAtStep.Holders map = MessageAtStep.holders(ev, step);
                    MessageAtStep.State inspector = MessageAtStep.at(ev, step);
                    assertThat(map.current()).as(where).isNotEmpty().isEqualTo(inspector.host());
                    assertThat(map.held()).as(where).contains(map.current());
                    checkHolder(ev, step, map.current(), where);
                    if (!session.canForward()) {
                        break;
                    }
                    session.forward();
                }
            }
        }
    }

    @Test
    void theHolderIsRightOnThePop3LastLegToo() throws Exception {
        for (String scenario : WorldLoader.BUILT_IN) {
            World w = new WorldLoader().load(scenario);
            World.Defaults d = w.defaults();
            for (Journey j : new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                    Route.BOTH, Retrieval.POP3, w.seed()).journeys()) {
                List<TimelineEvent> ev = j.timeline().events();
                for (int i = 0; i < ev.size(); i++) {
                    MessageAtStep.Holders map = MessageAtStep.holders(ev, i);
                    assertThat(map.current()).isEqualTo(MessageAtStep.at(ev, i).host());
                    checkHolder(ev, i, map.current(), scenario + " step " + i + ": " + ev.get(i).summary());
                }
            }
        }
    }

    /** Who must hold the message at the steps where it changes hands, or is fetched. */
    private static void checkHolder(List<TimelineEvent> ev, int step, String holder, String where) {
        TimelineEvent e = ev.get(step);
        switch (e.kind()) {
            case RECEIVED_ADDED -> assertThat(holder).as(where).isEqualTo(e.source());
            case MESSAGE_ACCEPTED -> assertThat(holder).as(where).isEqualTo(e.destination());
            case DELIVERED -> assertThat(holder).as(where).isEqualTo(e.detail(Details.STORE).isEmpty()
                    ? e.destination() : e.detail(Details.STORE));
            case MAILBOX_RETRIEVED -> assertThat(holder).as(where).isEqualTo(e.source());
            case TCP_SYN -> {
                // a mail client connecting to fetch mail holds no copy yet: the mailbox server holds it
                String port = e.detail(Details.DST_PORT);
                if (port.equals("110") || port.equals("143")) {
                    assertThat(holder).as(where).isEqualTo(e.destination());
                } else {
                    assertThat(holder).as(where).isEqualTo(e.source());
                }
            }
            default -> {
            }
        }
    }

    @Test
    void noSessionNoHost() {
        assertThat(MessageAtStep.at(List.of(), 0).host()).isEmpty();
    }
}
