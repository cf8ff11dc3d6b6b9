package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Options;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class DnsTextTest {

    @Test
    void typeNames() {
        assertThat(DnsText.typeName(Type.MX)).isEqualTo("MX");
        assertThat(DnsText.typeName(Type.AAAA)).isEqualTo("AAAA");
    }

    @Test
    void ipv6AddressesAreCompressedPerRfc5952() throws Exception {
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(DnsText.address(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8::"))).isEqualTo("2001:db8::");
        assertThat(DnsText.address(InetAddress.getByName("2001:db8:0:1:0:1:0:1"))).isEqualTo("2001:db8:0:1:0:1:0:1");
        assertThat(DnsText.address(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    void digStyleShowsHeaderAndQuestionWithoutSizeLine() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("example.net."), Type.MX, DClass.IN));
        q.getHeader().setID(1234);

        String text = DnsText.digStyle(q);

        assertThat(text).contains("id: 1234").contains("example.net., type = MX, class = IN")
                .doesNotContain("Message size");
        assertThat(DnsText.digStyle(null)).isEmpty();
    }

    /**
     * {@code digStyle} writes the text itself; it must be exactly what dnsjava's {@link Message#toString()} gives
     * without its size line, trimmed (the rendering used before), for every kind of message the simulation shows.
     */
    @Test
    void digStyleIsDnsjavasOwnTextWithoutTheSizeLine() throws Exception {
        List<Message> messages = sampleMessages();
        assertThat(messages).hasSizeGreaterThan(500);
        for (Message m : messages) {
            assertThat(DnsText.digStyle(m)).as("message\n%s", m).isEqualTo(reference(m));
        }
        Options.set("BINDTTL");
        Options.set("noPrintIN");
        try {
            for (Message m : messages) {
                assertThat(DnsText.digStyle(m)).as("message with BINDTTL, noPrintIN\n%s", m).isEqualTo(reference(m));
            }
        } finally {
            Options.unset("BINDTTL");
            Options.unset("noPrintIN");
        }
    }

    /** The former rendering: {@code toString()} without the size line, trimmed. */
    private static String reference(Message m) {
        StringBuilder out = new StringBuilder();
        for (String line : m.toString().split("\n", -1)) {
            if (!line.startsWith(";; Message size:")) {
                out.append(line).append('\n');
            }
        }
        return out.toString().trim();
    }

    /**
     * Queries and the resolver's answers for every name of the test world and more (NOERROR, NXDOMAIN with the SOA
     * in the authority section, NODATA, SERVFAIL and REFUSED faults, CNAME chains and loops, A, AAAA, MX, TXT),
     * plus hand-made messages: odd owner names (escapes, short, long, the root), other classes, empty rdata, an
     * UPDATE, an empty message, every flag, and one with an OPT record (dnsjava's own text is used for that).
     */
    private static List<Message> sampleMessages() throws Exception {
        ZoneResolver resolver = new ZoneResolver(TestWorld.world());
        resolver.failing("broken.example.net", Rcode.SERVFAIL);
        resolver.failing("refusing.example.net", Rcode.REFUSED);
        String[] names = {"example.net.", "mx1.example.net.", "mx2.example.net.", "www.example.net.",
            "mailalias.example.net.", "ext.example.net.", "loop1.example.net.", "nothere.example.net.",
            "host.sub.example.net.", "sub.example.net.", "example.org.", "relay.example.org.", "solo.example.org.",
            "ties.test.", "a.ties.test.", "implicit.test.", "noaddr.test.", "unresolvable.test.",
            "nodata.unresolvable.test.", "nullmx.test.", "broken.example.net.", "x.broken.example.net.",
            "refusing.example.net.", "no-such-zone.invalid.", "."};
        int[] types = {Type.A, Type.AAAA, Type.MX, Type.TXT, Type.SOA, Type.NS, Type.CNAME, Type.ANY, Type.PTR};
        Random random = new Random(42);
        List<Message> out = new ArrayList<>();
        for (String name : names) {
            for (int type : types) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
                q.getHeader().setID(random.nextInt(65536));
                if (random.nextBoolean()) {
                    q.getHeader().setFlag(Flags.CD);
                }
                if (random.nextBoolean()) {
                    q.getHeader().unsetFlag(Flags.RD);
                }
                out.add(q);
                out.add(resolver.send(q));
            }
        }
        Name owner = Name.fromString("mx.d042.test.");
        Name[] odd = {Name.fromString("a."), Name.fromString("abc.de."), Name.fromString("abcdefg."),
            Name.fromString("abcdefgh."), Name.fromString("abcdefghijklmno."), Name.fromString("abcdefghijklmnop."),
            Name.fromString("with\\ space.and\\.dot.example."), Name.fromString("bs\\\\;@$\\(\\).example."),
            Name.fromString("\\000\\127\\200.bin.example."), Name.root, owner};
        List<Name> owners = new ArrayList<>(List.of(odd));
        for (int length = 1; length <= 20; length++) { // around the tab stops at 8 and 16 characters
            owners.add(Name.fromString("x".repeat(length) + "."));
        }
        for (Name n : owners) {
            Message r = new Message(random.nextInt(65536));
            r.getHeader().setFlag(Flags.QR);
            r.addRecord(Record.newRecord(n, Type.A, DClass.IN), Section.QUESTION);
            r.addRecord(new ARecord(n, DClass.IN, 300, InetAddress.getByName("198.51.100.7")), Section.ANSWER);
            r.addRecord(new AAAARecord(n, DClass.IN, 0, InetAddress.getByName("2001:db8:d::64")), Section.ANSWER);
            r.addRecord(new AAAARecord(n, DClass.IN, 86400, InetAddress.getByName("::ffff:192.0.2.1")),
                    Section.ANSWER);
            r.addRecord(new MXRecord(n, DClass.IN, 3600, 10, owner), Section.ANSWER);
            r.addRecord(new CNAMERecord(n, DClass.IN, 2147483647L, owner), Section.ANSWER);
            r.addRecord(new TXTRecord(n, DClass.IN, 60, "tab\there \"quoted\""), Section.ADDITIONAL);
            r.addRecord(new SOARecord(n, DClass.IN, 300, owner, owner, 1, 7200, 900, 1209600, 300),
                    Section.AUTHORITY);
            r.addRecord(Record.newRecord(n, Type.A, DClass.IN), Section.ADDITIONAL); // empty rdata
            r.addRecord(new ARecord(n, DClass.CH, 1, InetAddress.getByName("192.0.2.1")), Section.ADDITIONAL);
            out.add(r);
        }
        for (int rcode = 0; rcode < 16; rcode++) {
            Message r = new Message(rcode * 1000);
            for (int flag = 0; flag < 16; flag++) {
                if (Flags.isFlag(flag) && (rcode & 1 << (flag % 4)) != 0) {
                    r.getHeader().setFlag(flag);
                }
            }
            r.getHeader().setRcode(rcode);
            r.getHeader().setOpcode(rcode % 6);
            out.add(r);
        }
        Message update = new Message(7);
        update.getHeader().setOpcode(Opcode.UPDATE);
        update.addRecord(Record.newRecord(Name.fromString("example.net."), Type.SOA, DClass.IN), Section.ZONE);
        update.addRecord(new ARecord(owner, DClass.IN, 300, InetAddress.getByName("192.0.2.9")), Section.UPDATE);
        out.add(update);
        out.add(new Message());
        Message withOpt = Message.newQuery(Record.newRecord(owner, Type.MX, DClass.IN));
        withOpt.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        out.add(withOpt);
        // Whole answers as the benchmark world gives them, again with fresh ids.
        for (int i = 0; i < 300; i++) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(names[i % names.length]),
                    types[i % types.length], DClass.IN));
            q.getHeader().setID(random.nextInt(65536));
            out.add(resolver.send(q));
        }
        return out;
    }

    /** For A records the rdata text (dnsjava's dotted quad) is what {@link DnsText#address} gives. */
    @Test
    void aRecordRdataIsTheDottedQuadOfItsAddress() throws Exception {
        Random random = new Random(3);
        Name owner = Name.fromString("mx.d001.test.");
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[4];
            random.nextBytes(b);
            ARecord a = new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(b));
            assertThat(a.rdataToString()).isEqualTo(DnsText.address(a.getAddress()));
            assertThat(DnsText.rdata(a)).isEqualTo("A " + DnsText.address(a.getAddress()));
        }
    }
}
