package org.mailtrail.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** The checked-in fixtures of this package (made by make-fixtures.sh) and what tests ask of a session. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SimulationResult capture(byte[] bytes, String name) throws Exception {
        return CaptureImport.read(new ByteArrayInputStream(bytes), name);
    }

    static SimulationResult capture(String name) throws Exception {
        return capture(bytes(name), name);
    }

    static List<TimelineEvent> events(SimulationResult r) {
        return r.journeys().get(0).timeline().events();
    }

    /** The first line of each command and reply, in order: {@code C: EHLO x}, {@code S: 250-...}. */
    static List<String> dialogue(SimulationResult r) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : events(r)) {
            if (e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.MAILBOX_COMMAND) {
                out.add("C: " + (e.lines().isEmpty() ? "" : e.lines().get(0)));
            } else if (e.kind() == EventKind.SMTP_REPLY || e.kind() == EventKind.MAILBOX_REPLY) {
                out.add("S: " + (e.lines().isEmpty() ? "" : e.lines().get(0)));
            }
        }
        return out;
    }
}
