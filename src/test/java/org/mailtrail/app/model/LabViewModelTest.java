package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.app.model.LabRows;
import org.mailtrail.app.model.LabRows.HostRow;
import org.mailtrail.app.model.LabRows.JourneyRow;
import org.mailtrail.app.model.LabRows.Status;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.lab.LabPlan;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The Lab tab's view model with a real lab on loopback (127.78.0.0, free ports, the world's waits sped up): the host
 * table, journeys arriving and settling as the hosts deliver, a journey opened and followed in the main views, Stop.
 */
@Timeout(60)
class LabViewModelTest {
    private static final String BASE = "127.78.0.0";
    private final SessionViewModel session = new SessionViewModel();
    private final SimpleObjectProperty<World> world = new SimpleObjectProperty<>();
    private final SimpleObjectProperty<Route> route = new SimpleObjectProperty<>(Route.DIRECT);
    private final LabViewModel lab = new LabViewModel(TaskRunner.inline(), session, world, route);

    @AfterEach
    void stop() {
        lab.shutdown();
    }

    private static World load(String scenario) throws Exception {
        return new WorldLoader().load(scenario);
    }

    /** Five ports that are free now on the test's addresses. */
    static LabPlan.Ports freePorts(String address) throws IOException {
        return org.mailtrail.lab.LabPorts.free(address);
    }

