package org.mailtrail.engine;

import java.util.List;
import org.mailtrail.timeline.SessionInfo;

/**
 * A session: where it came from, the message and one journey per route. {@code simulate} makes it
 * from a world; a session log (JSON) gives it back.
 */
public record SimulationResult(SessionInfo info, Compose compose, long seed, List<Journey> journeys) {

    public SimulationResult {
        journeys = List.copyOf(journeys);
    }

    /** The exit status of SPEC §5 over all journeys: 5 beats 4 beats 0. */
    public int exitCode() {
        int code = 0;
        for (Journey j : journeys) {
            int c = j.exitCode();
            if (c == 5 || (c == 4 && code == 0)) {
                code = c;
            }
        }
        return code;
    }
}
