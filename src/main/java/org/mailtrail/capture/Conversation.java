package org.mailtrail.capture;

/** What one TCP connection's decoder is told: the bytes of each direction in order, gaps, and the end. */
interface Conversation {
    void data(boolean fromClient, byte[] bytes, long timeMicros);

    void gap(boolean fromClient, long missing, long timeMicros);

    void finish(long timeMicros);
}
