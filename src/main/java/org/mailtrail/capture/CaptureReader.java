package org.mailtrail.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the packets of a capture file one at a time, streamed: classic pcap (both byte orders, micro- and nanosecond
 * magic) and pcapng (draft-ietf-opsawg-pcapng: Section Header, Interface Description, Enhanced and Simple Packet
 * Blocks, several interfaces with their own link type and {@code if_tsresol}, several sections; other blocks are
 * skipped). Lengths in the file are untrusted: a block or packet larger than {@link #MAX_BLOCK} stops the reading
 * with a note, and a file that ends inside a record keeps the packets before it ({@link #notes()}).
 */
public final class CaptureReader {
    /** The largest block or packet record read (pcap's largest snap length is 262144; pcapng blocks rarely exceed it). */
    public static final int MAX_BLOCK = 1 << 20;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;

    /** One captured packet: when (microseconds since 1970), its interface's link type and the captured bytes. */
    public record Packet(long timeMicros, int linkType, byte[] data) {
    }

    private record Iface(int linkType, boolean pow2, int resolution) {
    }

    private final InputStream in;
    private final String file;
    private final boolean pcapng;
    private boolean bigEndian;
    private boolean nanos;
    private int linkType;
    private final List<Iface> ifaces = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long offset;
    private long packets;
    private boolean done;

    private CaptureReader(InputStream in, String file, boolean pcapng) {
        this.in = in;
        this.file = file;
        this.pcapng = pcapng;
    }

    /** True when the first four bytes are a pcap or pcapng magic number. */
    public static boolean looksLikeCapture(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        int be = be32(head, 0);
        int le = Integer.reverseBytes(be);
        return be == PCAPNG_SHB || isPcapMagic(be) || isPcapMagic(le);
    }

    private static boolean isPcapMagic(int m) {
        return m == 0xA1B2C3D4 || m == 0xA1B23C4D;
    }

    /** Opens a capture: reads its file header (pcap) or first section header (pcapng). */
    public static CaptureReader open(InputStream in, String file) throws IOException, CaptureFormatException {
        byte[] magic = new byte[4];
        int n = in.readNBytes(magic, 0, 4);
        if (n < 4 || !looksLikeCapture(magic)) {
            throw new CaptureFormatException(file, "offset 0", "not a pcap or pcapng capture (no capture magic number)");
        }
        CaptureReader r = new CaptureReader(in, file, be32(magic, 0) == PCAPNG_SHB);
        r.offset = 4;
        try {
            if (r.pcapng) {
                r.sectionHeader();
            } else {
                r.pcapHeader(magic);
            }
        } catch (EOFException e) {
            throw new CaptureFormatException(file, "offset " + r.offset, "the file ends inside its "
                    + (r.pcapng ? "pcapng section header" : "pcap file header") + " (cut short)");
        }
        return r;
    }

    private void pcapHeader(byte[] magic) throws IOException, CaptureFormatException {
        int be = be32(magic, 0);
        bigEndian = isPcapMagic(be);
        int m = bigEndian ? be : Integer.reverseBytes(be);
        nanos = m == 0xA1B23C4D;
        byte[] h = new byte[20];
        if (in.readNBytes(h, 0, 20) < 20) {
            throw new CaptureFormatException(file, "offset 4", "the pcap file header is cut short");
        }
        offset += 20;
        linkType = i32(h, 16) & 0x0FFFFFFF; // the top bits may carry the FCS length (pcap file format §4)
    }

    /** The next packet, or null at the end of the file (or where a damaged record stops the reading). */
    public Packet next() throws IOException {
        while (!done) {
            Packet p;
            try {
                p = pcapng ? nextBlock() : nextRecord();
            } catch (EOFException e) {
                if (e.getMessage() != null) {
                    notes.add(file + ": offset " + offset + ": the file ends inside a record (" + e.getMessage()
                            + "); the " + packets + " packets before it are read");
                }
                done = true;
                return null;
            } catch (CaptureFormatException e) {
                notes.add(e.getMessage() + "; the " + packets + " packets before it are read");
                done = true;
                return null;
            }
            if (p != null) {
                packets++;
                return p;
            }
        }
        return null;
    }

    /** What went wrong while reading (a cut-off end, a damaged record), for a note on the timeline. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Packets read so far. */
    public long packets() {
        return packets;
    }

    private byte[] read(int len, String what) throws IOException {
        byte[] b = in.readNBytes(len);
        if (b.length < len) {
            if (b.length == 0 && what == null) {
                throw new EOFException(null);
            }
            throw new EOFException(what == null ? "record header" : what);
        }
        offset += len;
        return b;
    }

    private Packet nextRecord() throws IOException, CaptureFormatException {
        long at = offset;
        byte[] h = read(16, null);
        long sec = i32(h, 0) & 0xFFFFFFFFL;
        long frac = i32(h, 4) & 0xFFFFFFFFL;
        long incl = i32(h, 8) & 0xFFFFFFFFL;
        if (incl > MAX_BLOCK) {
            throw new CaptureFormatException(file, "offset " + at, "packet record of " + incl
                    + " bytes is larger than " + MAX_BLOCK + " (damaged or not a capture)");
        }
        byte[] data = read((int) incl, "packet data");
        return new Packet(sec * 1_000_000L + (nanos ? frac / 1000 : frac), linkType, data);
    }

    private void sectionHeader() throws IOException, CaptureFormatException {
        // the block type is read; the byte order comes from the magic after the length (pcapng §4.1)
        byte[] h = read(8, "section header");
        int magicBe = be32(h, 4);
        if (magicBe == 0x1A2B3C4D) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magicBe) == 0x1A2B3C4D) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(file, "offset " + (offset - 4), "pcapng section header with a bad"
                    + " byte-order magic");
        }
        long len = i32(h, 0) & 0xFFFFFFFFL;
        if (len < 28 || len > MAX_BLOCK || len % 4 != 0) {
            throw new CaptureFormatException(file, "offset " + (offset - 12), "pcapng section header length " + len
                    + " is impossible");
        }
        read((int) len - 12, "section header");
        ifaces.clear(); // interface ids are per section
    }

    private Packet nextBlock() throws IOException, CaptureFormatException {
        long at = offset;
        byte[] h = read(4, null);
        if (be32(h, 0) == PCAPNG_SHB) {
            sectionHeader();
            return null;
        }
        int type = i32(h, 0);
        long len = i32(read(4, "block header"), 0) & 0xFFFFFFFFL;
        if (len < 12 || len % 4 != 0 || len > MAX_BLOCK) {
            throw new CaptureFormatException(file, "offset " + at, "pcapng block length " + len
                    + " is impossible (damaged)");
        }
        byte[] body = read((int) len - 8, "block body");
        int bodyLen = body.length - 4; // the trailing copy of the length
        switch (type) {
            case 1: // Interface Description Block (pcapng §4.2)
                if (bodyLen < 8) {
                    throw new CaptureFormatException(file, "offset " + at, "interface description block too short");
                }
                int lt = u16(body, 0);
                boolean pow2 = false;
                int res = 6;
                int o = 8;
                while (o + 4 <= bodyLen) {
                    int code = u16(body, o);
                    int olen = u16(body, o + 2);
                    if (code == 0 || o + 4 + olen > bodyLen) {
                        break;
                    }
                    if (code == 9 && olen >= 1) { // if_tsresol
                        int v = body[o + 4] & 0xFF;
                        pow2 = (v & 0x80) != 0;
                        res = v & 0x7F;
                    }
                    o += 4 + ((olen + 3) & ~3);
                }
                ifaces.add(new Iface(lt, pow2, res));
                return null;
            case 6: // Enhanced Packet Block (pcapng §4.3)
            case 2: { // the obsolete Packet Block: 2-octet interface id and drop count
                if (bodyLen < 20) {
                    throw new CaptureFormatException(file, "offset " + at, "packet block too short");
                }
                int id = type == 6 ? i32(body, 0) : u16(body, 0);
                long ts = ((i32(body, 4) & 0xFFFFFFFFL) << 32) | (i32(body, 8) & 0xFFFFFFFFL);
                long cap = i32(body, 12) & 0xFFFFFFFFL;
                if (cap > bodyLen - 20) {
                    throw new CaptureFormatException(file, "offset " + at, "captured length " + cap
                            + " runs past its block");
                }
                Iface f = iface(id, at);
                return new Packet(micros(ts, f), f.linkType, java.util.Arrays.copyOfRange(body, 20, 20 + (int) cap));
            }
            case 3: { // Simple Packet Block (pcapng §4.4): interface 0, no time stamp
                if (bodyLen < 4) {
                    throw new CaptureFormatException(file, "offset " + at, "simple packet block too short");
                }
                long orig = i32(body, 0) & 0xFFFFFFFFL;
                int cap = (int) Math.min(orig, bodyLen - 4);
                Iface f = iface(0, at);
                return new Packet(-1, f.linkType, java.util.Arrays.copyOfRange(body, 4, 4 + cap));
            }
            default:
                return null; // name resolution, statistics, custom and unknown blocks
        }
    }

    private Iface iface(int id, long at) throws CaptureFormatException {
        if (id < 0 || id >= ifaces.size()) {
            throw new CaptureFormatException(file, "offset " + at, "packet of interface " + id
                    + ", which the section does not describe");
        }
        return ifaces.get(id);
    }

    /** A time stamp in units of the interface's resolution, as microseconds (pcapng §4.2, if_tsresol). */
    static long micros(long ts, Iface f) {
        if (f.pow2) {
            int shift = Math.min(f.resolution, 63);
            long whole = ts >>> shift;
            long frac = ts & ((1L << shift) - 1);
            return whole * 1_000_000L + (long) (frac * (1_000_000.0 / Math.pow(2, shift)));
        }
        int r = f.resolution;
        if (r == 6) {
            return ts;
        }
        if (r > 6) {
            return r - 6 >= 19 ? 0 : Long.divideUnsigned(ts, pow10(r - 6));
        }
        return ts * pow10(6 - r);
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    private int i32(byte[] b, int o) {
        int v = be32(b, o);
        return bigEndian ? v : Integer.reverseBytes(v);
    }

    private int u16(byte[] b, int o) {
        int v = ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
        return bigEndian ? v : ((v & 0xFF) << 8) | (v >>> 8);
    }

    static int be32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }
}
