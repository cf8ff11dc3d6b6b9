package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Smaller parts of the dns package at their edges (issue 16, second round): the plain words of {@link IoProblem} for
 * each file-system exception, {@link WorldZones#of} and {@link WorldZones#outsideWorld}, a zone-file problem without a
 * line, and the answer keys of failed exchanges.
 */
class DnsEdgesTest {

    @Test
    void everyFileSystemExceptionHasItsOwnWords() {
        List<String> words = new ArrayList<>();
        words.add(IoProblem.of(new NotDirectoryException("/tmp/a/file")));
        words.add(IoProblem.of(new FileSystemException("/tmp/a")));
        words.add(IoProblem.of(new AccessDeniedException("/tmp/a", null, "Permission denied")));
        words.add(IoProblem.of(new FileSystemException("/tmp/a", null, "Is a directory")));
        words.add(IoProblem.of(new IOException("disk on fire")));
        words.add(IoProblem.of(new IOException()));

        assertThat(words).allSatisfy(w -> assertThat(w).isNotBlank().doesNotContain("/tmp/a"))
                .doesNotHaveDuplicates();
        assertThat(words.get(1)).contains("FileSystem").doesNotContain("Exception");
        assertThat(words.get(3)).isEqualTo("it is a folder, not a file");
        assertThat(words.get(4)).isEqualTo("disk on fire");
        assertThat(words.get(5)).isEqualTo("IOException");
    }

    @Test
    void anAccessDeniedWithoutReasonIsTheFileSystemRefusing() {
        String w = IoProblem.of(new AccessDeniedException("/tmp/a"));

        assertThat(w).contains("AccessDenied").doesNotContain("Exception");
        assertThat(w).isNotEqualTo(IoProblem.of(new AccessDeniedException("/tmp/a", null, "x")));
    }

    @Test
    void zonesBuiltElsewhereNeedDistinctOrigins() throws Exception {
        List<Zone> zones = TestWorld.world().zones();

        WorldZones copy = WorldZones.of(zones);
        assertThat(copy).isNotNull();
        assertThat(copy.zones()).hasSameSizeAs(zones);
        assertThat(copy.zoneFor(Name.fromString("mx1.example.net."))).isPresent();

        List<Zone> twice = new ArrayList<>(zones);
        twice.add(zones.get(0));
        assertThatThrownBy(() -> WorldZones.of(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(zones.get(0).getOrigin().toString());
    }

    @Test
    void zonesComeBackInOriginOrderWhateverOrderTheyWereGivenIn() throws Exception {
        List<Zone> sorted = TestWorld.world().zones();
        assertThat(sorted.size()).isGreaterThan(1);
        List<Zone> reversed = new ArrayList<>(sorted);
        java.util.Collections.reverse(reversed);

        List<Name> origins = WorldZones.of(reversed).zones().stream().map(Zone::getOrigin).toList();

        assertThat(origins).isSorted().isEqualTo(sorted.stream().map(Zone::getOrigin).toList());
    }

    @Test
    void onlyUnknownUnreservedNamesAreOutsideTheWorld() {
        WorldZones world = TestWorld.world();

        assertThat(world.outsideWorld("")).isFalse();
        assertThat(world.outsideWorld(".")).isFalse();
        assertThat(world.outsideWorld("mx1.example.net.")).isFalse();
        assertThat(world.outsideWorld("HOST.Example.ORG")).isFalse();
        assertThat(world.outsideWorld("bad..name")).isFalse(); // no name at all, so not a name elsewhere
        assertThat(world.outsideWorld("nowhere.test")).isFalse();
        assertThat(world.outsideWorld("mail.example.com")).isFalse();
        assertThat(world.outsideWorld("mail.provider.de")).isTrue();
        assertThat(world.outsideWorld("notexample.com.")).isTrue();
    }

    @Test
    void aProblemWithoutLineHasNoLineInItsMessage() {
        ZoneFileException e = new ZoneFileException("w.zone", 0, "cannot read file: no such file");
        ZoneFileException first = new ZoneFileException("w.zone", 1, "bad");

        assertThat(e.getMessage()).isEqualTo("w.zone: cannot read file: no such file");
        assertThat(e.line()).isZero();
        assertThat(first.getMessage()).isEqualTo("w.zone:1: bad");
        assertThat(new ZoneFileException("w.zone", -3, "bad").line()).isZero();
    }

    @Test
    void aRelativeNameBeforeAnyOriginSaysWhatIsMissingWithoutTheExceptionClass() {
        String text = "$TTL 60\nwww IN A 192.0.2.1\n";

        assertThatThrownBy(() -> WorldZones.parse(text, "rel.zone"))
                .isInstanceOf(ZoneFileException.class)
                .satisfies(t -> assertThat(((ZoneFileException) t).problem())
                        .contains("$ORIGIN")
                        .doesNotContain("RelativeNameException")
                        .doesNotStartWith("org."));
    }

    @Test
    void failedAndRefusedExchangesHaveTheirOwnAnswerKeys() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("a.test."), Type.MX, DClass.IN));
        DnsExchange timeout = DnsExchange.failed("a.test.", Type.MX, q, new SocketTimeoutException("late"));
        Message refused = new Message(q.getHeader().getID());
        refused.getHeader().setRcode(Rcode.REFUSED);
        DnsExchange servfail = new DnsExchange("a.test.", Type.MX, q, refused, null);
        Message nx = new Message(q.getHeader().getID());
        nx.getHeader().setRcode(Rcode.NXDOMAIN);

        assertThat(timeout.answerKey()).isEqualTo("dns.answer.timeout");
        assertThat(servfail.answerKey()).isEqualTo("dns.answer.servfail");
        assertThat(new DnsExchange("a.test.", Type.MX, q, nx, null).answerKey()).isEqualTo("dns.answer.nxdomain");
        assertThat(timeout.answerSummary()).isEqualTo(DnsExchange.TIMEOUT);
        assertThat(servfail.answerSummary()).isEqualTo("REFUSED");
    }
}
