package org.mailtrail.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.Exporter;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.WorldLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exporting a session of 100,000 events in every format (target: each under 2 s), and reading
 * the JSON back. The session repeats the built-in direct journey (with its IMAP retrieval) until it
 * holds 100,000 events. Run with {@code bench/run-jmh.sh ExportBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ExportBenchmark {
    @Param({"TEXT", "JSON", "HTML", "PCAP", "EML"})
    public String format;

    private SimulationResult session;
    private String json;

    @Setup
    public void setUp() throws Exception {
        SimulationResult base = new SimulationEngine(new WorldLoader().load("direct")).runDefaults();
        session = repeat(base, 100_000);
        json = JsonSession.render(session);
    }

    /** A session whose single journey repeats the base journey until it has at least {@code events} events. */
    public static SimulationResult repeat(SimulationResult base, int events) {
        Journey j = base.journeys().get(0);
        Timeline big = new Timeline();
        long offset = 0;
        while (big.size() < events) {
            for (TimelineEvent e : j.timeline().events()) {
                big.add(e.timeMicros() + offset, e.endMicros() + offset, e.kind(), e.source(), e.destination(),
                        e.summary(), e.lines(), e.explanationKey(), e.rfc(), e.details());
            }
            offset += j.timeline().durationMicros() + 1_000_000;
        }
        return new SimulationResult(base.info(), base.compose(), base.seed(),
                List.of(new Journey(j.route(), big, j.outcomes(), j.delivered())));
    }

    @Benchmark
    public Object export() {
        return Exporter.render(session, Exporter.Format.valueOf(format), new Exporter.Options(null, false,
                Locale.ENGLISH));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
    public Object importJson() throws Exception {
        return JsonSession.read(json, "bench.json");
    }
}
