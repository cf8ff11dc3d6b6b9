package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.Role;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;
import org.mailtrail.world.WorldTemplates;
import org.mailtrail.world.ZoneRecord;

/** The world editor's view model, inline (no threads): every edit, its undo and redo, the loader's checks, saving. */
class WorldEditorViewModelTest {
    private static final String EXAMPLE_NET = "Mail for example.net goes to mx1.example.net (10), then mx2.example.net (20)";
    private final ObjectProperty<World> world = new SimpleObjectProperty<>();
    private WorldEditorViewModel vm;
    private World direct;

    @BeforeEach
    void openDirect() throws Exception {
        vm = new WorldEditorViewModel(TaskRunner.inline(), world);
        direct = new WorldLoader().load("direct");
        world.set(direct);
    }

    private int record(String owner, String type, String target) {
        List<ZoneRecord> rs = vm.draftProperty().get().records();
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).owner().equals(owner) && rs.get(i).type().equals(type)
                    && (target == null || rs.get(i).target().equals(target))) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " " + owner + " " + target);
    }

    @Test
    void opensTheScenariosWorldAndSaysWhereMailGoes() {
        assertThat(vm.hosts()).extracting(WorldEditorViewModel.HostRow::name).hasSize(9).contains("mx1.example.net");
        assertThat(vm.mxOrder()).contains(EXAMPLE_NET,
                "example.com accepts no mail at all (null MX, RFC 7505)",
                "Mail for legacy.example.net goes to legacy.example.net (implicit MX)");
        assertThat(vm.modifiedProperty().get()).isFalse();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.readOnlyProperty().get()).isFalse();
        assertThat(vm.domains()).contains("example.net", "example.org", "example.com", "school.test");
        assertThat(world.get()).as("opening publishes nothing").isSameAs(direct);
    }

    static Stream<Arguments> edits() {
        List<Object[]> l = List.of(
                new Object[] {"add host", (Consumer<WorldEditorViewModel>) v -> v.addHost("mx3.example.net", Role.MX)},
                new Object[] {"remove host", (Consumer<WorldEditorViewModel>) v -> v.removeHost("legacy.example.net")},
                new Object[] {"rename host", (Consumer<WorldEditorViewModel>) v -> v.renameHost("mx2.example.net", "backup.example.net")},
                new Object[] {"role", (Consumer<WorldEditorViewModel>) v -> v.setRole("relay.example.org", Role.MX)},
                new Object[] {"local domains", (Consumer<WorldEditorViewModel>) v -> v.setHostField("mx.school.test", "localDomains", "school.test, example.com")},
                new Object[] {"mailboxes", (Consumer<WorldEditorViewModel>) v -> v.setHostField("mx1.example.net", "mailboxes", "bob carol dave postmaster")},
                new Object[] {"user", (Consumer<WorldEditorViewModel>) v -> v.setHostField("bob-laptop.example.net", "user", "carol@example.net")},
                new Object[] {"smart host", (Consumer<WorldEditorViewModel>) v -> v.setHostField("mail.example.org", "smartHost", "")},
                new Object[] {"relay permissions", (Consumer<WorldEditorViewModel>) v -> v.setHostField("relay.example.org", "relayFrom", "mail.example.org, alice-laptop.example.org")},
                new Object[] {"banner", (Consumer<WorldEditorViewModel>) v -> v.setBanner("mx1.example.net", "Exim 4.97")},
                new Object[] {"starttls off", (Consumer<WorldEditorViewModel>) v -> v.setStarttls("mx1.example.net", false)},
                new Object[] {"latency", (Consumer<WorldEditorViewModel>) v -> v.setLatency("mail.example.org", "mx2.example.net", 80)},
                new Object[] {"retry", (Consumer<WorldEditorViewModel>) v -> v.set("retry.intervalMinutes", 15)},
                new Object[] {"route", (Consumer<WorldEditorViewModel>) v -> v.set("defaults.route", "relay")},
                new Object[] {"password of a user", (Consumer<WorldEditorViewModel>) v -> v.setPassword("bob@example.net", "s3cret")},
                new Object[] {"default password", (Consumer<WorldEditorViewModel>) v -> v.setPassword(null, "classroom")},
                new Object[] {"add MX", (Consumer<WorldEditorViewModel>) v -> v.addRecord("MX", "school.test", 600, "mx1.example.net", 20)},
                new Object[] {"add A", (Consumer<WorldEditorViewModel>) v -> v.addRecord("A", "www.example.net", 300, "198.51.100.80", 0)},
                new Object[] {"add AAAA", (Consumer<WorldEditorViewModel>) v -> v.addRecord("AAAA", "mx2.example.net", 3600, "2001:db8:100::20", 0)},
                new Object[] {"add CNAME", (Consumer<WorldEditorViewModel>) v -> v.addRecord("CNAME", "smtp.example.net", 3600, "mx1.example.net", 0)},
                new Object[] {"null MX", (Consumer<WorldEditorViewModel>) v -> v.addRecord("MX", "legacy.example.net", 3600, ".", 0)},
                new Object[] {"add domain", (Consumer<WorldEditorViewModel>) v -> v.addDomain("school2.test")},
                new Object[] {"remove domain", (Consumer<WorldEditorViewModel>) v -> v.removeDomain("example.com")},
                new Object[] {"title", (Consumer<WorldEditorViewModel>) v -> v.setText("title", "Two schools")},
                new Object[] {"description", (Consumer<WorldEditorViewModel>) v -> v.setText("description", "Line one\nline two")});
        Stream<Object[]> faults = Stream.of(HostFault.values()).filter(f -> f != HostFault.NONE).map(f -> new Object[] {
                "fault " + f, (Consumer<WorldEditorViewModel>) v -> v.setFault(
                        f == HostFault.RELAY_DENIED ? "relay.example.org" : "mx1.example.net", f, f.defaultParameter())});
        return Stream.concat(l.stream(), faults).map(a -> Arguments.of(a[0], a[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void everyEditIsCheckedAndUndone(String name, Consumer<WorldEditorViewModel> edit) {
        WorldDraft before = vm.draftProperty().get();
        edit.accept(vm);
        WorldDraft after = vm.draftProperty().get();
        assertThat(vm.inputErrorProperty().get()).isEmpty();
        assertThat(after).isNotEqualTo(before);
        assertThat(vm.problemProperty().get()).as("the loader takes the edit").isEmpty();
        assertThat(vm.modifiedProperty().get()).isTrue();
        assertThat(world.get()).as("a valid edit is the world Run uses").isNotSameAs(direct);
        assertThat(world.get().source()).startsWith("editor/");
        vm.undo();
        assertThat(vm.draftProperty().get()).isEqualTo(before);
        assertThat(vm.modifiedProperty().get()).isFalse();
        assertThat(world.get()).as("undone: the scenario's own world again").isSameAs(direct);
        assertThat(vm.canRedoProperty().get()).isTrue();
        vm.redo();
        assertThat(vm.draftProperty().get()).isEqualTo(after);
        assertThat(vm.canRedoProperty().get()).isFalse();
    }

    @Test
    void removingAnMxTargetSaysWhichRecordsWentWithItAndOneUndoBringsThemBack() {
        WorldDraft before = vm.draftProperty().get();
        assertThat(vm.removeHost("mx1.example.net")).isTrue();
        assertThat(vm.noticeProperty().get()).startsWith("Also removed the records that pointed at mx1.example.net: ")
                .contains("example.net", "MX", "10");
        assertThat(vm.draftProperty().get().records()).noneMatch(r -> r.target().equals("mx1.example.net"));
        assertThat(vm.mxOrder()).contains("Mail for example.net goes to mx2.example.net (20)");
        vm.undo();
        assertThat(vm.draftProperty().get()).isEqualTo(before);
        assertThat(vm.noticeProperty().get()).as("the notice is about the edit undone").isEmpty();
        assertThat(vm.removeHost("bob-laptop.example.net")).isTrue();
        assertThat(vm.noticeProperty().get()).as("nothing pointed at it").isEmpty();
    }

    @Test
    void aUsersOwnPasswordAndBackToTheDefault() {
        vm.setPassword("alice@example.org", "s3cret");
        assertThat(world.get().users().passwordOf("alice@example.org")).isEqualTo("s3cret");
        vm.setPassword("alice@example.org", " ");
        assertThat(world.get().users().passwordOf("alice@example.org"))
                .isEqualTo(world.get().users().defaultPassword());
        assertThat(vm.draftProperty().get().tree().path("users").path("passwords").has("alice@example.org")).isFalse();
    }

    @Test
    void aNewDomainIsChosenInTheRecordTableAndABadOneChangesNothing() {
        assertThat(vm.addDomain("school2.test")).isTrue();
        assertThat(vm.domainProperty().get()).isEqualTo("school2.test");
        assertThat(vm.records()).extracting(WorldEditorViewModel.RecordRow::type).contains("SOA", "NS", "A");
        WorldDraft d = vm.draftProperty().get();
        assertThat(vm.addDomain("example.net")).isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("example.net");
        assertThat(vm.addDomain("bad name.test")).isFalse();
        assertThat(vm.draftProperty().get()).isSameAs(d);
    }

    @Test
    void undoingAnEditAfterMarkingAHostDownKeepsItDown() {
        vm.setFault("mx1.example.net", HostFault.DOWN, "");
        assertThat(vm.set("defaults.route", "relay")).isTrue();
        assertThat(world.get().host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        vm.undo();
        assertThat(vm.faultOf("mx1.example.net").getKey()).isEqualTo(HostFault.DOWN);
        assertThat(world.get().host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        assertThat(vm.hosts()).filteredOn(h -> h.name().equals("mx1.example.net")).singleElement()
                .satisfies(h -> assertThat(h.fault()).isNotEmpty());
    }

    @Test
    void unsavedEditsAndTheWorldInUse() {
        assertThat(vm.unsavedEdits()).isFalse();
        assertThat(vm.inUseProperty().get()).isEmpty();
        vm.setFault("mx1.example.net", HostFault.DOWN, "");
        assertThat(vm.unsavedEdits()).isTrue();
        assertThat(vm.inUseProperty().get()).isEqualTo("edited, not saved");
        vm.undo();
        assertThat(vm.unsavedEdits()).isFalse();
        assertThat(vm.inUseProperty().get()).isEmpty();
        World[] announced = new World[1];
        vm.setOnNewWorld(w -> announced[0] = w);
        vm.newWorld(WorldTemplates.TWO_DOMAINS);
        assertThat(announced[0]).isSameAs(world.get());
        assertThat(announced[0].name()).isEqualTo("two-domains");
        assertThat(vm.unsavedEdits()).as("a new world is not saved anywhere").isTrue();
        assertThat(vm.inUseProperty().get()).isEqualTo("new world two-domains, not saved");
        announced[0] = null;
        vm.setFault("mx.example.net", HostFault.DOWN, "");
        assertThat(announced[0]).as("announced once, not at each edit").isNull();
    }

    @Test
    void aSavedWorldIsTheWorldInUseUnderItsNewName(@TempDir Path dir) {
        Path[] saved = new Path[1];
        vm.setOnSaved(f -> saved[0] = f);
        vm.setFault("mx1.example.net", HostFault.DOWN, "");
        Path file = dir.resolve("mx1-down.yaml");
        vm.saveAs(file);
        assertThat(saved[0]).isEqualTo(file);
        assertThat(world.get().name()).isEqualTo("mx1-down");
        assertThat(world.get().host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        assertThat(vm.unsavedEdits()).isFalse();
        assertThat(vm.noticeProperty().get()).isEqualTo("Saved mx1-down.yaml and mx1-down.zone");
        vm.setFault("mx1.example.net", HostFault.NONE, "");
        assertThat(vm.noticeProperty().get()).as("no longer true of the world shown").isEmpty();
        assertThat(vm.inUseProperty().get()).isEqualTo("edited, not saved");
    }

    @Test
    void editsChangeTheBuiltWorld() {
        vm.setFault("mx1.example.net", HostFault.GREYLIST, "120");
        vm.setStarttls("mx2.example.net", false);
        vm.renameHost("mx2.example.net", "backup.example.net");
        vm.setMxPreference(record("example.net", "MX", "backup.example.net"), 5);
        World w = world.get();
        assertThat(w.host("mx1.example.net").orElseThrow().smtp().greylist()).isTrue();
        assertThat(w.host("mx1.example.net").orElseThrow().smtp().greylistDelaySeconds()).isEqualTo(120);
        assertThat(w.host("backup.example.net").orElseThrow().smtp().starttls()).isFalse();
        assertThat(w.host("backup.example.net").orElseThrow().address()).isEqualTo("198.51.100.20");
        assertThat(vm.mxOrder()).contains("Mail for example.net goes to backup.example.net (5), then mx1.example.net (10)");
    }

    @Test
    void swappingMxPreferencesChangesTheOrder() {
        vm.setMxPreference(record("example.net", "MX", "mx1.example.net"), 30);
        assertThat(vm.mxOrder()).contains("Mail for example.net goes to mx2.example.net (20), then mx1.example.net (30)");
        vm.undo();
        assertThat(vm.mxOrder()).contains(EXAMPLE_NET);
    }

    @Test
    void mx1DownInTheEditorAndTheBackupTakesTheMessage() {
        vm.setFault("mx1.example.net", HostFault.DOWN, "");
        assertThat(vm.mxOrder()).contains("Mail for example.net goes to mx1.example.net (10, down), then mx2.example.net (20)");
        var r = new SimulationEngine(world.get()).runDefaults();
        RecipientOutcome bob = r.journeys().get(0).outcomes().get("bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(r.journeys().get(0).timeline().events()).anyMatch(e -> "mx2.example.net".equals(e.destination()));
        var events = r.journeys().get(0).timeline().events();
        assertThat(events).anyMatch(e -> e.kind() == org.mailtrail.timeline.EventKind.TCP_FAILED
                && "mx1.example.net".equals(e.source()));
        assertThat(events).as("mx1 only refuses").filteredOn(e -> "mx1.example.net".equals(e.source()))
                .allMatch(e -> e.kind() == org.mailtrail.timeline.EventKind.TCP_FAILED);
    }

    @Test
    void theComposedMessageBecomesTheWorldsDefaultAndUndoGivesTheOldOneBack() {
        World.Defaults before = world.get().defaults();
        var m = new org.mailtrail.engine.Compose("carol@example.org", List.of("bob@example.net", "dave@example.net"),
                List.of("erin@example.net"), "Minutes", "Line one\nLine two");
        assertThat(vm.setDefaultMessage(m)).isTrue();
        World.Defaults d = world.get().defaults();
        assertThat(d.from()).isEqualTo("carol@example.org");
        assertThat(d.to()).containsExactly("bob@example.net", "dave@example.net");
        assertThat(d.cc()).containsExactly("erin@example.net");
        assertThat(d.subject()).isEqualTo("Minutes");
        assertThat(d.body()).isEqualTo("Line one\nLine two");
        assertThat(vm.modifiedProperty().get()).isTrue();
        vm.undo();
        assertThat(world.get().defaults()).isEqualTo(before);

        assertThat(vm.setDefaultMessage(new org.mailtrail.engine.Compose("a@example.org", List.of("b@example.net"),
                List.of(), "two\r\nlines", "x"))).as("a subject of two lines").isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("one line");
        assertThat(world.get().defaults()).isEqualTo(before);
    }

    @Test
    void theRetrievalDefaultIsAnEdit() {
        vm.set("defaults.retrieval", "pop3");
        assertThat(world.get().defaults().retrieval()).isEqualTo(org.mailtrail.world.Retrieval.POP3);
        vm.set("defaults.retrieval", "carrier-pigeon");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).contains("defaults.retrieval must be pop3, imap or none");
    }

    @Test
    void anInvalidWorldSaysWhyNextToTheFieldAndCannotRun() {
        vm.setHostField("mail.example.org", "smartHost", "nowhere.example.org");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).isEqualTo(
                "host mail.example.org: smartHost names 'nowhere.example.org', which is not a host of this world");
        assertThat(vm.problemHostProperty().get()).isEqualTo("mail.example.org");
        assertThat(vm.hosts()).filteredOn(WorldEditorViewModel.HostRow::problem)
                .extracting(WorldEditorViewModel.HostRow::name).containsExactly("mail.example.org");
        assertThat(world.get()).as("the last good world stays").isSameAs(direct);
        assertThat(vm.whyNotRunnable()).startsWith("The edited world cannot run: host mail.example.org: smartHost");
        vm.undo();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.whyNotRunnable()).isEmpty();

        vm.set("retry.intervalMinutes", 0);
        assertThat(vm.problemFieldProperty().get()).isEqualTo("retry");
        assertThat(vm.problemProperty().get()).startsWith("retry: intervalMinutes must be positive");
    }

    @Test
    void aZoneProblemPointsAtItsRecord() {
        vm.addRecord("A", "www.elsewhere.test", 3600, "203.0.113.9", 0);
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.problemFieldProperty().get()).isEqualTo("zone");
        assertThat(vm.problemProperty().get()).contains("www.elsewhere.test").contains("outside every zone");
        int last = vm.draftProperty().get().records().size() - 1;
        assertThat(vm.problemRecordProperty().get()).isEqualTo(last);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        WorldDraft before = vm.draftProperty().get();
        assertThat(vm.addHost("bad name!", Role.MX)).isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("not a DNS name");
        assertThat(vm.addHost("MX1.example.net.", Role.MX)).isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("exists already");
        assertThat(vm.renameHost("mx2.example.net", "mx1.example.net")).isFalse();
        assertThat(vm.addRecord("A", "www.example.net", 60, "999.1.1.1", 0)).isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("not an IPv4 address");
        assertThat(vm.addRecord("AAAA", "www.example.net", 60, "192.0.2.1", 0)).isFalse();
        assertThat(vm.inputErrorProperty().get()).contains("not an IPv6 address");
        assertThat(vm.addRecord("MX", "example.net", 60, "mx9.example.net\nevil IN A 1.2.3.4", 10)).isFalse();
        assertThat(vm.addRecord("MX", "example.net", -1, "mx9.example.net", 10)).isFalse();
        assertThat(vm.setHostField("mx1.example.net", "smartHost", "a\r\nb")).isFalse();
        assertThat(vm.draftProperty().get()).isEqualTo(before);
        assertThat(vm.canUndoProperty().get()).isFalse();
    }

    @Test
    void savedWorldExtendsTheBaseReloadsIdenticalAndRunsTheSame(@TempDir Path dir) throws Exception {
        vm.setFault("mx1.example.net", HostFault.DOWN, "");
        vm.setMxPreference(record("example.net", "MX", "mx2.example.net"), 15);
        vm.addHost("mx3.example.net", Role.MX);
        vm.removeHost("legacy.example.net");
        vm.setHostField("mx1.example.net", "smartHost", "mx2.example.net");
        vm.setHostField("mx1.example.net", "smartHost", "");
        World edited = world.get();
        WorldDraft before = vm.draftProperty().get();
        Path file = dir.resolve("my-world.yaml");
        vm.saveAs(file);
        assertThat(vm.inputErrorProperty().get()).isEmpty();
        assertThat(vm.modifiedProperty().get()).isFalse();
        assertThat(vm.noticeProperty().get()).isEqualTo("Saved my-world.yaml and my-world.zone");
        String yaml = Files.readString(file);
        assertThat(yaml).startsWith(org.mailtrail.world.WorldDiff.HEADER).contains("extends: builtin:world")
                .contains("zone: my-world.zone").contains("down: true").contains("remove: true")
                .doesNotContain("alice-laptop.example.org").doesNotContain("Lunch on Friday");
        assertThat(Files.readString(dir.resolve("my-world.zone"))).contains("MX 15 mx2.example.net.");
        WorldDraft again = WorldDraft.open(new WorldLoader(), new WorldSource.FileSource(file));
        assertThat(again).as("the edited world, named by its file, with texts that hold (docs/worlds.md)")
                .isEqualTo(org.mailtrail.world.WorldDiff.asSaved(before, "my-world"));
        World loaded = new WorldLoader().load(file.toString());
        assertThat(loaded.name()).isEqualTo("my-world");
        assertThat(loaded.title()).isEqualTo("my-world");
        assertThat(loaded.description()).startsWith("Edited in the world editor from “Direct delivery” (direct)");
        var a = new SimulationEngine(edited).runDefaults();
        var b = new SimulationEngine(loaded).runDefaults();
        assertThat(b.journeys().get(0).timeline().events()).isEqualTo(a.journeys().get(0).timeline().events());
        assertThat(b.journeys().get(0).outcomes()).isEqualTo(a.journeys().get(0).outcomes());
    }

    @Test
    void aHandWrittenFileIsReadOnlyAndNeverWrittenOver(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.yaml");
        String text = "# my notes\nextends: builtin:world\nname: mine\nhosts:\n  - name: mx1.example.net\n    smtp: { down: true }\n";
        Files.writeString(mine, text);
        vm.open(new WorldSource.FileSource(mine));
        assertThat(vm.readOnlyProperty().get()).isTrue();
        assertThat(vm.readOnlyNoteProperty().get()).contains("written by hand").contains("mine.yaml");
        assertThat(vm.setStarttls("mx1.example.net", false)).isFalse();
        vm.editCopy();
        assertThat(vm.setStarttls("mx1.example.net", false)).isTrue();
        vm.saveAs(mine);
        assertThat(vm.inputErrorProperty().get()).contains("was not written by the world editor");
        assertThat(Files.readString(mine)).isEqualTo(text);
    }

    @Test
    void newWorldsFromTemplates() {
        vm.newWorld(WorldTemplates.TWO_DOMAINS);
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.hosts()).hasSize(4);
        assertThat(vm.mxOrder()).contains("Mail for example.net goes to mx.example.net (10)");
        assertThat(world.get().name()).isEqualTo("two-domains");
        vm.newWorld(WorldTemplates.DEFAULT_WORLD);
        assertThat(vm.hosts()).hasSize(9);
        assertThat(world.get().name()).isEqualTo("world");
    }

    @Test
    void theMxOrderSpeaksTheWindowsLanguage() {
        vm.useTexts(WorldEditorViewModel.bundle(java.util.Locale.GERMAN));
        assertThat(vm.mxOrder()).contains("Post für example.net geht an mx1.example.net (10), dann mx2.example.net (20)");
    }
}
