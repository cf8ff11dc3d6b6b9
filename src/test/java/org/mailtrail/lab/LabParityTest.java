package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The simulation is what real servers do: every built-in scenario, both routes, run once as a simulation and once
 * through a lab of real servers on loopback; the journeys must have the same shape ({@link JourneyShape}): the same
 * hosts in the same order, the same DNS questions, commands, reply codes and enhanced codes per hop, the same
 * outcome and exit code. Only times, ports, addresses and queue ids may differ.
 */
class LabParityTest {

    static Stream<Arguments> scenarios() {
        List<Arguments> out = new ArrayList<>();
        for (String s : WorldLoader.BUILT_IN) {
            if (s.equals("world")) {
                continue;
            }
            out.add(Arguments.of(s, Route.DIRECT));
            out.add(Arguments.of(s, Route.RELAY));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scenarios")
    @Timeout(120)
    void labJourneyHasTheShapeOfTheSimulatedOne(String scenario, Route route) throws Exception {
        World world = new WorldLoader().load(scenario);
        World.Defaults d = world.defaults();
        Compose compose = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        Retrieval retrieval = d.retrieval();
        SimulationResult sim = new SimulationEngine(world).run(compose, route, retrieval, world.seed());
        // 600: the four hours of the horizon are 24 s of real time, room enough on a busy machine; greylisting's
        // retry 30 minutes later comes 3 s later
        SimulationResult lab = null;
        for (int attempt = 1; lab == null; attempt++) {
            Lab.Options o = new Lab.Options("127.77.0.0", freePorts(), 600, route, retrieval, false,
                    Duration.ofSeconds(20));
            try {
                lab = LabOnce.run(world, compose, route, o);
            } catch (LabException e) {
                // a port found free a moment ago can be taken since (another test, a connection's local port):
                // new ports, at most three times; anything but a bind failure is the test's failure
                if (attempt == 3 || !e.getMessage().startsWith("cannot listen")) {
                    throw e;
                }
            }
        }
        assertThat(JourneyShape.of(lab.journeys().get(0)))
                .containsExactlyElementsOf(JourneyShape.of(sim.journeys().get(0)));
        assertThat(lab.exitCode()).isEqualTo(sim.exitCode());
        // the same story, part by part: submission, relay, transfer, … with the world's ports in the headers
        assertThat(parts(lab)).isEqualTo(parts(sim));
    }

    /** {@code smtp.dropAfterData}: real sockets cut after the final dot give the simulation's journey. */
    @org.junit.jupiter.api.Test
    @Timeout(120)
    void droppedAfterDataInTheLabAsInTheSimulation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        World world = new WorldLoader().load(org.mailtrail.engine.DropAfterDataTest.dropWorld(dir).toString());
        World.Defaults d = world.defaults();
        Compose compose = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        SimulationResult sim = new SimulationEngine(world).run(compose, Route.DIRECT, d.retrieval(), world.seed());
        Lab.Options o = new Lab.Options("127.77.0.0", freePorts(), 600, Route.DIRECT, d.retrieval(), false,
                Duration.ofSeconds(20));
        SimulationResult lab = LabOnce.run(world, compose, Route.DIRECT, o);
        List<String> shape = JourneyShape.of(lab.journeys().get(0));
        assertThat(shape).containsExactlyElementsOf(JourneyShape.of(sim.journeys().get(0)));
        assertThat(lab.journeys().get(0).timeline().events())
                .anyMatch(e -> "smtp.closed-after-data".equals(e.explanationKey()));
        assertThat(lab.exitCode()).isEqualTo(sim.exitCode());
    }

    private static java.util.List<String> parts(SimulationResult r) {
        return org.mailtrail.timeline.PhaseSegments.of(r.journeys().get(0).timeline().events()).stream()
                .map(s -> s.phase().id() + (s.port() > 0 ? " " + s.protocol() + " " + s.port() : ""))
                .collect(java.util.stream.Collectors.toList());
    }

    /** Five ports that are free now on the test's addresses. */
    static LabPlan.Ports freePorts() throws IOException {
        return org.mailtrail.lab.LabPorts.free("127.77.0.1");
    }
}
