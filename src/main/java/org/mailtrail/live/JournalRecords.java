package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The format of a {@link MailJournal} segment: a header line ({@code MTJ1 <boot id>}) and records
 * {@code [payload length][CRC-32C of the payload][name length][name][content]}, big-endian; a record without content
 * notes a message taken back ({@link MailJournal#revoke}). Reading stops at the first record whose length, checksum
 * or name does not fit: nothing after it was acknowledged.
 */
final class JournalRecords {
    private static final String MAGIC = "MTJ1";
    private static final int RECORD_HEAD = 8;

    private JournalRecords() {
    }

    /** One record as it is written: {@code [payload length][CRC-32C of the payload][name length][name][content]}. */
    static byte[] encode(String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + n.length + content.length;
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEAD + payload);
        b.putInt(payload).putInt(0).putShort((short) n.length).put(n).put(content);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.array(), RECORD_HEAD, payload);
        b.putInt(4, (int) crc.getValue());
        return b.array();
    }

    /** The header line a segment begins with. */
    static byte[] header(String bootId) {
        return (MAGIC + " " + bootId + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One record read back: the message's name (its queue id) and its bytes. */
    record Entry(String name, byte[] content) { }

    /** What a segment file holds: the boot id it was written in and its whole records, in order. */
    record Contents(String bootId, List<Entry> entries, int ignoredBytes) { }

    /** Reads a segment: its header and every whole record up to the first that does not fit (or the end). */
    static Contents read(Path segment) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        int eol = 0;
        while (eol < all.length && eol < 200 && all[eol] != '\n') {
            eol++;
        }
        String head = eol < all.length ? new String(all, 0, eol, StandardCharsets.US_ASCII) : "";
        if (!head.startsWith(MAGIC)) {
            return new Contents("", List.of(), all.length); // not even the header: nothing acknowledged from it
        }
        String boot = head.substring(MAGIC.length()).trim();
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(eol + 1);
        List<Entry> entries = new ArrayList<>();
        int end = b.position(); // after the last whole record
        while (b.remaining() >= RECORD_HEAD) {
            int payload = b.getInt();
            int crc = b.getInt();
            if (payload < 3 || payload > b.remaining()) {
                break;
            }
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(all, b.position(), payload);
            if ((int) c.getValue() != crc) {
                break;
            }
            int nameLength = Short.toUnsignedInt(b.getShort());
            if (nameLength == 0 || nameLength > payload - 2) {
                break;
            }
            String name = new String(all, b.position(), nameLength, StandardCharsets.UTF_8);
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                break; // never a path: queue ids are letters, digits, dots, dashes
            }
            b.position(b.position() + nameLength);
            byte[] content = new byte[payload - 2 - nameLength];
            b.get(content);
            entries.add(new Entry(name, content));
            end = b.position();
        }
        return new Contents(boot, entries, all.length - end);
    }
}
