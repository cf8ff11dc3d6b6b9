package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The simulated transport on its own: the TCP handshake and its failures, the virtual clock, and the DNS steps with
 * their ports, latencies and timeouts, on the default world (resolver latency 2 ms, default link 5 ms, mail.example.org
 * to mx1.example.net 20 ms).
 */
class SimNetworkEdgesTest {
    private static final long MS = 1_000;

    @TempDir
    Path dir;

    private final Timeline timeline = new Timeline();

    private SimNetwork net(World w) {
        return new SimNetwork(w, timeline, new Random(7), MailStore.inMemory(w.users()));
    }

    private World world(String extra) throws Exception {
        Path p = dir.resolve("w.yaml");
        Files.writeString(p, "extends: builtin:world\nname: w\n" + extra);
        return new WorldLoader().load(p.toString());
    }

    private static Host host(World w, String name) {
        return w.host(name).orElseThrow();
    }

    @Test
    void aHandshakeTakesThreeHalfTripsAndEachConnectionHasItsOwnSourcePort() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        net.advanceTo(1_000 * MS);
        SimNetwork.Conn c = net.connect(host(w, "mail.example.org"), "198.51.100.10", 25, "SMTP");
        assertThat(c).isNotNull();
        assertThat(c.latency()).isEqualTo(20 * MS);
        assertThat(c.client()).isEqualTo("mail.example.org");
        assertThat(c.server()).isEqualTo("mx1.example.net");
        assertThat(c.clientAddr()).isEqualTo("192.0.2.25");
        assertThat(c.serverAddr()).isEqualTo("198.51.100.10");
        assertThat(c.details(true).get("srcAddr")).isEqualTo("192.0.2.25");
        assertThat(c.details(false).get("srcAddr")).isEqualTo("198.51.100.10");
        // SYN, SYN-ACK, ACK one latency each; the clock stands where the ACK leaves
        assertThat(timeline.events()).extracting(TimelineEvent::kind)
                .containsExactly(EventKind.TCP_SYN, EventKind.TCP_SYN_ACK, EventKind.TCP_ACK);
        assertThat(timeline.events()).extracting(TimelineEvent::timeMicros)
                .containsExactly(1_000 * MS, 1_020 * MS, 1_040 * MS);
        assertThat(timeline.events()).extracting(TimelineEvent::endMicros)
                .containsExactly(1_020 * MS, 1_040 * MS, 1_060 * MS);
        assertThat(net.now()).isEqualTo(1_040 * MS);
        assertThat(timeline.get(0).detail("srcPort")).isEqualTo("40013");
        assertThat(timeline.get(0).detail("dstPort")).isEqualTo("25");

        net.close(c);
        TimelineEvent fin = timeline.events().get(3);
        assertThat(fin.kind()).isEqualTo(EventKind.TCP_CLOSE);
        assertThat(fin.source()).isEqualTo("mail.example.org");
        assertThat(fin.timeMicros()).isEqualTo(1_040 * MS);
        assertThat(fin.endMicros()).isEqualTo(1_060 * MS);
        assertThat(net.now()).isEqualTo(1_060 * MS);