    private void settings(String scenario, double timeScale) throws Exception {
        world.set(load(scenario));
        lab.baseProperty().set(BASE);
        lab.portsProperty().set(freePorts("127.78.0.1"));
        lab.timeScaleProperty().set(timeScale);
        lab.setTimeout(Duration.ofSeconds(10));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static boolean bindable(String address, int port) {
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private JourneyRow row(int number) {
        for (JourneyRow r : List.copyOf(lab.journeys())) {
            if (r.number() == number) {
                return r;
            }
        }
        return null;
    }

    private boolean status(int number, Status s) {
        JourneyRow r = row(number);
        return r != null && r.status() == s;
    }

    @Test
    void theLabRunsTheWorldAndTheScenariosMessageIsDeliveredAndOpens() throws Exception {
        settings("direct", 36_000);
        LabPlan.Ports ports = lab.portsProperty().get();
        assertThat(lab.start()).isTrue();
        assertThat(lab.runningProperty().get()).isTrue();
        assertThat(lab.errorProperty().get()).isEmpty();
        assertThat(lab.runningWorldProperty().get().name()).isEqualTo("direct");

        List<HostRow> hosts = List.copyOf(lab.hosts());
        HostRow dns = hosts.get(0);
        assertThat(dns.role()).isEqualTo("dns");
        assertThat(dns.address()).isEqualTo("127.78.0.53");
        assertThat(dns.ports()).containsExactly(new LabRows.Port(ports.dns(), "dns"));
        assertThat(hosts).hasSize(world.get().hosts().size() + 1);
        assertThat(hosts.subList(1, hosts.size())).allMatch(h -> h.address().startsWith("127.78.0.") && !h.down());
        HostRow submission = hosts.stream().filter(h -> h.role().equals("submission")).findFirst().orElseThrow();
        assertThat(submission.ports()).startsWith(new LabRows.Port(ports.submission(), "submission"),
                new LabRows.Port(ports.smtp(), "smtp"));
        assertThat(hosts.stream().filter(h -> h.role().equals("mua"))).allMatch(h -> h.ports().isEmpty());
        assertThat(LabViewModel.PASSWORD).isEqualTo("mailtrail");

        assertThat(lab.send()).isTrue();
        await("journey 1 delivered", () -> status(1, Status.DELIVERED));
        JourneyRow one = row(1);
        assertThat(one.title()).isEqualTo("bob@example.net");
        assertThat(one.route()).isEqualTo(Route.DIRECT);
        assertThat(one.steps()).isGreaterThan(10);
        assertThat(lab.activeHostsProperty().get()).isNotEmpty();

        // Send opened the journey in the main views and followed it to its latest step
        assertThat(lab.followingProperty().get()).isEqualTo(1);
        await("the main views show the delivery", () -> session.events().stream()
                .anyMatch(e -> e.kind() == EventKind.DELIVERED));
        assertThat(session.resultProperty().get().info().mode()).isEqualTo("lab");
        assertThat(session.resultProperty().get().info().hosts().get("mx1.example.net").addresses().get(0))
                .startsWith("127.78.0.");
        synchronized (lab) { // a consistent view: the lab's threads update the session under this lock (inline runner)
            assertThat(session.stepProperty().get()).isEqualTo(session.sizeProperty().get() - 1);
        }
        assertThat(session.events()).anyMatch(e -> e.kind() == EventKind.SMTP_COMMAND
                && e.summary().contains("RCPT TO:<bob@example.net>"));

        session.resultProperty().set(null); // the user looks at something else ...
        lab.open(one); // ... and opens the journey again from the list
        assertThat(session.resultProperty().get().journeys().get(0).outcomes().get("bob@example.net").status())
                .isEqualTo(RecipientOutcome.Status.DELIVERED);

        assertThat(lab.stop()).isTrue();
        assertThat(lab.runningProperty().get()).isFalse();
        assertThat(lab.activeHostsProperty().get()).isEmpty();
        assertThat(lab.journeys()).hasSize(1); // the list stays
        assertThat(lab.send()).as("nothing to send through").isFalse();
        await("the lab let go of its addresses", () -> bindable(submission.address(), ports.submission()));
    }

    @Test
    void aGreylistedJourneyIsQueuedThenDelivered() throws Exception {
        settings("greylisting", 600); // the 30-minute retry comes after 3 s
        lab.start();
        lab.send();
        await("journey queued for a retry", () -> status(1, Status.QUEUED));
        await("journey delivered on the retry", () -> status(1, Status.DELIVERED));
    }

    @Test
    void anUnknownUserBounces() throws Exception {
        settings("unknown-user", 36_000);
        lab.start();
        lab.send();
        await("journey bounced", () -> status(1, Status.BOUNCED));
    }

    @Test
    void aJourneyReplacedInTheMainViewsIsNoLongerFollowed() throws Exception {
        settings("greylisting", 600);
        lab.start();
        lab.send();
        await("journey queued", () -> status(1, Status.QUEUED));
        // the send's answer opens the journey in the main views; it can come after the journey is queued
        await("journey followed", () -> lab.followingProperty().get() == 1 && session.resultProperty().get() != null);
        // the user ran a simulation, say; in the app on the FX thread, which the lab's updates also run on: here
        // the inline runner runs them on the lab's threads, serialised on the view model, so the user acts under
        // the same lock rather than in the middle of an update that already decided to show the journey
        synchronized (lab) {
            session.resultProperty().set(null);
        }
        await("journey delivered", () -> status(1, Status.DELIVERED));
        assertThat(session.resultProperty().get()).isNull();
        assertThat(lab.followingProperty().get()).isZero();
    }

    @Test
    void theTableShowsWhereTheHostsWouldLiveAndADownHostBeforeStarting() throws Exception {
        settings("backup-mx", 60);
        assertThat(lab.runningProperty().get()).isFalse();
        HostRow mx1 = lab.hosts().stream().filter(h -> h.host().equals("mx1.example.net")).findFirst().orElseThrow();
        assertThat(mx1.down()).isTrue();
        assertThat(mx1.ports()).isEmpty();
        HostRow mx2 = lab.hosts().stream().filter(h -> h.host().equals("mx2.example.net")).findFirst().orElseThrow();
        assertThat(mx2.down()).isFalse();
        assertThat(mx2.ports()).extracting(LabRows.Port::kind).containsExactly("smtp");
        assertThat(lab.planProblemProperty().get()).isEmpty();
        lab.baseProperty().set("10.0.0.0"); // not loopback: no table, and why
        assertThat(lab.hosts()).isEmpty();
        assertThat(lab.planProblemProperty().get()).contains("10.0.0.0", "loopback");
        lab.baseProperty().set("127.2.0.0");
        assertThat(lab.hosts()).isNotEmpty().allMatch(h -> h.address().startsWith("127.2.0."));
        assertThat(lab.planProblemProperty().get()).isEmpty();
    }

    @Test
    void anAddressInUseIsAClearErrorAndNothingRuns() throws Exception {
        settings("direct", 60);
        LabPlan plan = LabPlan.of(world.get(), BASE, lab.portsProperty().get(), false);
        String mx1 = plan.entries().stream().filter(e -> e.host().name().equals("mx1.example.net")).findFirst()
                .orElseThrow().address();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(mx1, lab.portsProperty().get().smtp()));
            assertThat(lab.start()).isTrue();
            assertThat(lab.runningProperty().get()).isFalse();
            assertThat(lab.busyProperty().get()).isFalse();
            assertThat(lab.errorProperty().get()).contains("cannot listen on", mx1);
        }
        assertThat(lab.start()).as("it starts once the address is free").isTrue();
        assertThat(lab.runningProperty().get()).isTrue();
        assertThat(lab.errorProperty().get()).isEmpty();
    }

