package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldEdits;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;

/** The editor's "drop after DATA" fault: smtp.dropAfterData, its name in four languages, undo, Save as. */
class DropAfterDataEditTest {
    private final ObjectProperty<World> world = new SimpleObjectProperty<>();

    private WorldEditorViewModel open() throws Exception {
        WorldEditorViewModel vm = new WorldEditorViewModel(TaskRunner.inline(), world);
        world.set(new WorldLoader().load("direct"));
        return vm;
    }

    @Test
    void choosingTheFaultSetsDropAfterDataClearsTheOtherFaultAndUndoTakesItBack() throws Exception {
        WorldEditorViewModel vm = open();
        vm.setFault("mx1.example.net", HostFault.GREYLIST, "120");
        WorldDraft greylisted = vm.draftProperty().get();
        assertThat(HostFault.DROP_AFTER_DATA.parameter()).isEqualTo(HostFault.Parameter.NONE);
        assertThat(vm.setFault("mx1.example.net", HostFault.DROP_AFTER_DATA, "")).isTrue();
        var smtp = world.get().host("mx1.example.net").orElseThrow().smtp();
        assertThat(smtp.dropAfterData()).isTrue();
        assertThat(smtp.greylist()).as("one fault per host").isFalse();
        assertThat(smtp.faults()).containsExactly("drop after DATA");
        assertThat(vm.faultOf("mx1.example.net")).isEqualTo(Map.entry(HostFault.DROP_AFTER_DATA, ""));
        assertThat(vm.hosts()).filteredOn(h -> h.name().equals("mx1.example.net"))
                .extracting(WorldEditorViewModel.HostRow::fault).containsExactly("drop after DATA");
        vm.undo();
        assertThat(vm.draftProperty().get()).isEqualTo(greylisted);
        assertThat(world.get().host("mx1.example.net").orElseThrow().smtp().dropAfterData()).isFalse();
        assertThat(vm.faultOf("mx1.example.net").getKey()).isEqualTo(HostFault.GREYLIST);
        // and choosing another fault clears it
        WorldDraft d = WorldEdits.setFault(vm.draftProperty().get(), "mx1.example.net", HostFault.DROP_AFTER_DATA, "");
        d = WorldEdits.setFault(d, "mx1.example.net", HostFault.DOWN, "");
        assertThat(d.host("mx1.example.net").path("smtp").has("dropAfterData")).isFalse();
    }

    @Test
    void theFaultHasANameInEveryLanguage() {
        Map<Locale, String> names = Map.of(Locale.ENGLISH, "drop after DATA", Locale.GERMAN, "Abbruch nach DATA",
                Locale.FRENCH, "coupure apr\u00e8s DATA", new Locale("es"), "corte tras DATA");
        names.forEach((l, n) -> assertThat(WorldEditorViewModel.bundle(l).getString("editor.fault.drop_after_data"))
                .as(l.toString()).isEqualTo(n));
    }

    @Test
    void saveAsWritesItAndTheSavedWorldLoadsWithIt(@TempDir Path dir) throws Exception {
        WorldEditorViewModel vm = open();
        vm.setFault("mx1.example.net", HostFault.DROP_AFTER_DATA, "");
        Path file = dir.resolve("drop.yaml");
        vm.saveAs(file);
        assertThat(vm.inputErrorProperty().get()).isEmpty();
        assertThat(Files.readString(file)).contains("dropAfterData: true");
        WorldDraft again = WorldDraft.open(new WorldLoader(), new WorldSource.FileSource(file));
        assertThat(again).as("the edited world, named by its file").isEqualTo(
                org.mailtrail.world.WorldDiff.asSaved(vm.draftProperty().get(), "drop"));
        assertThat(new WorldLoader().load(file.toString()).host("mx1.example.net").orElseThrow().smtp()
                .dropAfterData()).isTrue();
    }
}
