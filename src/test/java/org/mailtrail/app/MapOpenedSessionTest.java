package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.view.NetworkMapView;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The network map of a session opened from a file shows that session's world, not the world in the window. */
class MapOpenedSessionTest extends MapWindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    private java.util.Set<Object> hostsOnMap(FxRobot robot) {
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        java.util.Set<Object> out = new java.util.TreeSet<>();
        robot.from(map).lookup(".host").queryAll().stream().filter(b -> b instanceof VBox)
                .forEach(b -> out.add(b.getUserData()));
        return out;
    }

    private Path saved(Path dir, String name) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, org.mailtrail.export.JsonSession.render(vm().session().resultProperty().get()));
        return f;
    }

    private void open(FxRobot robot, Path file) throws Exception {
        var before = vm().session().resultProperty().get();
        robot.interact(() -> vm().openSession(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != before
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Tester finding (round 2): after Session > Open... of a relay session following a direct run, the map seemed to
     * keep the direct world's arrows and mx2. The map shows the relay session's world: its hosts and the MX records
     * of the relay scenario (which, like direct, extends world.yaml: mx2 is the backup exchanger of example.net).
     */
    @Test
    void aRelaySessionOpenedAfterADirectRunShowsItsOwnWorld(FxRobot robot) throws Exception {
        Path dir = Files.createTempDirectory("mt");
        run(robot, "relay", Route.RELAY);
        java.util.Set<Object> relayHosts = hostsOnMap(robot);
        var relayArrows = robot.lookup("#networkMap").queryAs(NetworkMapView.class).mxArrows();
        Path relay = saved(dir, "relay");
        run(robot, "direct", Route.DIRECT);
        assertThat(hostsOnMap(robot)).doesNotContain("relay.example.org");
        open(robot, relay);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "relay".equals(vm().worldProperty().get().name()));
        WaitForAsyncUtils.waitForFxEvents();
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        assertThat(hostsOnMap(robot)).isEqualTo(relayHosts).contains("relay.example.org");
        assertThat(map.mxArrows()).isEqualTo(relayArrows);
        var recorded = vm().session().resultProperty().get().info().hosts().keySet();
        assertThat(recorded).containsAll(relayHosts.stream().map(String::valueOf).toList());
    }

    /**
     * The world in the window has the session's name but not its hosts (edited since: mx2 removed): the map draws
     * none of that world's MX arrows for the opened session, only what the session recorded.
     */
    @Test
    void aSessionOpenedInAnEditedWorldOfItsNameGetsNoArrowsOfThatWorld(FxRobot robot) throws Exception {
        Path dir = Files.createTempDirectory("mt");
        run(robot, "direct", Route.DIRECT);
        Path direct = saved(dir, "direct");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().editor().draftProperty().get() != null
                && !vm().editor().checkingProperty().get());
        robot.interact(() -> vm().editor().removeHost("mx2.example.net"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get().host("mx2.example.net")
                .isEmpty());
        assertThat(vm().worldProperty().get().name()).isEqualTo("direct");
        open(robot, direct);
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        assertThat(vm().worldProperty().get().host("mx2.example.net")).as("the edited world stays").isEmpty();
        assertThat(map.mxArrows()).as("arrows of the edited world, not the session's").isEmpty();
        java.util.Set<String> reached = new java.util.TreeSet<>();
        vm().session().journeyProperty().get().timeline().events().forEach(e -> {
            reached.add(e.source());
            reached.add(e.destination());
        });
        assertThat(hostsOnMap(robot)).allMatch(h -> reached.contains(String.valueOf(h)));
    }
}
