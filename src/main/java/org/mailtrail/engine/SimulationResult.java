package org.mailtrail.engine;

import java.util.List;
import org.mailtrail.world.World;

/** What {@code simulate} produced: the world, the message and one journey per route. */
public record SimulationResult(World world, Compose compose, long seed, List<Journey> journeys) {

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
