package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The header bits of the simulated resolver's answers: AA on authoritative data, opcode echoed, CNAME hop limit. */
class ZoneResolverHeaderTest {

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    /** A zone with a CNAME chain c0 → c1 → … → c{hops} → end (which has an A record). */
    private static ZoneResolver chain(int hops) throws Exception {
        StringBuilder z = new StringBuilder("$TTL 300\n$ORIGIN chain.test.\n"
                + "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n"
                + "end A 192.0.2.99\n");
        for (int i = 0; i < hops; i++) {
            z.append("c").append(i).append(" CNAME ").append(i + 1 < hops ? "c" + (i + 1) : "end").append('\n');
        }
        return new ZoneResolver(WorldZones.parse(z.toString(), "chain.zone"));
    }

    @Test
    void nxdomainAndNodataFromAZoneAreAuthoritative() throws Exception {
        ZoneResolver r = new ZoneResolver(TestWorld.world());
        Message nx = r.send(query("nosuch.example.net.", Type.A));
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
        Message nodata = r.send(query("www.example.net.", Type.MX));
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void aCnameChainOfExactlyTheHopLimitIsFollowedAndOneMoreIsServfailWithoutAa() throws Exception {
        int max = ZoneResolver.MAX_CNAME_HOPS;
        Message ok = chain(max).send(query("c0.chain.test.", Type.A));
        assertThat(ok.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ok.getSection(Section.ANSWER)).hasSize(max + 1);
        assertThat(ok.getHeader().getFlag(Flags.AA)).isTrue();

        Message tooLong = chain(max + 1).send(query("c0.chain.test.", Type.A));
        assertThat(tooLong.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(tooLong.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void anotherOpcodeIsNotImplementedAndEchoed() throws Exception {
        Message q = query("mx1.example.net.", Type.A);
        q.getHeader().setOpcode(Opcode.STATUS);
        Message r = new ZoneResolver(TestWorld.world()).send(q);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(r.getHeader().getOpcode()).isEqualTo(Opcode.STATUS);
        assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
    }

    @Test
    void aQueryWithoutRecursionDesiredGetsNoRdBack() throws Exception {
        Message q = query("mx1.example.net.", Type.A);
        q.getHeader().unsetFlag(Flags.RD);
        Message r = new ZoneResolver(TestWorld.world()).send(q);
        assertThat(r.getHeader().getFlag(Flags.RD)).isFalse();
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
    }
}
