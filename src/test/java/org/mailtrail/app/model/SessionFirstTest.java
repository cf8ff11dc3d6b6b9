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

    @Test
    void aSessionThatNamesNoMessageBringsTheDefaultWorldsMessage() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        World w = new WorldLoader().load("direct");
        vm.show(live(NO_MESSAGE, null));
        assertThat(vm.compose().fromProperty().get()).isEqualTo(w.defaults().from());
        assertThat(vm.compose().subjectProperty().get()).isEqualTo(w.defaults().subject());
    }

    /** What a capture names when it saw no MAIL FROM. */
    private static final Compose NO_MESSAGE = new Compose("", java.util.List.of(), java.util.List.of(), "", "");

    /**
     * A live session (as serve keeps it) on the direct world's steps, naming {@code message}, its first message's data
     * {@code data} (null: no message data kept).
     */
    private static SimulationResult live(Compose message, String data) throws Exception {
        SimulationResult run = new SimulationEngine(new WorldLoader().load("direct")).runDefaults();
        var j = run.journeys().get(0);
        var delivered = data == null ? java.util.List.<org.mailtrail.engine.DeliveredMessage>of() : java.util.List.of(
                new org.mailtrail.engine.DeliveredMessage("b@example.test", "mailtrail.test", false,
                        data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new SimulationResult(new org.mailtrail.timeline.SessionInfo("live", "s1",
                "SMTP session from 127.0.0.1:40000", "mailtrail serve on 127.0.0.1:2525", run.info().start(), "",
                run.info().hosts()), message, 0, java.util.List.of(new org.mailtrail.engine.Journey(j.route(),
                j.timeline(), j.outcomes(), delivered)));
    }

    /** {@code r} saved as {@code dir/name}. */
    private static java.nio.file.Path saved(java.nio.file.Path dir, String name, SimulationResult r) throws Exception {
        return java.nio.file.Files.writeString(dir.resolve(name), org.mailtrail.export.JsonSession.render(r));
    }

    /** A live session with a message of its own and no message data kept (no body to show), saved as JSON. */
    private static java.nio.file.Path liveSession(java.nio.file.Path dir) throws Exception {
        return saved(dir, "s1.json", live(new Compose("a@example.org", java.util.List.of("b@example.test",
                "c@example.test"), java.util.List.of(), "Quarterly figures", ""), null));
    }

    @Test
    void anOpenedSessionsMessageIsInTheFormBeforeAnyWorldWasLoaded(@org.junit.jupiter.api.io.TempDir
                                                                       java.nio.file.Path dir) throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.openSession(liveSession(dir));
        assertThat(vm.worldProperty().get().name()).as("the default world, for Run").isEqualTo(
                WorldLoader.DEFAULT_SCENARIO);
        assertThat(vm.compose().fromProperty().get()).isEqualTo("a@example.org");
        assertThat(vm.compose().toProperty().get()).isEqualTo("b@example.test, c@example.test");
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Quarterly figures");
    }

    @Test
    void anOpenedSessionsMessageReplacesTheOneInTheForm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        assertThat(vm.compose().subjectProperty().get()).isNotEqualTo("Quarterly figures");
        vm.openSession(liveSession(dir));
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.worldProperty().get().name()).as("the world in use stays").isEqualTo("direct");
        assertThat(vm.compose().fromProperty().get()).isEqualTo("a@example.org");
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Quarterly figures");
        assertThat(vm.compose().bodyProperty().get()).isEmpty();
    }

    @Test
    void anOpenedSimulationOfAnotherRouteSetsTheRouteSoThatRunRunsTheSameJourney(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir)
            throws Exception {
        World relay = new WorldLoader().load("relay");
        World.Defaults d = relay.defaults();
        SimulationResult r = new SimulationEngine(relay).run(new Compose(d.from(), d.to(), d.cc(), "By the relay",
                "Hello"), org.mailtrail.world.Route.RELAY, d.retrieval(), relay.seed());
        java.nio.file.Path file = saved(dir, "relay.json", r);
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        assertThat(vm.routeProperty().get()).isEqualTo(org.mailtrail.world.Route.DIRECT);
        vm.openSession(file);
        assertThat(vm.scenarioProperty().get()).isEqualTo("relay");
        assertThat(vm.routeProperty().get()).isEqualTo(org.mailtrail.world.Route.RELAY);
        assertThat(vm.session().resultProperty().get()).as("the session opened is shown").isNotNull();
        assertThat(vm.run()).isTrue();
        SimulationResult again = vm.session().resultProperty().get();
        assertThat(again.journeys()).extracting(org.mailtrail.engine.Journey::route)
                .containsExactly(org.mailtrail.world.Route.RELAY);
        assertThat(again.journeys().get(0).timeline().events()).isEqualTo(r.journeys().get(0).timeline().events());
    }

    @Test
    void aSessionThatNamesNoMessageOpenedAfterOneThatDidLeavesTheWorldsMessage(@org.junit.jupiter.api.io.TempDir
                                                                                java.nio.file.Path dir)
            throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        vm.openSession(liveSession(dir));
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Quarterly figures");
        World w = new WorldLoader().load("direct");
        vm.openSession(saved(dir, "none.json", live(NO_MESSAGE, null)));
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.compose().fromProperty().get()).isEqualTo(w.defaults().from());
        assertThat(vm.compose().subjectProperty().get()).isEqualTo(w.defaults().subject());
        assertThat(vm.routeProperty().get()).as("a live session leaves the route").isEqualTo(
                org.mailtrail.world.Route.DIRECT);
    }

    /** A live session whose log keeps the body only in its message's data. */
    private static java.nio.file.Path liveSessionWithData(java.nio.file.Path dir, String content) throws Exception {
        return saved(dir, "s2.json", live(new Compose("a@example.org", java.util.List.of("b@example.test"),
                java.util.List.of(), "Figures", ""), content));
    }

    @Test
    void anOpenedLiveSessionsBodyIsTheTextOfItsMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        vm.openSession(liveSessionWithData(dir, "Received: from vm\r\nSubject: Figures\r\n\r\nHello Bob,\r\n"
                + "the figures.\r\n"));
        assertThat(vm.compose().bodyProperty().get()).isEqualTo("Hello Bob,\nthe figures.\n");
        vm.openSession(liveSessionWithData(dir, "Subject: Figures\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Gr=C3=BC=C3=9Fe\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>Gr&uuml;&szlig;e</p>\r\n--b1--\r\n"));
        assertThat(vm.compose().bodyProperty().get()).as("the plain part, decoded").isEqualTo("Grüße");
        MainViewModel first = new MainViewModel(TaskRunner.inline()); // opened before any world (the command line)
        first.openSession(liveSessionWithData(dir, "Subject: Figures\r\n\r\nHello Bob,\r\n"));
        assertThat(first.worldProperty().get()).isNotNull();
        assertThat(first.compose().bodyProperty().get()).isEqualTo("Hello Bob,\n");
        vm.openSession(liveSessionWithData(dir, "Subject: Figures\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>\r\n"));
        assertThat(vm.compose().bodyProperty().get()).as("no plain text: no body").isEmpty();
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Figures");
    }
}
