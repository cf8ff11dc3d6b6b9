package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.SessionFormatException;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;

/** A session run on a world edited in the app carries that world, so the saved session runs again (issue 15). */
class SessionCarriesWorldTest {

    private static MainViewModel opened(String scenario) {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set(scenario);
        return vm;
    }

    @Test
    void anEditedWorldTravelsWithTheSessionAndRunsAgainTheSame(@TempDir Path dir) throws Exception {
        MainViewModel vm = opened("direct");
        assertThat(vm.editor().setFault("mx1.example.net", HostFault.DOWN, "")).isTrue();
        assertThat(vm.run()).isTrue();
        SimulationResult first = vm.session().resultProperty().get();
        SessionInfo.EmbeddedWorld carried = first.info().world();
        assertThat(carried).as("the edited world is in the session").isNotNull();
        assertThat(carried.yaml()).contains("extends: builtin:world").contains("mx1.example.net");
        Path file = dir.resolve("mx1-down.json");
        Files.writeString(file, JsonSession.render(first));

        MainViewModel later = opened("relay"); // another scenario is open when the file comes back
        later.openSession(file);
        assertThat(later.session().resultProperty().get().info().world()).isEqualTo(carried);
        assertThat(later.worldProperty().get().host("mx1.example.net").orElseThrow().smtp().down())
                .as("the window's world is the one the session ran on").isTrue();
        later.routeProperty().set(first.journeys().get(0).route());
        assertThat(later.run()).isTrue();
        SimulationResult again = later.session().resultProperty().get();
        assertThat(again.journeys().get(0).timeline().events())
                .isEqualTo(first.journeys().get(0).timeline().events());
    }

    @Test
    void aScenariosOwnWorldIsNotCarried() {
        MainViewModel vm = opened("direct");
        assertThat(vm.run()).isTrue();
        assertThat(vm.session().resultProperty().get().info().world()).isNull();
        assertThat(JsonSession.render(vm.session().resultProperty().get())).doesNotContain("\"world\"");
    }

    @Test
    void aCarriedWorldMayNotNameAFileOfThisMachine() {
        String yaml = "extends: /etc/mailtrail/secret.yaml\nname: sneaky\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> WorldDraft.embedded(new WorldLoader(), "sneaky.yaml", yaml, ""))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("may only extend a built-in world");
    }

    @Test
    void aCarriedWorldsFileNamesArePlainNames() throws Exception {
        MainViewModel vm = opened("direct");
        vm.editor().setFault("mx1.example.net", HostFault.DOWN, "");
        vm.run();
        String json = JsonSession.render(vm.session().resultProperty().get())
                .replaceFirst("\"zoneFile\" : \"[^\"]+\"", "\"zoneFile\" : \"../../etc/passwd\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("session.world.zoneFile");
    }
}
