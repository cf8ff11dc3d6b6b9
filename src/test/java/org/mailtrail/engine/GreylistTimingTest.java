package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** RFC 6647 greylisting on the decision clock: refused before the delay has passed, accepted from the moment it has. */
class GreylistTimingTest {

    private final AtomicLong now = new AtomicLong(1_000_000L);

    /** A network of which the agent only asks the time. */
    private MailNetwork clock() {
        return (MailNetwork) Proxy.newProxyInstance(MailNetwork.class.getClassLoader(), new Class<?>[] {MailNetwork.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("now")) {
                        return now.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static World world() throws Exception {
        return new WorldLoader().load("assets/scenarios/greylisting.yaml");
    }

    @Test
    void aRetryIsAcceptedExactlyWhenTheDelayHasPassedAndNotAMicrosecondBefore() throws Exception {
        World w = world();
        Host mx = w.host("mx1.example.net").orElseThrow();
        long delay = mx.smtp().greylistDelaySeconds() * 1_000_000L;
        assertThat(delay).isPositive();
        DeliveryAgent agent = new DeliveryAgent(w, null, clock(), null, null, new Random(1));
        long first = now.get();

        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net"))
                .as("first sight of the triplet").isFalse();
        now.set(first + delay - 1);
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net"))
                .as("one microsecond before the delay has passed").isFalse();
        now.set(first + delay);
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net"))
                .as("exactly when the delay has passed").isTrue();
    }

    @Test
    void theDelayCountsFromTheFirstSightNotFromTheLatestRetry() throws Exception {
        World w = world();
        Host mx = w.host("mx1.example.net").orElseThrow();
        long delay = mx.smtp().greylistDelaySeconds() * 1_000_000L;
        DeliveryAgent agent = new DeliveryAgent(w, null, clock(), null, null, new Random(1));
        long first = now.get();
        agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net");
        now.set(first + delay / 2);
        agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net");
        now.set(first + delay);
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net")).isTrue();
    }

    @Test
    void eachPartOfTheTripletCounts() throws Exception {
        World w = world();
        Host mx = w.host("mx1.example.net").orElseThrow();
        Host mx2 = w.host("mx2.example.net").orElseThrow();
        long delay = mx.smtp().greylistDelaySeconds() * 1_000_000L;
        DeliveryAgent agent = new DeliveryAgent(w, null, clock(), null, null, new Random(1));
        agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net");
        now.addAndGet(delay);
        assertThat(agent.greylistPasses(mx, "192.0.2.26", "alice@example.org", "bob@example.net")).isFalse();
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "carol@example.org", "bob@example.net")).isFalse();
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "dave@example.net")).isFalse();
        assertThat(agent.greylistPasses(mx2, "192.0.2.25", "alice@example.org", "bob@example.net")).isFalse();
        assertThat(agent.greylistPasses(mx, "192.0.2.25", "alice@example.org", "bob@example.net")).isTrue();
    }
}
