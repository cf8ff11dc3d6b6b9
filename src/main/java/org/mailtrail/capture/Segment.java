package org.mailtrail.capture;

/**
 * A TCP segment or UDP datagram cut out of a captured packet.
 *
 * @param timeMicros when it was captured (microseconds since 1970)
 * @param tcp        TCP (else UDP)
 * @param flags      the TCP flags (RFC 9293 §3.1): FIN 1, SYN 2, RST 4, ACK 16
 * @param seq        the TCP sequence number
 * @param payload    the data it carries
 */
public record Segment(long timeMicros, boolean tcp, String srcAddr, int srcPort, String dstAddr, int dstPort,
                      int flags, long seq, byte[] payload) {
    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int ACK = 16;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
