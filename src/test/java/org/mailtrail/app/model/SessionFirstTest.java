package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * A session opened before any world was loaded (a file named on the command line, found by a tester: the message
 * form stayed empty and Run disabled): the world and the form follow the session, or the default world comes.
 */
class SessionFirstTest {
    @Test
    void aSimulatedSessionOfABuiltInScenarioBringsItsWorldAndItsMessage() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        assertThat(vm.worldProperty().get()).isNull();
        World relay = new WorldLoader().load("relay");
        World.Defaults d = relay.defaults();
        SimulationResult r = new SimulationEngine(relay).run(new Compose(d.from(), d.to(), d.cc(), "Opened first",
                "Hello"), d.route(), d.retrieval(), relay.seed());
        vm.show(r);
        assertThat(vm.worldProperty().get().name()).isEqualTo("relay");
        assertThat(vm.scenarioProperty().get()).isEqualTo("relay");
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Opened first");
        assertThat(vm.session().resultProperty().get()).as("the session stays").isSameAs(r);
    }

    @Test
    void anyOtherSessionBringsTheDefaultWorldSoThatTheFormIsThere() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        World w = new WorldLoader().load("direct");
        SimulationResult run = new SimulationEngine(w).runDefaults();
        // a session of a world file of one's own: not a built-in scenario to follow
        SimulationResult own = new SimulationResult(new org.mailtrail.timeline.SessionInfo("simulation", "mine",
                "Mine", "mine.yaml", run.info().start(), run.info().resolver(), run.info().hosts()), run.compose(),
                run.seed(), run.journeys());
        vm.show(own);
        assertThat(vm.worldProperty().get().name()).isEqualTo(WorldLoader.DEFAULT_SCENARIO);
        assertThat(vm.compose().fromProperty().get()).isEqualTo(w.defaults().from());
        assertThat(vm.session().resultProperty().get()).isSameAs(own);
    }
}
