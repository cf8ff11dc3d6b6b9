package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;
import org.mailtrail.world.ZoneRecord;

/**
 * The map's MX arrows, computed from the world's zones by the simulation's MX policy, and the hosts' places on the map
 * ({@code layout:} in the world file): loaded, checked, moved by an undoable edit, saved and reloaded identical.
 */
class MxArrowsAndLayoutTest {
    private final ObjectProperty<World> world = new SimpleObjectProperty<>();
    private WorldEditorViewModel vm;

    @BeforeEach
    void openDirect() throws Exception {
        vm = new WorldEditorViewModel(TaskRunner.inline(), world);
        world.set(new WorldLoader().load("direct"));
    }

    private static List<MxArrows.Arrow> of(World w, String domain) {
        return MxArrows.of(w).stream().filter(a -> a.domain().equals(domain)).toList();
    }

    private int mxRecord(String target) {
        List<ZoneRecord> rs = vm.draftProperty().get().records();
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).owner().equals("example.net") && rs.get(i).type().equals("MX")
                    && rs.get(i).target().equals(target)) {
                return i;
            }
        }
        throw new AssertionError("no MX " + target);
    }

    @Test
    void arrowsFollowTheZonesPreferencesInTheOrderTheSenderTriesThem() {
        assertThat(of(world.get(), "example.net")).containsExactly(
                new MxArrows.Arrow("example.net", "mx1.example.net", 10, 1, false),
                new MxArrows.Arrow("example.net", "mx2.example.net", 20, 2, false));
        assertThat(of(world.get(), "example.net").get(0).label()).isEqualTo("MX 10");
        assertThat(of(world.get(), "example.net").get(0).id()).isEqualTo("mxArrow-example.net-mx1.example.net");
        assertThat(of(world.get(), "example.com")).as("a null MX (RFC 7505) has no arrow").isEmpty();
        List<MxArrows.Arrow> legacy = of(world.get(), "legacy.example.net");
        assertThat(legacy).hasSize(1);
        assertThat(legacy.get(0).label()).as("an implicit MX has no preference").isEqualTo("MX");

        // swapping the preferences in the editor swaps the order
        assertThat(vm.setMxPreference(mxRecord("mx2.example.net"), 5)).isTrue();
        assertThat(of(world.get(), "example.net")).extracting(MxArrows.Arrow::host, MxArrows.Arrow::preference)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mx2.example.net", 5),
                        org.assertj.core.groups.Tuple.tuple("mx1.example.net", 10));
    }

    @Test
    void aHostThatIsDownIsMarked() throws Exception {
        assertThat(of(new WorldLoader().load("backup-mx"), "example.net"))
                .extracting(MxArrows.Arrow::host, MxArrows.Arrow::down)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mx1.example.net", true),
                        org.assertj.core.groups.Tuple.tuple("mx2.example.net", false));
        vm.setFault("mx2.example.net", HostFault.DOWN, "");
        assertThat(of(world.get(), "example.net")).extracting(MxArrows.Arrow::down).containsExactly(false, true);
        assertThat(MxArrows.of(null)).isEmpty();
    }

    @Test
    void aDragIsAnUndoableEditThatMarksTheWorldModified() {
        assertThat(world.get().layout()).isEmpty();
        assertThat(vm.moveHost("mx2.example.net", 4, 3)).isTrue();
        assertThat(world.get().layout()).containsEntry("mx2.example.net", new World.Position(4, 3));
        assertThat(vm.modifiedProperty().get()).isTrue();
        vm.renameHost("mx2.example.net", "backup.example.net");
        assertThat(world.get().layout()).containsOnlyKeys("backup.example.net");
        vm.undo();
        vm.undo();
        assertThat(world.get().layout()).isEmpty();
        assertThat(vm.modifiedProperty().get()).isFalse();
        vm.redo();
        assertThat(world.get().layout()).containsEntry("mx2.example.net", new World.Position(4, 3));
        vm.removeHost("mx2.example.net");
        assertThat(vm.problemProperty().get()).as("the position goes with the host").isEmpty();
        assertThat(world.get().layout()).isEmpty();
    }

    @Test
    void positionsAreSavedAndReloadIdentical(@TempDir Path dir) throws Exception {
        vm.moveHost("mx2.example.net", 4, 3);
        vm.moveHost("resolver.example.org", 3, 0);
        Path file = dir.resolve("placed.yaml");
        vm.saveAs(file);
        assertThat(vm.inputErrorProperty().get()).isEmpty();
        String yaml = Files.readString(file);
        assertThat(yaml).contains("layout:").contains("mx2.example.net:");
        World loaded = new WorldLoader().load(file.toString());
        assertThat(loaded.layout()).isEqualTo(Map.of("mx2.example.net", new World.Position(4, 3),
                "resolver.example.org", new World.Position(3, 0)));
        assertThat(WorldDraft.open(new WorldLoader(), new WorldSource.FileSource(file)))
                .as("the edited world, named by its file").isEqualTo(
                        org.mailtrail.world.WorldDiff.asSaved(vm.draftProperty().get(), "placed"));
    }

    @Test
    void badPositionsAreRefusedWithFileAndField(@TempDir Path dir) throws Exception {
        assertRefused(dir, "  nosuch.example.net: {x: 1, y: 1}", "layout.nosuch.example.net: no host");
        assertRefused(dir, "  mx1.example.net: {x: -1, y: 1}", "layout.mx1.example.net.x: a column from 0 to 11, not -1");
        assertRefused(dir, "  mx1.example.net: {x: 1, y: 99}", "layout.mx1.example.net.y: a row from 0 to 19, not 99");
        assertRefused(dir, "  mx1.example.net: {x: 1}", "layout.mx1.example.net: a position needs both x");
        assertRefused(dir, "  mx1.example.net: {x: left, y: 1}", "wrong kind of value at layout");
    }

    private static void assertRefused(Path dir, String entry, String message) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "extends: builtin:world\nname: bad\nlayout:\n" + entry + "\n");
        assertThatThrownBy(() -> new WorldLoader().load(f.toString())).isInstanceOf(WorldException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining(message);
    }

    @Test
    void theLayoutPutsAPlacedHostInItsCellAndGrowsTheGrid() {
        var events = new org.mailtrail.engine.SimulationEngine(world.get()).runDefaults().journeys().get(0)
                .timeline().events();
        HostLayout base = HostLayout.of(null, events, events.get(0).source());
        HostLayout moved = base.moved(Map.of("mx1.example.net", new int[] {7, 4}));
        assertThat(moved.places()).anySatisfy(p -> {
            assertThat(p.host()).isEqualTo("mx1.example.net");
            assertThat(p.column()).isEqualTo(7);
            assertThat(p.row()).isEqualTo(4);
        });
        assertThat(moved.columns()).isEqualTo(8);
        assertThat(moved.rows()).isGreaterThanOrEqualTo(5);
        assertThat(moved.fixed()).containsExactly("mx1.example.net");
        assertThat(base.moved(Map.of())).isSameAs(base);
    }
}
