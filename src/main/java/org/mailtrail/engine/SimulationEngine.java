package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.List;
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

    public SimulationEngine(World world) {
        this.world = world;
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
        return new SimulationResult(world, compose, seed, journeys);
    }

    /** Runs the world's own default message. */
    public SimulationResult runDefaults() {
        World.Defaults d = world.defaults();
        return run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), d.route(), d.retrieval(),
                world.seed());
    }

    public World world() {
        return world;
    }
}
