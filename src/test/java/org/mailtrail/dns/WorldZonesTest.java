package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

class WorldZonesTest {

    private static Name name(String s) throws Exception {
        return Name.fromString(s);
    }

    @Test
    void splitsOneFileIntoOneZonePerSoa() throws Exception {
        WorldZones world = TestWorld.world();

        List<String> origins = world.zones().stream().map(z -> z.getOrigin().toString()).collect(Collectors.toList());
        assertThat(origins).containsExactlyInAnyOrder("example.net.", "sub.example.net.", "example.org.",
                "ties.test.", "implicit.test.", "noaddr.test.", "unresolvable.test.", "nullmx.test.",
                "nullmix.test.", "cname.test.", "mxalias.test.", "skip.test.", "tempfail.test.");
        Zone net = world.zoneFor(name("example.net.")).orElseThrow();
        assertThat(net.getSOA().getMinimum()).isEqualTo(300);
        assertThat(net.findExactMatch(name("mx1.example.net."), Type.A).size()).isEqualTo(2);
        // records of one zone do not leak into another
        assertThat(net.findExactMatch(name("host.example.org."), Type.A)).isNull();
        assertThat(world.zoneFor(name("example.org.")).orElseThrow()
                .findExactMatch(name("host.example.org."), Type.A).size()).isEqualTo(1);
    }

    @Test
    void zoneForPicksTheLongestOrigin() throws Exception {
        WorldZones world = TestWorld.world();

        assertThat(world.zoneFor(name("host.sub.example.net.")).orElseThrow().getOrigin())
                .isEqualTo(name("sub.example.net."));
        assertThat(world.zoneFor(name("www.example.net.")).orElseThrow().getOrigin())
                .isEqualTo(name("example.net."));
        assertThat(world.zoneFor(name("www.example.com."))).isEmpty();
        // the sub-zone's records went to the sub-zone, not to example.net
        assertThat(world.zoneFor(name("example.net.")).orElseThrow()
                .findExactMatch(name("host.sub.example.net."), Type.A)).isNull();
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        Path file = TestWorld.resource("bad-syntax.zone");

        ZoneFileException e = catchThrowableOfType(ZoneFileException.class, () -> WorldZones.load(file));

        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo(file.toString());
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.getMessage()).startsWith(file + ":7: ").contains("192.0.2.300");
    }

    @Test
    void parseUsesTheGivenFileNameInMessages() {
        String text = "$TTL 60\n$ORIGIN example.net.\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 IN BOGUS 1\n";

        assertThatThrownBy(() -> WorldZones.parse(text, "worlds/demo.zone"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessageStartingWith("worlds/demo.zone:5: ")
                .hasMessageContaining("BOGUS")
                .satisfies(t -> assertThat(((ZoneFileException) t).line()).isEqualTo(5));
    }

    @Test
    void relativeNameWithoutOriginIsAZoneFileExceptionWithItsLine() {
        // found by WorldZonesProperties (issue 16): dnsjava's unchecked RelativeNameException escaped parse()
        String text = "$TTL 60\n; no $ORIGIN yet\n\n@ IN A 192.0.2.1\n";

        assertThatThrownBy(() -> WorldZones.parse(text, "worlds/demo.zone"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessageStartingWith("worlds/demo.zone:4: ")
                .hasMessageContaining("not an absolute name")
                .satisfies(t -> assertThat(((ZoneFileException) t).line()).isEqualTo(4));
    }

    @Test
    void recordOutsideEveryZoneIsReportedWithItsLine() {
        Path file = TestWorld.resource("outside.zone");

        ZoneFileException e = catchThrowableOfType(ZoneFileException.class, () -> WorldZones.load(file));

        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.getMessage()).isEqualTo(file + ":9: record www.example.org. A is outside every zone "
                + "(no SOA above it)");
    }

    @Test
    void zoneWithoutNsIsRejectedAtItsSoaLine() {
        String text = "$TTL 60\n$ORIGIN example.net.\nwww A 192.0.2.1\n@ SOA ns1 h 1 2 3 4 5\n";
        assertThatThrownBy(() -> WorldZones.parse(text, "t.zone"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessageStartingWith("t.zone:4: zone example.net. is invalid")
                .hasMessageContaining("no NS");
    }

    @Test
    void recordBeforeItsSoaInTheFileStillBelongsToTheZone() throws Exception {
        String text = "$TTL 60\n$ORIGIN example.net.\nwww A 192.0.2.1\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n";
        WorldZones w = WorldZones.parse(text, "t.zone");
        assertThat(w.zones()).hasSize(1);
        assertThat(w.zones().get(0).findExactMatch(name("www.example.net."), Type.A)).isNotNull();
    }

    @Test
    void duplicateSoaIsRejected() {
        String text = "$TTL 60\n$ORIGIN example.net.\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n\n@ SOA ns1 h 2 2 3 4 5\n";
        assertThatThrownBy(() -> WorldZones.parse(text, "d.zone"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessage("d.zone:6: second SOA for zone example.net. (the first is on line 3)");
    }

    @Test
    void includeIsRefused() {
        String text = "$ORIGIN example.net.\n$INCLUDE /etc/passwd\n";
        assertThatThrownBy(() -> WorldZones.parse(text, "i.zone"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessageStartingWith("i.zone:2: ");
    }

    @Test
    void defaultTtlAppliesWithoutDollarTtl() throws Exception {
        WorldZones w = WorldZones.parse("$ORIGIN example.net.\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n", "t.zone");
        assertThat(w.zones().get(0).getSOA().getTTL()).isEqualTo(WorldZones.DEFAULT_TTL);
    }
}