    @Test
    void noWorldNoLab() {
        assertThat(lab.start()).isFalse();
        assertThat(lab.errorProperty().get()).contains("no world");
        assertThat(lab.hosts()).isEmpty();
    }

    @Test
    void aDeliveryRecordedBeforeTheJourneyStateKnowsOfItCountsAsDelivered() {
        Map<String, RecipientOutcome> state = Map.of("bob@example.net", new RecipientOutcome("bob@example.net",
                RecipientOutcome.Status.QUEUED, "not yet delivered", "client.example.org"));
        TimelineEvent delivered = new TimelineEvent(0, 10, 10, EventKind.DELIVERED, "mx1.example.net",
                "mbox.example.net", "Message delivered to the mailbox of bob@example.net", List.of(), "delivered",
                "RFC 5321 §4.4", Map.of("mailbox", "bob@example.net"));
        Map<String, RecipientOutcome> now = LabRows.outcomes(state, List.of(delivered));
        assertThat(now.get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(LabRows.status(now, List.of(delivered))).isEqualTo(Status.DELIVERED);
        assertThat(LabRows.status(state, List.of())).isEqualTo(Status.IN_PROGRESS);
        TimelineEvent retry = new TimelineEvent(0, 10, 10, EventKind.RETRY_SCHEDULED, "mx1.example.net",
                "mx1.example.net", "Next attempt in 30 minutes", List.of(), "queue.retry", "", Map.of());
        assertThat(LabRows.status(state, List.of(retry))).isEqualTo(Status.QUEUED);
    }

    @Test
    void aJourneyWithARecipientRefusedAtOnceIsRefusedUnlessOneBounced() {
        RecipientOutcome delivered = new RecipientOutcome("carol@example.net", RecipientOutcome.Status.DELIVERED,
                "delivered", "mx1.example.net");
        RecipientOutcome refused = new RecipientOutcome("bob@example.net", RecipientOutcome.Status.REFUSED,
                "refused at submission: 550 5.7.1 Not you", "mail.example.org");
        RecipientOutcome bounced = new RecipientOutcome("dave@example.net", RecipientOutcome.Status.BOUNCED,
                "550 5.1.1 no such user", "mx1.example.net");
        assertThat(LabRows.status(Map.of("carol@example.net", delivered, "bob@example.net", refused), List.of()))
                .isEqualTo(Status.REFUSED);
        assertThat(LabRows.status(Map.of("bob@example.net", refused, "dave@example.net", bounced), List.of()))
                .isEqualTo(Status.BOUNCED);
        assertThat(LabRows.status(Map.of("carol@example.net", delivered), List.of())).isEqualTo(Status.DELIVERED);
    }
}
