package org.mailtrail.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the packets of a capture, and a classic pcap file (little-endian, microseconds) written from them. */
final class PcapWriter {
    private PcapWriter() {
    }

    static List<CaptureReader.Packet> packets(byte[] capture) throws Exception {
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(capture), "fixture");
        List<CaptureReader.Packet> out = new ArrayList<>();
        CaptureReader.Packet p;
        while ((p = r.next()) != null) {
            out.add(p);
        }
        return out;
    }

    /**
     * A TCP segment (Ethernet, IPv4) cut into pieces of its payload from {@code from} to {@code to}: the same headers
     * with the IP length and the TCP sequence number adjusted (checksums are not recomputed; the reader does not check
     * them). Other packets come back as they are.
     */
    static CaptureReader.Packet piece(CaptureReader.Packet p, int from, int to) {
        byte[] d = p.data();
        int ip = 14;
        int ihl = (d[ip] & 0x0F) * 4;
        int tcp = ip + ihl;
        int off = ((d[tcp + 12] & 0xFF) >>> 4) * 4;
        int payload = tcp + off;
        byte[] out = new byte[payload + (to - from)];
        System.arraycopy(d, 0, out, 0, payload);
        System.arraycopy(d, payload + from, out, payload, to - from);
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putShort(ip + 2, (short) (out.length - ip));
        b.putInt(tcp + 4, b.getInt(tcp + 4) + from);
        return new CaptureReader.Packet(p.timeMicros(), p.linkType(), out);
    }

    /** The length of a packet's TCP payload (Ethernet, IPv4), or 0 for anything else. */
    static int payload(CaptureReader.Packet p) {
        byte[] d = p.data();
        if (p.linkType() != 1 || d.length < 54 || d[12] != 8 || d[13] != 0 || d[23] != 6) {
            return 0;
        }
        int tcp = 14 + (d[14] & 0x0F) * 4;
        int total = ((d[16] & 0xFF) << 8) | (d[17] & 0xFF);
        return 14 + total - tcp - ((d[tcp + 12] & 0xFF) >>> 4) * 4;
    }

    static byte[] write(List<CaptureReader.Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(packets.isEmpty() ? 1 : packets.get(0).linkType());
        out.writeBytes(h.array());
        for (CaptureReader.Packet p : packets) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (p.timeMicros() / 1_000_000)).putInt((int) (p.timeMicros() % 1_000_000))
                    .putInt(p.data().length).putInt(p.data().length);
            out.writeBytes(r.array());
            out.writeBytes(p.data());
        }
        return out.toByteArray();
    }
}
