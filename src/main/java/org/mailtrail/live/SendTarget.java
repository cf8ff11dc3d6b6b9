package org.mailtrail.live;

/** One host and address a {@link LiveSender} tries, in the order the MX policy or the smart-host route gave. */
record SendTarget(String name, String address, int port) {

    /** {@code name [address]:port}, as the timeline and the gate say it. */
    String describe() {
        return name + " [" + address + "]:" + port;
    }
}
