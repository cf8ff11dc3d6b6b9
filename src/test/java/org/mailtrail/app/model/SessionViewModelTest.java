package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Route;

/** The stepping logic, without a robot: the view model runs inline. */
class SessionViewModelTest {
    private MainViewModel vm;
    private SessionViewModel s;

    @BeforeEach
    void load() {
        vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        s = vm.session();
    }

    @Test
    void loadingAScenarioFillsTheFormAndRunsNothing() {
        assertThat(vm.compose().fromProperty().get()).isEqualTo("alice@example.org");
        assertThat(vm.compose().toProperty().get()).isEqualTo("bob@example.net");
        assertThat(vm.routeProperty().get()).isEqualTo(Route.DIRECT);
        assertThat(s.sizeProperty().get()).isZero();
        assertThat(s.stepProperty().get()).isEqualTo(-1);
    }

    @Test
    void runStartsAtTheFirstStepAndStepsForwardAndBack() {
        assertThat(vm.run()).isTrue();
        assertThat(s.sizeProperty().get()).isGreaterThan(50);
        assertThat(s.stepProperty().get()).isZero();
        assertThat(s.currentProperty().get().kind()).isEqualTo(EventKind.TCP_SYN);
        s.back();
        assertThat(s.stepProperty().get()).isZero();
        s.forward();
        s.forward();
        assertThat(s.stepProperty().get()).isEqualTo(2);
        assertThat(s.currentProperty().get().kind()).isEqualTo(EventKind.TCP_ACK);
        s.back();
        assertThat(s.stepProperty().get()).isEqualTo(1);
        s.last();
        assertThat(s.stepProperty().get()).isEqualTo(s.sizeProperty().get() - 1);
        s.forward();
        assertThat(s.stepProperty().get()).isEqualTo(s.sizeProperty().get() - 1);
        s.first();
        assertThat(s.stepProperty().get()).isZero();
    }

    /**
     * Found by a tester: in a lesson the status bar said "Step 26 of 26" although the session has 85 steps. The size
     * counts the whole journey; a horizon keeps the player (and every view) before it, not the count.
     */
    @Test
    void aHorizonLimitsWhereThePlayerGoesNotTheSize() {
        assertThat(vm.run()).isTrue();
        int whole = s.journeyProperty().get().timeline().size();
        s.horizonProperty().set(25);
        assertThat(s.sizeProperty().get()).isEqualTo(whole);
        assertThat(s.events()).hasSize(26);
        s.last();
        assertThat(s.stepProperty().get()).isEqualTo(25);
        assertThat(s.canForward()).isFalse();
        s.forward();
        s.goTo(60);
        assertThat(s.stepProperty().get()).isEqualTo(25);
        s.horizonProperty().set(Integer.MAX_VALUE);
        assertThat(s.sizeProperty().get()).isEqualTo(whole);
        assertThat(s.canForward()).isTrue();
        s.last();
        assertThat(s.stepProperty().get()).isEqualTo(whole - 1);
    }

    @Test
    void goToIsClampedToTheTimeline() {
        vm.run();
        s.goTo(1_000_000);
        assertThat(s.stepProperty().get()).isEqualTo(s.sizeProperty().get() - 1);
        s.goTo(-5);
        assertThat(s.stepProperty().get()).isZero();
    }

    @Test
    void playTicksToTheEndAndStops() {
        vm.run();
        s.togglePlay();
        assertThat(s.playingProperty().get()).isTrue();
        for (int i = 0; i < 10_000 && s.playingProperty().get(); i++) {
            s.tick();
        }
        assertThat(s.playingProperty().get()).isFalse();
        assertThat(s.canForward()).isFalse();
        s.togglePlay();
        assertThat(s.stepProperty().get()).as("play from the end starts again").isZero();
        assertThat(s.playingProperty().get()).isTrue();
        s.reset();
        assertThat(s.playingProperty().get()).isFalse();
    }

    @Test
    void invalidInputShowsErrorsAndRunsNothing() {
        vm.compose().toProperty().set("bob@@example.net");
        vm.compose().subjectProperty().set("two\nlines");
        assertThat(vm.run()).isFalse();
        assertThat(vm.compose().toErrorProperty().get()).contains("bob@@example.net");
        assertThat(vm.compose().subjectErrorProperty().get()).contains("CR or LF");
        assertThat(vm.compose().fromErrorProperty().get()).isEmpty();
        assertThat(s.resultProperty().get()).isNull();
        vm.compose().toProperty().set("bob@example.net");
        vm.compose().subjectProperty().set("fine");
        assertThat(vm.run()).isTrue();
        assertThat(vm.compose().toErrorProperty().get()).isEmpty();
    }

    @Test
    void severalRecipientsAreSplitAtCommasAndSpaces() {
        vm.compose().toProperty().set("bob@example.net, carol@example.net;erin@school.test");
        assertThat(vm.compose().toCompose().to())
                .containsExactly("bob@example.net", "carol@example.net", "erin@school.test");
    }

