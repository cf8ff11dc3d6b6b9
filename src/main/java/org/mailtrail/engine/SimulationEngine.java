package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * Runs a composed message through a simulated world along one route or both. Deterministic: the
 * same world, message, route and seed give the same timeline, byte for byte.
 */
public final class SimulationEngine {
    /** How far the virtual clock may run before the simulation stops and reports what is still queued. */
    public static final long DEFAULT_HORIZON_MICROS = 4L * 3600 * 1_000_000;

    private final World world;
    private final SessionInfo info;

    public SimulationEngine(World world) {
        this.world = world;
        this.info = info(world);
    }

    /** Runs the message; the compose fields must be valid ({@link Compose#validate()}). */
    public SimulationResult run(Compose compose, Route route, Retrieval retrieval, long seed) {
        List<Compose.FieldError> errors = compose.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.get(0).toString());
        }
        List<Journey> journeys = new ArrayList<>();
        if (route == Route.DIRECT || route == Route.BOTH) {
            journeys.add(new JourneyRun(world, compose, Route.DIRECT, retrieval, seed, DEFAULT_HORIZON_MICROS).run());
        }
        if (route == Route.RELAY || route == Route.BOTH) {
            journeys.add(new JourneyRun(world, compose, Route.RELAY, retrieval, seed, DEFAULT_HORIZON_MICROS).run());
        }
        return new SimulationResult(info, compose, seed, journeys);
    }

    /** Runs the world's own default message. */
    public SimulationResult runDefaults() {
        World.Defaults d = world.defaults();
        return run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), d.route(), d.retrieval(),
                world.seed());
    }

    /** What a session log keeps of a world: its names and the hosts with their roles. */
    public static SessionInfo info(World world) {
        java.util.Map<String, SessionInfo.HostInfo> hosts = new java.util.LinkedHashMap<>();
        hosts.put(world.dns().resolverName(), new SessionInfo.HostInfo(world.dns().resolverName(), "dns",
                List.of(world.dns().address())));
        for (org.mailtrail.world.Host h : world.hosts()) {
            hosts.put(h.name(), new SessionInfo.HostInfo(h.name(), h.role().name().toLowerCase(java.util.Locale.ROOT),
                    h.addresses()));
        }
        return new SessionInfo("simulation", world.name(), world.title(), world.source(), world.start(),
                world.dns().resolverName(), hosts);
    }

    public World world() {
        return world;
    }
}
