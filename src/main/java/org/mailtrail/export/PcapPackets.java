package org.mailtrail.export;

import static org.mailtrail.export.PcapExport.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Byte-level building blocks: headers, the Internet checksum, addresses, MAC addresses. */
final class PcapPackets {
    private PcapPackets() {
    }

    /** A transport segment whose checksum is filled in once the IP addresses are known. */
    static final class Segment {
        private final byte[] bytes;
        private final int checksumOffset;
        private final boolean udp;

        Segment(byte[] bytes, int checksumOffset, boolean udp) {
            this.bytes = bytes;
            this.checksumOffset = checksumOffset;
            this.udp = udp;
        }

        /** The segment with its checksum over the pseudo-header (RFC 9293 §3.1, RFC 768, RFC 8200 §8.1). */
        byte[] finish(byte[] src, byte[] dst, int proto) {
            byte[] out = bytes.clone();
            int sum = checksum(pseudoHeader(src, dst, proto, out.length), out);
            if (udp && sum == 0) {
                sum = 0xffff; // RFC 768: a computed zero is sent as all ones
            }
            out[checksumOffset] = (byte) (sum >>> 8);
            out[checksumOffset + 1] = (byte) sum;
            return out;
        }
    }

    static Segment udp(Endpoint src, Endpoint dst, byte[] payload) {
        byte[] b = new byte[8 + payload.length];
        put16(b, 0, src.port());
        put16(b, 2, dst.port());
        put16(b, 4, b.length);
        System.arraycopy(payload, 0, b, 8, payload.length);
        return new Segment(b, 6, true);
    }

    static Segment tcp(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] options,
                       byte[] payload) {
        int optLen = options == null ? 0 : options.length;
        int header = 20 + optLen;
        byte[] b = new byte[header + payload.length];
        put16(b, 0, srcPort);
        put16(b, 2, dstPort);
        put32(b, 4, (int) seq);
        put32(b, 8, (int) ack);
        b[12] = (byte) ((header / 4) << 4);
        b[13] = (byte) flags;
        put16(b, 14, window);
        if (optLen > 0) {
            System.arraycopy(options, 0, b, 20, optLen);
        }
        System.arraycopy(payload, 0, b, header, payload.length);
        return new Segment(b, 16, false);
    }

    /** An IPv4 header (RFC 791) with DF set, TTL 64 and its header checksum, then the payload. */
    static byte[] ipv4(byte[] src, byte[] dst, int proto, int id, byte[] payload) {
        byte[] b = new byte[20 + payload.length];
        b[0] = 0x45;
        put16(b, 2, b.length);
        put16(b, 4, id);
        put16(b, 6, 0x4000);
        b[8] = 64;
        b[9] = (byte) proto;
        System.arraycopy(src, 0, b, 12, 4);
        System.arraycopy(dst, 0, b, 16, 4);
        put16(b, 10, checksum(new byte[0], java.util.Arrays.copyOf(b, 20)));
        System.arraycopy(payload, 0, b, 20, payload.length);
        return b;
    }

    /** An IPv6 header (RFC 8200 §3) with hop limit 64, then the payload. */
    static byte[] ipv6(byte[] src, byte[] dst, int proto, byte[] payload) {
        byte[] b = new byte[40 + payload.length];
        b[0] = 0x60;
        put16(b, 4, payload.length);
        b[6] = (byte) proto;
        b[7] = 64;
        System.arraycopy(src, 0, b, 8, 16);
        System.arraycopy(dst, 0, b, 24, 16);
        System.arraycopy(payload, 0, b, 40, payload.length);
        return b;
    }

    /** An Ethernet II frame, padded to the 60-byte minimum (the FCS is not captured). */
    static byte[] ethernet(byte[] dstMac, byte[] srcMac, int etherType, byte[] payload) {
        byte[] b = new byte[Math.max(60, 14 + payload.length)];
        System.arraycopy(dstMac, 0, b, 0, 6);
        System.arraycopy(srcMac, 0, b, 6, 6);
        put16(b, 12, etherType);
        System.arraycopy(payload, 0, b, 14, payload.length);
        return b;
    }

    static byte[] pseudoHeader(byte[] src, byte[] dst, int proto, int length) {
        if (src.length == 4) {
            byte[] p = new byte[12];
            System.arraycopy(src, 0, p, 0, 4);
            System.arraycopy(dst, 0, p, 4, 4);
            p[9] = (byte) proto;
            put16(p, 10, length);
            return p;
        }
        byte[] p = new byte[40];
        System.arraycopy(src, 0, p, 0, 16);
        System.arraycopy(dst, 0, p, 16, 16);
        put32(p, 32, length);
        p[39] = (byte) proto;
        return p;
    }

    /** The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words. */
    static int checksum(byte[] prefix, byte[] data) {
        long sum = sum(prefix) + sum(data);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long sum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) != 0) {
            sum += (b[b.length - 1] & 0xff) << 8;
        }
        return sum;
    }

    /** A locally administered unicast MAC address derived from a host name. */
    static byte[] mac(String host) {
        byte[] h = sha256("mac|" + host);
        return new byte[] {0x02, h[0], h[1], h[2], h[3], h[4]};
    }

    static int hash32(String s) {
        byte[] h = sha256(s);
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Parses an IPv4 or IPv6 literal without any name lookup; null when it is not one. */
    static byte[] parseAddress(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        return t.indexOf(':') >= 0 ? parseV6(t) : parseV4(t);
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseV6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (dbl >= 0) {
            if (!groups(s.substring(0, dbl), head) || !groups(s.substring(dbl + 2), tail)) {
                return null;
            }
        } else if (!groups(s, head)) {
            return null;
        }
        int n = head.size() + tail.size();
        if (n > 8 || (dbl < 0 && n != 8) || (dbl >= 0 && n == 8)) {
            return null;
        }
        byte[] b = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put16(b, 2 * i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put16(b, 16 - 2 * (tail.size() - i), tail.get(i));
        }
        return b;
    }

    /** Hex groups separated by colons, the last may be a dotted IPv4 address; false when malformed. */
    private static boolean groups(String s, List<Integer> out) {
        if (s.isEmpty()) {
            return true;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return false;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else if (p.matches("[0-9A-Fa-f]{1,4}")) {
                out.add(Integer.parseInt(p, 16));
            } else {
                return false;
            }
        }
        return true;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void be16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    static void be32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
