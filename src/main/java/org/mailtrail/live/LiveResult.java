package org.mailtrail.live;

import java.util.Set;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;

/**
 * A finished live delivery: the session (timeline, outcomes) as every view and exporter reads it, and which
 * recipients failed for a network reason rather than a server's answer.
 *
 * @param session         the session
 * @param networkFailures recipients not delivered because a connection could not be made or broke (refused,
 *                        timed out, TLS failure, garbage from the server)
 */
public record LiveResult(SimulationResult session, Set<String> networkFailures) {

    public LiveResult {
        networkFailures = Set.copyOf(networkFailures);
    }

    /**
     * The exit status of SPEC §5: 5 if a server refused a recipient for good; else 3 if a recipient failed for a
     * network reason; else 4 if a server deferred one; else 0.
     */
    public int exitCode() {
        boolean queued = false;
        for (RecipientOutcome o : session.journeys().get(0).outcomes().values()) {
            if (o.status() == RecipientOutcome.Status.BOUNCED || o.status() == RecipientOutcome.Status.REFUSED) {
                return 5;
            }
            queued |= o.status() == RecipientOutcome.Status.QUEUED;
        }
        if (!networkFailures.isEmpty()) {
            return 3;
        }
        return queued ? 4 : 0;
    }
}
