package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The packets of a real capture (dumpcap, Ethernet, IPv4) re-wrapped in every link type the reader takes, in IPv6
 * with extension headers, and in pcapng files of several interfaces, byte orders and sections: each reads to the same
 * dialogue as the original.
 */
class LinkLayersTest {
    private static final byte[] ORIGINAL = Fixtures.bytes("smtp-plain.pcap");

    private static List<String> expected() throws Exception {
        return Fixtures.dialogue(Fixtures.capture(ORIGINAL, "x.pcap"));
    }

    /** Each packet's IP datagram (after the 14-octet Ethernet header), re-wrapped by {@code wrap}. */
    private static List<CaptureReader.Packet> rewrap(int linkType, Function<byte[], byte[]> wrap) throws Exception {
        List<CaptureReader.Packet> out = new ArrayList<>();
        for (CaptureReader.Packet p : PcapWriter.packets(ORIGINAL)) {
            out.add(new CaptureReader.Packet(p.timeMicros(), linkType,
                    wrap.apply(Arrays.copyOfRange(p.data(), 14, p.data().length))));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void everyLinkType() throws Exception {
        List<String> expected = expected();
        byte[] sll = new byte[16];
        sll[14] = 0x08;
        byte[] sll2 = new byte[20];
        sll2[0] = 0x08;
        byte[] vlan = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x81, 0, 0, 42, 0x08, 0};
        byte[] bsdNull = {2, 0, 0, 0};
        byte[] loop = {0, 0, 0, 2};
        assertThat(read(rewrap(113, ip -> concat(sll, ip)))).as("SLL").isEqualTo(expected);
        assertThat(read(rewrap(276, ip -> concat(sll2, ip)))).as("SLL2").isEqualTo(expected);
        assertThat(read(rewrap(1, ip -> concat(vlan, ip)))).as("802.1Q").isEqualTo(expected);
        assertThat(read(rewrap(101, ip -> ip))).as("raw").isEqualTo(expected);
        assertThat(read(rewrap(228, ip -> ip))).as("raw IPv4").isEqualTo(expected);
        assertThat(read(rewrap(0, ip -> concat(bsdNull, ip)))).as("null").isEqualTo(expected);
        assertThat(read(rewrap(108, ip -> concat(loop, ip)))).as("loop").isEqualTo(expected);
        assertThat(read(rewrap(229, LinkLayersTest::toIpv6))).as("IPv6").isEqualTo(expected);
    }

    @Test
    void ipv6HostsAreNamedInTheirShortForm() throws Exception {
        SimulationResult r = Fixtures.capture(PcapWriter.write(rewrap(229, LinkLayersTest::toIpv6)), "v6.pcap");
        assertThat(Fixtures.events(r)).filteredOn(e -> e.kind() == org.mailtrail.timeline.EventKind.SMTP_REPLY)
                .extracting(TimelineEvent::source).containsOnly("[2001:db8::1]");
    }

    @Test
    void fragmentsAreSkippedAndCounted() throws Exception {
        List<CaptureReader.Packet> ps = rewrap(101, ip -> {
            byte[] c = ip.clone();
            c[6] |= 0x20; // more fragments
            return c;
        });
        SimulationResult r = Fixtures.capture(PcapWriter.write(ps), "frag.pcap");
        assertThat(Fixtures.dialogue(r)).isEmpty();
        assertThat(Fixtures.events(r)).last().satisfies(e -> assertThat(e.summary())
                .contains(ps.size() + " IP fragments skipped"));
    }

    /** An IPv4 datagram as IPv6 (2001:db8::1 and 2001:db8::2), with a hop-by-hop options header before TCP. */
    static byte[] toIpv6(byte[] ip4) {
        int ihl = (ip4[0] & 0x0F) * 4;
        int total = ((ip4[2] & 0xFF) << 8) | (ip4[3] & 0xFF);
        byte[] l4 = Arrays.copyOfRange(ip4, ihl, total);
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + l4.length);
        b.putInt(0x60000000).putShort((short) (8 + l4.length)).put((byte) 0).put((byte) 64);
        byte[] a1 = new byte[16];
        byte[] a2 = new byte[16];
        a1[0] = a2[0] = 0x20;
        a1[1] = a2[1] = 0x01;
        a1[2] = a2[2] = 0x0d;
        a1[3] = a2[3] = (byte) 0xb8;
        boolean fromServer = ((ip4[ihl] & 0xFF) << 8 | (ip4[ihl + 1] & 0xFF)) == 2525;
        a1[15] = (byte) (fromServer ? 1 : 2);
        a2[15] = (byte) (fromServer ? 2 : 1);
        b.put(a1).put(a2);
        b.put((byte) 6).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0}); // hop-by-hop: next TCP, PadN
        b.put(l4);
        return b.array();
    }

    private static List<String> read(List<CaptureReader.Packet> packets) throws Exception {
        return Fixtures.dialogue(Fixtures.capture(PcapWriter.write(packets), "wrapped.pcap"));
    }

    @Test
    void pcapngWithTwoInterfacesTwoByteOrdersTwoSectionsAndUnknownBlocks() throws Exception {
        List<CaptureReader.Packet> eth = PcapWriter.packets(ORIGINAL);
        List<CaptureReader.Packet> sll = rewrap(113, ip -> {
            byte[] h = new byte[16];
            h[14] = 0x08;
            return concat(h, ip);
        });
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        int half = eth.size() / 2;
        // section 1, big-endian: interface 0 Ethernet in nanoseconds, interface 1 SLL in 2^-20 s
        section(f, ByteOrder.BIG_ENDIAN, List.of(new int[] {1, 9}, new int[] {113, 0x80 | 20}),
                eth.subList(0, half), sll.subList(0, half));
        // section 2, little-endian: one interface (SLL, default microseconds), with simple packet blocks
        section(f, ByteOrder.LITTLE_ENDIAN, List.of(new int[] {113, -1}), List.of(), sll.subList(half, sll.size()));
        SimulationResult r = Fixtures.capture(f.toByteArray(), "mixed.pcapng");
        assertThat(Fixtures.dialogue(r)).isEqualTo(expected());
        long first = eth.get(0).timeMicros();
        assertThat(CaptureImport.start(first)).isEqualTo(r.info().start());
    }

    /**
     * One pcapng section: packets alternate between interface 0 ({@code a}) and 1 ({@code b}) by index, where both
     * are given; a section with one interface writes its packets as Simple Packet Blocks after one Enhanced one.
     */
    private static void section(ByteArrayOutputStream f, ByteOrder order, List<int[]> ifaces,
                                List<CaptureReader.Packet> a, List<CaptureReader.Packet> b) {
        block(f, order, 0x0A0D0D0A, ByteBuffer.allocate(16).order(order).putInt(0x1A2B3C4D).putShort((short) 1)
                .putShort((short) 0).putLong(-1).array());
        for (int[] i : ifaces) {
            ByteBuffer idb = ByteBuffer.allocate(i[1] < 0 ? 8 : 20).order(order);
            idb.putShort((short) i[0]).putShort((short) 0).putInt(262144);
            if (i[1] >= 0) {
                idb.putShort((short) 9).putShort((short) 1).put((byte) i[1]).put(new byte[3]).putShort((short) 0)
                        .putShort((short) 0);
            }
            block(f, order, 1, idb.array());
        }
        block(f, order, 0x0BAD, new byte[] {1, 2, 3, 4}); // a block type nobody knows
        int n = Math.max(a.size(), b.size());
        for (int k = 0; k < n; k++) {
            boolean useA = !a.isEmpty() && (b.isEmpty() || k % 2 == 0);
            CaptureReader.Packet p = useA ? a.get(k) : b.get(k);
            int id = useA ? 0 : ifaces.size() - 1;
            int res = ifaces.get(id)[1];
            int pad = (4 - p.data().length % 4) % 4;
            if (ifaces.size() == 1 && k > 0) { // a Simple Packet Block: interface 0, no time stamp (pcapng §4.4)
                block(f, order, 3, ByteBuffer.allocate(4 + p.data().length + pad).order(order)
                        .putInt(p.data().length).put(p.data()).array());
                continue;
            }
            long ts = res == 9 ? p.timeMicros() * 1000 : res == (0x80 | 20)
                    ? (p.timeMicros() / 1_000_000 << 20) + (p.timeMicros() % 1_000_000 << 20) / 1_000_000 + 1
                    : p.timeMicros();
            ByteBuffer epb = ByteBuffer.allocate(20 + p.data().length + pad).order(order);
            epb.putInt(id).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(p.data().length).putInt(p.data().length)
                    .put(p.data());
            block(f, order, 6, epb.array());
        }
    }

    private static void block(ByteArrayOutputStream f, ByteOrder order, int type, byte[] body) {
        int len = 12 + body.length;
        ByteBuffer h = ByteBuffer.allocate(8).order(order);
        if (type == 0x0A0D0D0A) {
            h.order(ByteOrder.BIG_ENDIAN).putInt(type).order(order).putInt(len);
        } else {
            h.putInt(type).putInt(len);
        }
        f.writeBytes(h.array());
        f.writeBytes(body);
        f.writeBytes(ByteBuffer.allocate(4).order(order).putInt(len).array());
    }
}
