package org.mailtrail.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.Host;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * {@code lab --once}: one message through a lab of its own, per route, until it is delivered, bounced or still
 * queued when the simulation's horizon (four hours of world time) has passed; the merged sessions as one session
 * log, read like a simulation's.
 */
public final class LabOnce {
    private LabOnce() {
    }

    /** Runs the message along {@code route} (BOTH: a lab for each route in turn) and returns the session. */
    public static SimulationResult run(World world, Compose compose, Route route, Lab.Options options)
            throws LabException, InterruptedException {
        List<Journey> journeys = new ArrayList<>();
        LabPlan plan = null;
        java.time.Instant started = null;
        for (Route r : route == Route.BOTH ? List.of(Route.DIRECT, Route.RELAY) : List.of(route)) {
            Lab.Options o = options.withRoute(r);
            try (Lab lab = Lab.start(world, o)) {
                plan = lab.plan();
                lab.horizon(SimulationEngine.DEFAULT_HORIZON_MICROS);
                LabJourneys.LabJourney j = lab.send(compose, r);
                started = started == null ? j.started() : started;
                long waitMillis = (long) (SimulationEngine.DEFAULT_HORIZON_MICROS / 1000 / options.timeScale())
                        + options.timeout().toMillis() * 4 + 10_000;
                if (!lab.awaitIdle(Duration.ofMillis(waitMillis))) {
                    throw new LabException("the lab did not finish within " + waitMillis / 1000 + " s");
                }
                if (!lab.errors().isEmpty()) {
                    Throwable t = lab.errors().get(0);
                    throw new LabException("the lab failed: " + t, t);
                }
                journeys.add(new Journey(r, j.recorder().timeline(), j.state().outcomes(), j.state().delivered()));
            }
        }
        return new SimulationResult(info(world, plan, started), compose, world.seed(), journeys);
    }

    /** The session's header: the world, and the lab address of each host. */
    public static SessionInfo info(World world, LabPlan plan, java.time.Instant start) {
        Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
        hosts.put(world.dns().resolverName(), new SessionInfo.HostInfo(world.dns().resolverName(), "dns",
                List.of(plan.dnsAddress())));
        for (LabPlan.Entry e : plan.entries()) {
            Host h = e.host();
            hosts.put(h.name(), new SessionInfo.HostInfo(h.name(), h.role().name().toLowerCase(Locale.ROOT),
                    List.of(e.address())));
        }
        return new SessionInfo("lab", world.name(), world.title(), world.source(), start,
                world.dns().resolverName(), hosts);
    }
}
