package org.mailtrail.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationEngine;

/** The world editor's edits on a draft: a new domain, a host removed with what points at it, title and description. */
class WorldEditsTest {
    private final WorldLoader loader = new WorldLoader();
    private WorldDraft backupMx;

    @BeforeEach
    void open() throws Exception {
        backupMx = WorldDraft.open(loader, new WorldSource.BuiltIn("assets/scenarios/backup-mx.yaml"));
    }

    private static List<String> lines(List<ZoneRecord> rs) {
        return rs.stream().map(ZoneRecord::line).toList();
    }

    // ---- B: a new domain ----

    @Test
    void aNewDomainGetsItsSoaNsAndNameServerAddressAndCarriesMail() throws Exception {
        WorldDraft d = WorldEdits.addDomain(backupMx, " School2.TEST. ");
        List<ZoneRecord> added = d.records().subList(backupMx.records().size(), d.records().size());
        assertThat(added).extracting(ZoneRecord::owner, ZoneRecord::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("school2.test", "SOA"),
                org.assertj.core.groups.Tuple.tuple("school2.test", "NS"),
                org.assertj.core.groups.Tuple.tuple("ns1.school2.test", "A"));
        assertThat(added.get(0).data()).startsWith("ns1.school2.test. hostmaster.school2.test. ");
        assertThat(added.get(1).target()).isEqualTo("ns1.school2.test");
        assertThat(backupMx.records()).noneMatch(r -> r.data().equals(added.get(2).data()));
        World w = d.check(loader);
        assertThat(w.zones().zones()).hasSize(5);

        d = WorldEdits.addHost(d, "mx.school2.test", Role.MX);
        d = WorldEdits.setHostField(d, "mx.school2.test", "localDomains", "school2.test");
        d = WorldEdits.setHostField(d, "mx.school2.test", "mailboxes", "someone, postmaster");
        d = WorldEdits.putRecord(d, -1, ZoneRecord.of("MX", "school2.test", 3600, "mx.school2.test", 10));
        d = d.set("defaults.to", List.of("someone@school2.test"));
        World run = d.check(loader);
        var r = new SimulationEngine(run).runDefaults();
        RecipientOutcome someone = r.journeys().get(0).outcomes().get("someone@school2.test");
        assertThat(someone.status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(r.journeys().get(0).timeline().events()).anyMatch(e -> "mx.school2.test".equals(e.destination()));
    }

    @Test
    void aDomainNameIsCheckedAndNotTakenTwice() {
        assertThatThrownBy(() -> WorldEdits.addDomain(backupMx, "bad domain!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain: 'bad domain!' is not a DNS name");
        assertThatThrownBy(() -> WorldEdits.addDomain(backupMx, "Example.NET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("domain: example.net is a zone of this world already");
        assertThatThrownBy(() -> WorldEdits.addDomain(backupMx, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name");
    }

    @Test
    void removingADomainTakesItsRecordsAndNothingElse() throws Exception {
        WorldDraft d = WorldEdits.addDomain(backupMx, "school2.test");
        d = WorldEdits.putRecord(d, -1, ZoneRecord.of("A", "www.school2.test", 3600, "203.0.113.7", 0));
        WorldDraft gone = WorldEdits.removeDomain(d, "school2.test");
        assertThat(gone.records()).isEqualTo(backupMx.records());
        assertThatThrownBy(() -> WorldEdits.removeDomain(backupMx, "school2.test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no zone");
        // a domain whose host still needs its address: the loader says so, the edit itself is allowed
        WorldDraft school = WorldEdits.removeDomain(backupMx, "school.test");
        assertThat(school.records()).noneMatch(r -> r.owner().endsWith("school.test"));
        assertThatThrownBy(() -> school.check(loader)).isInstanceOf(WorldException.class)
                .hasMessageContaining("mx.school.test");
    }

    @Test
    void aRecordOutsideEveryZoneSaysSoInTheUsersTermsWithoutTheOldZoneFile() {
        WorldDraft d = WorldEdits.addHost(backupMx, "mx.school2.test", Role.MX);
        assertThatThrownBy(() -> d.check(loader)).isInstanceOf(WorldException.class)
                .satisfies(e -> {
                    WorldException w = (WorldException) e;
                    assertThat(w.file()).endsWith(".zone");
                    assertThat(w.line()).isPositive();
                    assertThat(w.getMessage()).contains("mx.school2.test is in no zone of this world")
                            .contains("add the domain school2.test first");
                });
        WorldDraft mx = WorldEdits.putRecord(backupMx, -1, ZoneRecord.of("MX", "school2.test", 60, "mx1.example.net", 10));
        assertThatThrownBy(() -> mx.check(loader)).hasMessageContaining("add the domain school2.test first");
    }

    // ---- C: a host removed with the records that point at it; renamed with them ----

    @Test
    void removingAnMxTargetRemovesTheMxAndCnameRecordsPointingAtIt() throws Exception {
        WorldDraft d = WorldEdits.putRecord(backupMx, -1, ZoneRecord.of("CNAME", "smtp.example.net", 3600,
                "mx1.example.net", 0));
        assertThat(lines(WorldEdits.recordsPointingAt(d, "mx1.example.net"))).containsExactly(
                "example.net. 3600 IN MX 10 mx1.example.net.", "smtp.example.net. 3600 IN CNAME mx1.example.net.");
        assertThat(WorldEdits.recordsPointingAt(d, "imap.example.net")).isEmpty();
        WorldDraft gone = WorldEdits.removeHost(d, "mx1.example.net");
        assertThat(gone.records()).noneMatch(r -> r.owner().equals("mx1.example.net"))
                .noneMatch(r -> r.target().equals("mx1.example.net"))
                .anyMatch(r -> r.line().equals("example.net. 3600 IN MX 20 mx2.example.net."));
        assertThat(gone.records()).hasSize(d.records().size() - 4); // A, AAAA, MX, CNAME
        gone.check(loader);
        assertThat(WorldEdits.recordsPointingAt(gone, "mx1.example.net")).isEmpty();
    }

    @Test
    void renamingAHostRenamesTheMxAndCnameTargetsAndItsAddressRecords() throws Exception {
        WorldDraft d = WorldEdits.putRecord(backupMx, -1, ZoneRecord.of("CNAME", "smtp.example.net", 3600,
                "mx1.example.net", 0));
        WorldDraft r = WorldEdits.renameHost(d, "mx1.example.net", "primary.example.net");
        assertThat(lines(r.records())).contains("example.net. 3600 IN MX 10 primary.example.net.",
                "smtp.example.net. 3600 IN CNAME primary.example.net.", "primary.example.net. 3600 IN A 198.51.100.10");
        assertThat(WorldEdits.recordsPointingAt(r, "mx1.example.net")).isEmpty();
        assertThat(r.check(loader).host("primary.example.net").orElseThrow().smtp().down()).isTrue();
    }

    // ---- A: title and description as edits ----

    @Test
    void titleAndDescriptionAreEditsAndDropTheirTranslations() throws Exception {
        WorldDraft d = WorldEdits.setText(backupMx, "title", "  mx1 is back  ");
        World w = d.check(loader);
        assertThat(w.title()).isEqualTo("mx1 is back");
        assertThat(w.translations().values()).allMatch(t -> t.title() == null)
                .anyMatch(t -> t.description() != null);
        d = WorldEdits.setText(d, "description", "Line one.\nLine two.");
        w = d.check(loader);
        assertThat(w.description()).isEqualTo("Line one.\nLine two.");
        assertThat(w.translations()).isEmpty();
        assertThatThrownBy(() -> WorldEdits.setText(backupMx, "title", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("title: one line of text");
        assertThatThrownBy(() -> WorldEdits.setText(backupMx, "name", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WorldEdits.setText(backupMx, "title", "").check(loader).title()).as("no title: the name")
                .isEqualTo("backup-mx");
        // WorldDraft.set does the same as any field; the loader refuses a title of two lines
        assertThat(backupMx.set("description", "A\nB").check(loader).description()).isEqualTo("A\nB");
        assertThatThrownBy(() -> backupMx.set("title", "A\nB").check(loader)).isInstanceOf(WorldException.class)
                .hasMessageContaining("title: a title is one line");
    }
}
