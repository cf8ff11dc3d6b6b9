package org.mailtrail.capture;

import java.util.Arrays;

/**
 * Cuts a captured packet down to its TCP segment or UDP datagram: the link layer (Ethernet with 802.1Q/802.1ad VLAN
 * tags, Linux cooked SLL and SLL2, raw IP, BSD loopback/null), then IPv4 (RFC 791; fragments are skipped, not
 * reassembled) or IPv6 (RFC 8200, walking the extension headers). Every length comes from the packet and is checked
 * against the bytes captured; anything that does not fit is counted as skipped, never thrown.
 */
public final class PacketDecoder {
    /** Why packets were skipped, for the summary note. */
    private long fragments;
    private long otherLinks;
    private long otherProtocols;
    private long damaged;

    /** The segment in a packet, or null (another protocol, a fragment, a damaged or cut-off packet). */
    public Segment decode(CaptureReader.Packet p) {
        byte[] d = p.data();
        int ip;
        switch (p.linkType()) {
            case 1: // Ethernet (IEEE 802.3)
                ip = ethernet(d);
                break;
            case 113: // Linux cooked capture v1: the protocol type at 14, header 16
                ip = d.length >= 16 ? 16 : -1;
                break;
            case 276: // Linux cooked capture v2: the protocol type at 0, header 20
                ip = d.length >= 20 ? 20 : -1;
                break;
            case 101: // raw IP
            case 12:
            case 14:
            case 228: // raw IPv4
            case 229: // raw IPv6
                ip = 0;
                break;
            case 0: // BSD loopback: a 4-octet address family in the writer's byte order
            case 108: // OpenBSD loopback: in network byte order
                ip = d.length >= 4 ? 4 : -1;
                break;
            default:
                otherLinks++;
                return null;
        }
        if (ip < 0) {
            if (ip == -1) {
                damaged++;
            } else {
                otherProtocols++;
            }
            return null;
        }
        if (ip >= d.length) {
            damaged++;
            return null;
        }
        int version = (d[ip] & 0xFF) >>> 4;
        if (version == 4) {
            return ipv4(p.timeMicros(), d, ip);
        }
        if (version == 6) {
            return ipv6(p.timeMicros(), d, ip);
        }
        otherProtocols++;
        return null;
    }

    /** The offset of the IP header in an Ethernet frame, -1 when cut short, -2 for another protocol. */
    private static int ethernet(byte[] d) {
        int o = 12;
        while (o + 2 <= d.length) {
            int type = u16(d, o);
            if (type == 0x8100 || type == 0x88A8 || type == 0x9100) { // VLAN tags (IEEE 802.1Q, 802.1ad)
                o += 4;
                continue;
            }
            return type == 0x0800 || type == 0x86DD ? o + 2 : -2;
        }
        return -1;
    }

    private Segment ipv4(long t, byte[] d, int o) {
        if (o + 20 > d.length) {
            damaged++;
            return null;
        }
        int ihl = (d[o] & 0x0F) * 4;
        int total = u16(d, o + 2);
        if (ihl < 20 || total < ihl) {
            damaged++;
            return null;
        }
        int frag = u16(d, o + 6);
        if ((frag & 0x2000) != 0 || (frag & 0x1FFF) != 0) { // more fragments, or a fragment offset (RFC 791 §3.1)
            fragments++;
            return null;
        }
        int end = Math.min(d.length, o + total); // Ethernet padding is not payload; a cut-off packet keeps what it has
        String src = (d[o + 12] & 0xFF) + "." + (d[o + 13] & 0xFF) + "." + (d[o + 14] & 0xFF) + "." + (d[o + 15] & 0xFF);
        String dst = (d[o + 16] & 0xFF) + "." + (d[o + 17] & 0xFF) + "." + (d[o + 18] & 0xFF) + "." + (d[o + 19] & 0xFF);
        return transport(t, d[o + 9] & 0xFF, d, o + ihl, end, src, dst);
    }

    private Segment ipv6(long t, byte[] d, int o) {
        if (o + 40 > d.length) {
            damaged++;
            return null;
        }
        int end = Math.min(d.length, o + 40 + u16(d, o + 4));
        String src = ipv6Text(d, o + 8);
        String dst = ipv6Text(d, o + 24);
        int next = d[o + 6] & 0xFF;
        int p = o + 40;
        for (int hops = 0; hops < 16; hops++) { // extension headers (RFC 8200 §4)
            switch (next) {
                case 0: // hop-by-hop options
                case 43: // routing
                case 60: // destination options
                    if (p + 2 > end) {
                        damaged++;
                        return null;
                    }
                    next = d[p] & 0xFF;
                    p += ((d[p + 1] & 0xFF) + 1) * 8;
                    break;
                case 51: // authentication header (RFC 4302 §2.2): length in 4-octet units, minus 2
                    if (p + 2 > end) {
                        damaged++;
                        return null;
                    }
                    next = d[p] & 0xFF;
                    p += ((d[p + 1] & 0xFF) + 2) * 4;
                    break;
                case 44: // fragment (RFC 8200 §4.5): only an atomic fragment (offset 0, no more) is whole
                    if (p + 8 > end) {
                        damaged++;
                        return null;
                    }
                    if ((u16(d, p + 2) & 0xFFF9) != 0) {
                        fragments++;
                        return null;
                    }
                    next = d[p] & 0xFF;
                    p += 8;
                    break;
                default:
                    return transport(t, next, d, p, end, src, dst);
            }
        }
        otherProtocols++;
        return null;
    }

    private Segment transport(long t, int proto, byte[] d, int o, int end, String src, String dst) {
        if (proto == 6) {
            if (o + 20 > end) {
                damaged++;
                return null;
            }
            int off = ((d[o + 12] & 0xFF) >>> 4) * 4;
            if (off < 20 || o + off > end) {
                damaged++;
                return null;
            }
            long seq = CaptureReader.be32(d, o + 4) & 0xFFFFFFFFL;
            return new Segment(t, true, src, u16(d, o), dst, u16(d, o + 2), d[o + 13] & 0x3F, seq,
                    Arrays.copyOfRange(d, o + off, end));
        }
        if (proto == 17) {
            if (o + 8 > end) {
                damaged++;
                return null;
            }
            int len = u16(d, o + 4);
            int stop = len >= 8 ? Math.min(end, o + len) : end;
            return new Segment(t, false, src, u16(d, o), dst, u16(d, o + 2), 0, 0, Arrays.copyOfRange(d, o + 8, stop));
        }
        otherProtocols++;
        return null;
    }

    /** An IPv6 address in the text form of RFC 5952 (lower case, the longest run of zero groups as ::). */
    static String ipv6Text(byte[] d, int o) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = u16(d, o + 2 * i);
        }
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                b.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            b.append(Integer.toHexString(g[i]));
            if (i < 7) {
                b.append(':');
            }
        }
        return b.toString();
    }

    private static int u16(byte[] d, int o) {
        return ((d[o] & 0xFF) << 8) | (d[o + 1] & 0xFF);
    }

    public long fragments() {
        return fragments;
    }

    /** Packets of other link types and network or transport protocols. */
    public long others() {
        return otherLinks + otherProtocols;
    }

    public long damaged() {
        return damaged;
    }
}
