package org.mailtrail.capture;

/**
 * One TCP connection of a capture: its two ends, both directions put back in order, and the conversation that
 * reads it once its first bytes said what it is (or null while undecided; {@link #ignored} for other traffic).
 */
final class TcpFlow {
    final String addrA;
    final int portA;
    final String addrB;
    final int portB;
    /** Which end opened the connection (sent the SYN): A, B, or neither seen yet. */
    Boolean clientIsA;
    TcpDirection fromA;
    TcpDirection fromB;
    Conversation conversation;
    org.mailtrail.engine.ConnectionSteps steps;
    boolean ignored;
    boolean finA;
    boolean finB;
    boolean closed;
    long synTime = -1;
    long synAckTime = -1;
    long ackTime = -1;
    long lastTime;

    /** The first bytes of a side kept at most before the connection is recognised. */
    static final int HEAD = 512;
    private byte[] headA = new byte[0];
    private byte[] headB = new byte[0];

    /** Adds bytes to the first bytes of one side (at most {@link #HEAD}) and gives them all. */
    byte[] head(boolean a, byte[] bytes) {
        byte[] h = a ? headA : headB;
        byte[] n = java.util.Arrays.copyOf(h, Math.min(HEAD, h.length + bytes.length));
        System.arraycopy(bytes, 0, n, h.length, n.length - h.length);
        if (a) {
            headA = n;
        } else {
            headB = n;
        }
        return n;
    }

    void clearHeads() {
        headA = new byte[0];
        headB = new byte[0];
    }

    TcpFlow(String addrA, int portA, String addrB, int portB) {
        this.addrA = addrA;
        this.portA = portA;
        this.addrB = addrB;
        this.portB = portB;
    }

    static String key(String a, int pa, String b, int pb) {
        return a + "|" + pa + "|" + b + "|" + pb;
    }

    boolean fromA(Segment s) {
        return s.srcAddr().equals(addrA) && s.srcPort() == portA;
    }

    /** Drops everything but the fact that this connection is not mail (its packets are counted). */
    void ignore() {
        ignored = true;
        fromA = null;
        fromB = null;
        conversation = null;
        steps = null;
    }
}
