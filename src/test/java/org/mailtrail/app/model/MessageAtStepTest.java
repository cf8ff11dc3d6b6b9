package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.mailtrail.engine.SimulationEngine;
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
    void noSessionNoHost() {
        assertThat(MessageAtStep.at(List.of(), 0).host()).isEmpty();
    }
}