    @Test
    void compareKeepsTheStepWhenSwitchingJourneys() {
        vm.routeProperty().set(Route.BOTH);
        vm.run();
        assertThat(s.resultProperty().get().journeys()).hasSize(2);
        s.goTo(40);
        s.showJourney(1);
        assertThat(s.journeyProperty().get().route()).isEqualTo(Route.RELAY);
        assertThat(s.stepProperty().get()).isEqualTo(40);
    }

    @Test
    void brokenScenarioFileShowsAnErrorAndKeepsTheWorld() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("bad", ".yaml");
        java.nio.file.Files.writeString(bad, "name: [oops\n");
        var before = vm.worldProperty().get();
        vm.openScenarioFile(bad.toString());
        assertThat(vm.errorProperty().get()).contains(bad.toString());
        assertThat(vm.worldProperty().get()).isSameAs(before);
        assertThat(vm.scenarioProperty().get()).as("the choice still names the world in use").isEqualTo("direct");
        assertThat(vm.scenarios()).as("a broken file is not offered again").doesNotContain(bad.toString());
    }

    @Test
    void anotherRouteClearsASimulatedSessionOfTheOldOne() {
        vm.routeProperty().set(org.mailtrail.world.Route.DIRECT);
        vm.run();
        assertThat(vm.session().resultProperty().get()).isNotNull();
        vm.routeProperty().set(org.mailtrail.world.Route.RELAY);
        assertThat(vm.session().resultProperty().get()).isNull();
    }

    @Test
    void aNewRunClearsTheNoticeOfTheFileTheOldSessionCameFrom() {
        vm.noticeProperty().set("direct.txt");
        vm.run();
        assertThat(vm.session().resultProperty().get()).isNotNull();
        assertThat(vm.noticeProperty().get()).isEmpty();
    }

    @Test
    void aSessionShownByOtherMeansClearsTheNoticeOfTheFileTheOldOneCameFrom() throws Exception {
        vm.run();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kept", ".json");
        java.nio.file.Files.writeString(file, org.mailtrail.export.JsonSession.render(vm.session().resultProperty()
                .get()));
        vm.openSession(file);
        assertThat(vm.noticeProperty().get()).isEqualTo(file.getFileName().toString());
        // a lesson, the lab, a received session or the compare run shows its own session (tester finding: the
        // status bar kept naming the file)
        org.mailtrail.engine.SimulationResult other = new org.mailtrail.engine.SimulationEngine(vm.worldProperty()
                .get()).run(vm.compose().toCompose(), org.mailtrail.world.Route.RELAY,
                org.mailtrail.world.Retrieval.NONE, 1);
        vm.session().resultProperty().set(other);
        assertThat(vm.noticeProperty().get()).isEmpty();
        java.nio.file.Files.delete(file);
    }

    @Test
    void reopeningAnEditedWorldFileReadsItAgain() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("w");
        java.nio.file.Files.writeString(dir.resolve("w.zone"), "$ORIGIN example.org.\n@ IN SOA ns1 hm 1 2 3 4 5\n"
                + "  IN NS ns1\nns1 IN A 192.0.2.53\nmail IN A 192.0.2.25\npc IN A 192.0.2.10\n");
        java.nio.file.Path world = dir.resolve("w.yaml");
        String yaml = "name: w\nzone: w.zone\ndefaults: { subject: First }\nhosts:\n"
                + "  - { name: mail.example.org, role: submission }\n"
                + "  - { name: pc.example.org, role: mua, user: alice@example.org }\n";
        java.nio.file.Files.writeString(world, yaml);
        vm.openScenarioFile(world.toString());
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("First");
        java.nio.file.Files.writeString(world, yaml.replace("First", "Second"));
        vm.openScenarioFile(world.toString());
        assertThat(vm.compose().subjectProperty().get()).isEqualTo("Second");
    }

    @Test
    void messageInspectorGrowsTheReceivedChain() {
        vm.run();
        List<org.mailtrail.timeline.TimelineEvent> ev = s.events();
        assertThat(MessageAtStep.at(ev, 0).headers()).isEmpty();
        int last = ev.size() - 1;
        int firstAccepted = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).kind() == EventKind.RECEIVED_ADDED) {
                firstAccepted = i;
                break;
            }
        }
        MessageAtStep.State one = MessageAtStep.at(ev, firstAccepted);
        assertThat(one.receivedCount()).isEqualTo(1);
        assertThat(one.mailFrom()).isEqualTo("<alice@example.org>");
        assertThat(one.rcptTo()).containsExactly("<bob@example.net>");
        MessageAtStep.State end = MessageAtStep.at(ev, last);
        assertThat(end.receivedCount()).isEqualTo(2);
        assertThat(end.headers().get(0)).isEqualTo("Return-Path: <alice@example.org>");
    }
}
