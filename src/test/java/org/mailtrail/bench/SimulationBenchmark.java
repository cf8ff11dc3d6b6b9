package org.mailtrail.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmarks of the simulation engine (not run by CI: the class name does not end in {@code Test}).
 * Run with {@code bench/run-jmh.sh}; the figures are in {@code docs/benchmarks.md}.
 *
 * <ul>
 *   <li>{@link #directDelivery}: one simulated direct delivery in the built-in {@code direct} world
 *       (submission, MX lookup, SMTP to the MX, local delivery), without retrieval;</li>
 *   <li>{@link #directDeliveryImap}: the same with the world's default IMAP retrieval;</li>
 *   <li>{@link #tenThousandDeliveries}: 10,000 simulated direct deliveries across 100 domains, each a whole
 *       journey of its own: 10,000 {@code run} calls, one message to one recipient each, cycling over the
 *       domains {@code d000.test} … {@code d099.test}, every one with its own MX host;</li>
 *   <li>{@link #tenThousandDeliveriesBatched}: the same 10,000 deliveries as 100 messages to 100 recipients
 *       each (one per domain): one MX lookup and one SMTP transaction per domain and message.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class SimulationBenchmark {
    /** Number of recipient domains of the generated world. */
    static final int DOMAINS = 100;
    /** Deliveries per invocation of {@link #tenThousandDeliveries}. */
    static final int DELIVERIES = 10_000;

    private World direct;
    private Compose directMessage;
    private World hundred;
    private List<Compose> hundredMessages;
    private Compose toAllDomains;
    private Path tempDir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        direct = new WorldLoader().load("direct");
        World.Defaults d = direct.defaults();
        directMessage = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        tempDir = Files.createTempDirectory("mailtrail-bench");
        hundred = new WorldLoader().load(writeHundredDomainWorld(tempDir).toString());
        hundredMessages = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            hundredMessages.add(new Compose("alice@example.org", List.of(user(i) + "@" + domain(i)), List.of(),
                    "Benchmark " + i, "Hello from the benchmark.\n"));
        }
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            everyone.add(user(i) + "@" + domain(i));
        }
        toAllDomains = new Compose("alice@example.org", everyone, List.of(), "Benchmark to all", "Hello from the benchmark.\n");
        check();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (tempDir != null) {
            try (Stream<Path> s = Files.walk(tempDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One simulated direct delivery, no retrieval by the recipient's client. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SimulationResult directDelivery() {
        return new SimulationEngine(direct).run(directMessage, Route.DIRECT, Retrieval.NONE, 1L);
    }

    /** One simulated direct delivery followed by the world's default retrieval (IMAP). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SimulationResult directDeliveryImap() {
        return new SimulationEngine(direct).run(directMessage, Route.DIRECT, Retrieval.IMAP, 1L);
    }

    /** 10,000 direct deliveries across 100 domains: one whole journey per delivery, domains in turn. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void tenThousandDeliveries(Blackhole bh) {
        SimulationEngine engine = new SimulationEngine(hundred);
        for (int i = 0; i < DELIVERIES; i++) {
            bh.consume(engine.run(hundredMessages.get(i % DOMAINS), Route.DIRECT, Retrieval.NONE, i));
        }
    }

    /**
     * 10,000 direct deliveries across 100 domains, batched: 100 messages, each addressed to one mailbox in every
     * domain. Each message is submitted once (100 RCPT TO), then the submission server makes one MX lookup and
     * one SMTP transaction per domain, and each MX delivers to its mailbox: 100 × 100 deliveries.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void tenThousandDeliveriesBatched(Blackhole bh) {
        SimulationEngine engine = new SimulationEngine(hundred);
        for (int i = 0; i < DELIVERIES / DOMAINS; i++) {
            bh.consume(engine.run(toAllDomains, Route.DIRECT, Retrieval.NONE, i));
        }
    }

    /** Fails the trial if a benchmarked journey does not actually deliver. */
    private void check() {
        requireDelivered(new SimulationEngine(direct).run(directMessage, Route.DIRECT, Retrieval.NONE, 1L));
        requireDelivered(new SimulationEngine(direct).run(directMessage, Route.DIRECT, Retrieval.IMAP, 1L));
        SimulationEngine engine = new SimulationEngine(hundred);
        for (int i = 0; i < DOMAINS; i++) {
            SimulationResult r = engine.run(hundredMessages.get(i), Route.DIRECT, Retrieval.NONE, i);
            requireDelivered(r);
            String via = r.journeys().get(0).timeline().events().stream()
                    .filter(e -> e.kind() == org.mailtrail.timeline.EventKind.DELIVERED)
                    .map(e -> e.source()).findFirst().orElse("");
            if (!via.equals("mx." + domain(i))) {
                throw new IllegalStateException("delivered by " + via + " instead of mx." + domain(i));
            }
        }
        SimulationResult all = engine.run(toAllDomains, Route.DIRECT, Retrieval.NONE, 0);
        requireDelivered(all);
        if (all.journeys().get(0).delivered().size() != DOMAINS) {
            throw new IllegalStateException("the batched message reached " + all.journeys().get(0).delivered().size()
                    + " mailboxes instead of " + DOMAINS);
        }
    }

    private static void requireDelivered(SimulationResult r) {
        for (RecipientOutcome o : r.journeys().get(0).outcomes().values()) {
            if (o.status() != RecipientOutcome.Status.DELIVERED) {
                throw new IllegalStateException("benchmark journey did not deliver: " + o);
            }
        }
    }

    static String domain(int i) {
        return String.format(Locale.ROOT, "d%03d.test", i);
    }

    static String user(int i) {
        return String.format(Locale.ROOT, "user%03d", i);
    }

    /**
     * Writes a world file and its zone file: alice@example.org submits to mail.example.org, and each of the
     * domains d000.test … d099.test (RFC 2606 reserved names) has one MX host with one mailbox. Addresses are
     * documentation ranges only: the MX hosts take 198.51.100.100-199 (RFC 5737) and 2001:db8:d::/48 (RFC 3849).
     */
    static Path writeHundredDomainWorld(Path dir) throws IOException {
        StringBuilder zone = new StringBuilder();
        zone.append("$TTL 3600\n");
        zone.append("$ORIGIN example.org.\n");
        zone.append("@ IN SOA ns1.example.org. hostmaster.example.org. ( 2026010501 7200 900 1209600 300 )\n");
        zone.append("  IN NS ns1.example.org.\n");
        zone.append("  IN MX 10 mail.example.org.\n");
        zone.append("ns1 IN A 192.0.2.53\n");
        zone.append("resolver IN A 192.0.2.53\n");
        zone.append("mail IN A 192.0.2.25\n");
        zone.append("alice-laptop IN A 192.0.2.10\n");
        StringBuilder hosts = new StringBuilder();
        hosts.append("  - name: alice-laptop.example.org\n    role: mua\n    user: alice@example.org\n");
        hosts.append("  - name: mail.example.org\n    role: submission\n    localDomains: [example.org]\n")
                .append("    mailboxes: [alice, postmaster]\n    relayFrom: [alice-laptop.example.org]\n")
                .append("    smtp: { software: Postfix }\n");
        for (int i = 0; i < DOMAINS; i++) {
            String d = domain(i);
            zone.append("$ORIGIN ").append(d).append(".\n");
            zone.append("@ IN SOA ns1.example.org. hostmaster.").append(d)
                    .append(". ( 2026010501 7200 900 1209600 300 )\n");
            zone.append("  IN NS ns1.example.org.\n");
            zone.append("  IN MX 10 mx.").append(d).append(".\n");
            zone.append("mx IN A 198.51.100.").append(100 + i).append('\n');
            zone.append("   IN AAAA 2001:db8:d::").append(Integer.toHexString(100 + i)).append('\n');
            hosts.append("  - name: mx.").append(d).append("\n    role: mx\n    localDomains: [").append(d)
                    .append("]\n    mailboxes: [").append(user(i)).append(", postmaster]\n")
                    .append("    smtp: { software: Postfix }\n");
        }
        String world = "name: hundred-domains\n"
                + "title: 100 recipient domains (benchmark)\n"
                + "zone: hundred.zone\n"
                + "start: 2026-01-05T09:00:00Z\n"
                + "seed: 1\n"
                + "defaults:\n  from: alice@example.org\n  to: [" + user(0) + "@" + domain(0) + "]\n"
                + "  route: direct\n  retrieval: none\n"
                + "dns:\n  resolver: resolver.example.org\n  address: 192.0.2.53\n  latencyMs: 2\n"
                + "hosts:\n" + hosts
                + "links:\n  defaultLatencyMs: 5\n";
        Files.writeString(dir.resolve("hundred.zone"), zone, StandardCharsets.UTF_8);
        Path file = dir.resolve("hundred.yaml");
        Files.writeString(file, world, StandardCharsets.UTF_8);
        return file;
    }
}
