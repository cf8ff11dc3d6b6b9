package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDiff;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldEdits;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;

/** Save world as…: the saved world is named by its file and says no longer what the world it was edited from said. */
class WorldSavingTest {
    private final WorldLoader loader = new WorldLoader();

    private WorldDraft backupMx() throws Exception {
        return WorldDraft.open(loader, new WorldSource.BuiltIn("assets/scenarios/backup-mx.yaml"));
    }

    private WorldDraft save(WorldDraft d, Path file) {
        Path zone = file.resolveSibling(file.getFileName().toString().replaceAll("\\.yaml$", ".zone"));
        return WorldSaving.save(loader, d, file, zone, WorldEditorViewModel.bundle(Locale.ENGLISH));
    }

    @Test
    void anEditedWorldIsSavedUnderItsOwnNameWithAnHonestTitleAndDescription(@TempDir Path dir) throws Exception {
        WorldDraft fixed = WorldEdits.setFault(backupMx(), "mx1.example.net", HostFault.NONE, "");
        Path file = dir.resolve("mx1-fixed.yaml");
        WorldDraft again = save(fixed, file);
        String yaml = Files.readString(file);
        assertThat(yaml).contains("name: mx1-fixed").doesNotContain("refuses connections")
                .doesNotContain("title: The preferred MX is down").doesNotContain("Präferenz").doesNotContain("bevorzugte");
        World w = loader.load(file.toString());
        assertThat(w.name()).isEqualTo("mx1-fixed");
        assertThat(w.title()).isEqualTo("mx1-fixed");
        assertThat(w.description()).startsWith("Edited in the world editor from “The preferred MX is down” (backup-mx)")
                .contains("mx1.example.net").doesNotContain("refuses connections");
        assertThat(w.translations()).as("the base's translations no longer apply").isEmpty();
        assertThat(w.title(Locale.GERMAN)).isEqualTo("mx1-fixed");
        assertThat(again).as("reads back to the world that was written")
                .isEqualTo(WorldDraft.open(loader, new WorldSource.FileSource(file)));
        assertThat(again.records()).isEqualTo(fixed.records());
        assertThat((Object) again.tree().without(java.util.List.of("name", "title", "description", "translations")))
                .isEqualTo((Object) fixed.tree().without(java.util.List.of("name", "title", "description", "translations")));
        var a = new SimulationEngine(fixed.check(loader)).runDefaults();
        var b = new SimulationEngine(w).runDefaults();
        assertThat(b.journeys().get(0).timeline().events()).isEqualTo(a.journeys().get(0).timeline().events());
        // saving it again (opened from the editor's file) keeps its texts
        WorldDraft twice = save(WorldEdits.setFault(again, "mx2.example.net", HostFault.DOWN, ""), file);
        assertThat(twice.check(loader).description()).startsWith("Edited in the world editor from “mx1-fixed”");
    }

    /** Found by a tester: one host renamed was saved as every host removed and every host added again. */
    @Test
    void aHostRenamedInTheMiddleIsSavedAsThatHostAlone(@TempDir Path dir) throws Exception {
        WorldDraft d = WorldEdits.renameHost(backupMx(), "mx2.example.net", "mx3.example.net");
        Path file = dir.resolve("renamed.yaml");
        WorldDraft again = save(d, file);
        String yaml = Files.readString(file);
        assertThat(yaml.split("\n +remove: true", -1)).as("one host removed").hasSize(2);
        assertThat(yaml).contains("- name: mx2.example.net\n    remove: true").contains("- name: mx3.example.net")
                .doesNotContain("- name: alice-laptop.example.org");
        World w = loader.load(file.toString());
        assertThat(w.description()).contains("host mx2.example.net removed; new host mx3.example.net")
                .doesNotContain("alice-laptop");
        assertThat(w.host("mx3.example.net")).isPresent();
        assertThat(again.hostNames()).as("the new name goes last, as the file gives it")
                .endsWith("mx3.example.net").contains("alice-laptop.example.org");
        var a = new SimulationEngine(d.check(loader)).runDefaults();
        var b = new SimulationEngine(w).runDefaults();
        assertThat(b.journeys().get(0).outcomes()).isEqualTo(a.journeys().get(0).outcomes());
    }

    @Test
    void theDescriptionSaysBrieflyWhatDiffers(@TempDir Path dir) throws Exception {
        WorldDraft d = WorldEdits.removeDomain(WorldEdits.removeHost(backupMx(), "mx.school.test"), "school.test");
        d = WorldEdits.addHost(d, "mx3.example.net", org.mailtrail.world.Role.MX);
        d = d.set("retry.intervalMinutes", 10);
        Path file = dir.resolve("less.yaml");
        save(d, file);
        assertThat(loader.load(file.toString()).description()).isEqualTo("Edited in the world editor from “The"
                + " preferred MX is down” (backup-mx); what differs: host mx.school.test removed; new host"
                + " mx3.example.net; retry; DNS records of example.net, school.test.");
    }

    @Test
    void aTitleAndDescriptionOfTheUsersOwnAreKept(@TempDir Path dir) throws Exception {
        WorldDraft d = WorldEdits.setFault(backupMx(), "mx1.example.net", HostFault.NONE, "");
        d = WorldEdits.setText(d, "title", "Both MX are up");
        d = WorldEdits.setText(d, "description", "mx1 takes the message.\nmx2 is not needed.");
        Path file = dir.resolve("both-up.yaml");
        save(d, file);
        World w = loader.load(file.toString());
        assertThat(w.name()).isEqualTo("both-up");
        assertThat(w.title()).isEqualTo("Both MX are up");
        assertThat(w.description()).isEqualTo("mx1 takes the message.\nmx2 is not needed.");
        assertThat(w.translations()).isEmpty();
    }

    @Test
    void anUnchangedCopyKeepsItsTextsAndTranslations(@TempDir Path dir) throws Exception {
        WorldDraft d = WorldEdits.moveHost(backupMx(), "mx2.example.net", 5, 5); // the map only: still true
        Path file = dir.resolve("copy.yaml");
        save(d, file);
        World w = loader.load(file.toString());
        assertThat(w.name()).isEqualTo("copy");
        assertThat(w.title()).isEqualTo("The preferred MX is down");
        assertThat(w.title(Locale.GERMAN)).isEqualTo("Der bevorzugte MX ist ausgefallen");
        assertThat(Files.readString(file)).startsWith(WorldDiff.HEADER);
    }

    @Test
    void aRecordOutsideEveryZoneIsReportedWithoutTheOldZoneFilesName() throws Exception {
        WorldDraft d = WorldEdits.addHost(backupMx(), "mx.school2.test", org.mailtrail.world.Role.MX);
        org.mailtrail.world.WorldException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.mailtrail.world.WorldException.class, () -> d.check(loader));
        assertThat(e.getMessage()).contains("backup-mx.zone");
        String plain = WorldSaving.plain(e.getMessage(), d);
        assertThat(plain).doesNotContain("backup-mx").doesNotContain(".zone")
                .isEqualTo("DNS record mx.school2.test A: mx.school2.test is in no zone of this world"
                        + " (outside every zone); add the domain school2.test first");
        assertThat(WorldSaving.place(e, d).field()).isEqualTo("zone");
        assertThat(WorldSaving.place(e, d).record()).isEqualTo(d.records().size() - 1);
    }
}