        SimNetwork.Conn second = net.connect(host(w, "bob-laptop.example.net"), "198.51.100.30", 143, "IMAP");
        assertThat(second.latency()).isEqualTo(MS);
        assertThat(timeline.get(4).detail("srcPort")).isEqualTo("40026");
        assertThat(timeline.get(4).detail("dstPort")).isEqualTo("143");
    }

    @Test
    void theSourcePortWrapsBelowSixtyThousand() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        Host mail = host(w, "mail.example.org");
        for (int i = 1; i <= 1539; i++) {
            SimNetwork.Conn c = net.connect(mail, "198.51.100.10", 25, "SMTP");
            net.close(c);
        }
        // 1539 * 13 = 20007: 40007, not 60007
        TimelineEvent syn = timeline.get(timeline.size() - 4);
        assertThat(syn.kind()).isEqualTo(EventKind.TCP_SYN);
        assertThat(syn.detail("srcPort")).isEqualTo("40007");
    }

    @Test
    void anAddressNoHostHasTimesOutAfterThirtySeconds() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        assertThat(net.connect(host(w, "mail.example.org"), "198.51.100.99", 25, "SMTP")).isNull();
        assertThat(timeline.events()).extracting(TimelineEvent::kind)
                .containsExactly(EventKind.TCP_SYN, EventKind.TCP_FAILED);
        TimelineEvent failed = timeline.get(1);
        assertThat(failed.explanationKey()).isEqualTo("tcp.failed.timeout");
        assertThat(failed.summary()).isEqualTo("TCP connect to 198.51.100.99 [198.51.100.99]:25 timed out");
        assertThat(failed.lines()).containsExactly("no SYN-ACK after 30 s");
        assertThat(failed.timeMicros()).isZero();
        assertThat(failed.endMicros()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS);
        assertThat(net.now()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS);
        // the SYN goes over the default link (5 ms)
        assertThat(timeline.get(0).endMicros()).isEqualTo(5 * MS);
    }

    @Test
    void anUnreachableHostTimesOutAndADownHostAnswersWithRst() throws Exception {
        World w = world("hosts:\n  - name: mx1.example.net\n    smtp: { unreachable: true }\n"
                + "  - name: mx2.example.net\n    smtp: { down: true }\n");
        SimNetwork net = net(w);
        Host mail = host(w, "mail.example.org");
        assertThat(net.connect(mail, "198.51.100.10", 25, "SMTP")).isNull();
        assertThat(timeline.get(1).explanationKey()).isEqualTo("tcp.failed.timeout");
        assertThat(net.now()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS);

        assertThat(net.connect(mail, "198.51.100.20", 25, "SMTP")).isNull();
        TimelineEvent rst = timeline.get(3);
        assertThat(rst.explanationKey()).isEqualTo("tcp.failed.refused");
        assertThat(rst.source()).isEqualTo("mx2.example.net");
        assertThat(rst.timeMicros()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS + 5 * MS);
        assertThat(rst.endMicros()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS + 10 * MS);
        assertThat(net.now()).isEqualTo(SimNetwork.CONNECT_TIMEOUT_MICROS + 10 * MS);
    }

    @Test
    void theClockOnlyMovesForwardAndTheWallClockFollowsIt() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        assertThat(net.wallClock()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        net.advanceTo(90_000_001L);
        net.advanceTo(5L);
        assertThat(net.now()).isEqualTo(90_000_001L);
        assertThat(net.wallClock()).isEqualTo(Instant.parse("2026-01-05T09:01:30.000001Z"));
        assertThat(net.world()).isSameAs(w);
        assertThat(net.timeline()).isSameAs(timeline);
    }

    @Test
    void anAddressLookupIsOneQueryAndOneAnswerAtTheResolversLatency() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        Host mail = host(w, "mail.example.org");
        assertThat(net.lookupAddress(net, mail, "relay.example.org")).isEqualTo("192.0.2.30");
        assertThat(timeline.events()).extracting(TimelineEvent::kind)
                .containsExactly(EventKind.DNS_QUERY, EventKind.DNS_ANSWER);
        TimelineEvent q = timeline.get(0);
        TimelineEvent a = timeline.get(1);
        assertThat(q.summary()).isEqualTo("DNS query relay.example.org. IN A");
        assertThat(q.source()).isEqualTo("mail.example.org");
        assertThat(q.destination()).isEqualTo("resolver.example.org");
        assertThat(q.timeMicros()).isZero();
        // dig-style text of the query and the answer, one line an element
        assertThat(q.lines()).hasSizeGreaterThan(3).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
        assertThat(q.lines()).anyMatch(l -> l.contains("relay.example.org.") && l.contains("IN") && l.contains("A"));
        assertThat(timeline.get(1).lines()).anyMatch(l -> l.contains("192.0.2.30"));
        assertThat(q.endMicros()).isEqualTo(2 * MS);
        assertThat(q.details()).containsEntry("proto", "udp").containsEntry("srcAddr", "192.0.2.25")
                .containsEntry("srcPort", "30000").containsEntry("dstAddr", "192.0.2.53")
                .containsEntry("dstPort", "53").containsEntry("qtype", "A");
        assertThat(a.timeMicros()).isEqualTo(2 * MS);
        assertThat(a.endMicros()).isEqualTo(4 * MS);
        assertThat(a.source()).isEqualTo("resolver.example.org");
        assertThat(a.details()).containsEntry("srcPort", "53").containsEntry("dstPort", "30000")
                .containsEntry("dstAddr", "192.0.2.25").containsEntry("rcode", "NOERROR");
        assertThat(a.detail("wire")).isNotEmpty();
        assertThat(a.summary()).startsWith("DNS answer relay.example.org. IN A: ");
        assertThat(a.summary()).doesNotContain("not part of this simulated world");
        assertThat(net.now()).isEqualTo(4 * MS);

        // the second query: its port is 30000 + 2 events * 7
        assertThat(net.lookupAddress(net, mail, "nosuch.example.org")).isNull();
        assertThat(timeline.get(2).detail("srcPort")).isEqualTo("30014");
        assertThat(timeline.get(3).detail("rcode")).isEqualTo("NXDOMAIN");
        assertThat(timeline.get(3).explanationKey()).isNotEqualTo("dns.answer.outside-world");
        // a name that is not even a DNS name asks nothing
        assertThat(net.lookupAddress(net, mail, "x".repeat(64) + ".example.org")).isNull();
        assertThat(timeline.size()).isEqualTo(4);
    }

    @Test
    void aNameOutsideTheWorldIsSaidToBeUnknownHereNotMissingOnTheInternet() throws Exception {
        World w = new WorldLoader().load("direct");
        SimNetwork net = net(w);
        assertThat(net.lookupAddress(net, host(w, "mail.example.org"), "www.wikipedia.org")).isNull();
        TimelineEvent a = timeline.get(1);
        assertThat(a.explanationKey()).isEqualTo("dns.answer.outside-world");
        assertThat(a.summary()).endsWith(" (www.wikipedia.org. is not part of this simulated world)");
    }

    @Test
    void aTimedOutQueryWaitsFiveSecondsAndSaysWhy() throws Exception {
        World w = world("dns:\n  faults: { relay.example.org: timeout }\n");
        SimNetwork net = net(w);
        assertThat(net.lookupAddress(net, host(w, "mail.example.org"), "relay.example.org")).isNull();
        TimelineEvent a = timeline.get(1);
        assertThat(a.kind()).isEqualTo(EventKind.DNS_ANSWER);
        assertThat(a.explanationKey()).isEqualTo("dns.answer.timeout");
        assertThat(a.summary()).isEqualTo("DNS timeout for relay.example.org. IN A");
        assertThat(a.detail("rcode")).isEqualTo("TIMEOUT");
        assertThat(a.details()).doesNotContainKey("wire");
        assertThat(a.lines()).hasSize(1).first().asString().isNotEqualTo("no answer").isNotBlank();
        assertThat(a.timeMicros()).isEqualTo(2 * MS);
        assertThat(a.endMicros()).isEqualTo(2 * MS + SimNetwork.DNS_TIMEOUT_MICROS);
        assertThat(net.now()).isEqualTo(2 * MS + SimNetwork.DNS_TIMEOUT_MICROS);
    }

    @Test
    void aLinkToTheResolverOverridesTheDnsLatency() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Latencies lat = new World.Latencies(w.latencies().defaultMicros(),
                Map.of(World.Latencies.key("mx1.example.net", "resolver.example.org"), 7 * MS));
        World linked = new World(w.name(), w.title(), w.description(), w.source(), w.start(), w.seed(), w.zones(),
                w.hosts(), w.defaults(), lat, w.dns(), w.retry(), w.users(), w.translations(), w.layout());
        SimNetwork net = net(linked);
        MxResolution r = net.resolveMx(net, host(w, "mx1.example.net"), "school.test");
        assertThat(r.exchanges()).isNotEmpty();
        assertThat(timeline.get(0).summary()).isEqualTo("DNS query school.test. IN MX");
        assertThat(timeline.get(0).detail("srcAddr")).isEqualTo("198.51.100.10");
        assertThat(timeline.get(0).endMicros()).isEqualTo(7 * MS);
        assertThat(timeline.get(1).endMicros()).isEqualTo(14 * MS);
        assertThat(timeline.events()).filteredOn(e -> e.kind() == EventKind.DNS_QUERY)
                .hasSize(r.exchanges().size());
        // a host without its own link to the resolver waits the resolver's latency (2 ms), not the default 5 ms
        long before = net.now();
        net.lookupAddress(net, host(w, "mx2.example.net"), "mx.school.test");
        assertThat(net.now() - before).isEqualTo(4 * MS);
    }

    @Test
    void aFaultOnANameDnsCannotParseIsRefusedWhenTheNetworkIsBuilt() throws Exception {
        World w = new WorldLoader().load("direct");
        String bad = "x".repeat(64) + ".example.org";
        World broken = new World(w.name(), w.title(), w.description(), w.source(), w.start(), w.seed(), w.zones(),
                w.hosts(), w.defaults(), w.latencies(), new World.DnsSettings(w.dns().resolverName(),
                w.dns().address(), w.dns().latencyMicros(), Map.of(bad, "servfail")), w.retry(), w.users(),
                w.translations(), w.layout());
        assertThatThrownBy(() -> net(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad DNS fault name " + bad);
    }

    @Test
    void aFaultFromTheWorldFileIsAppliedWhateverItsCase() throws Exception {
        World w = new WorldLoader().load("direct");
        World servfail = new World(w.name(), w.title(), w.description(), w.source(), w.start(), w.seed(), w.zones(),
                w.hosts(), w.defaults(), w.latencies(), new World.DnsSettings(w.dns().resolverName(),
                w.dns().address(), w.dns().latencyMicros(), Map.of("relay.example.org", "servfail")), w.retry(),
                w.users(), w.translations(), w.layout());
        SimNetwork net = net(servfail);
        assertThat(net.lookupAddress(net, host(w, "mail.example.org"), "relay.example.org")).isNull();
        assertThat(timeline.get(1).detail("rcode")).isEqualTo("SERVFAIL");
    }
}
