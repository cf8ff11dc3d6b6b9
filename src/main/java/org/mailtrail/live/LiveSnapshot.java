package org.mailtrail.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/**
 * A live session as a loggable session: the events recorded so far, the hosts they name (with the addresses seen on
 * the wire and their roles), and the outcomes decided so far — for the views and the autosave while it runs, and for
 * the finished result.
 */
public final class LiveSnapshot {
    private LiveSnapshot() {
    }

    /**
     * The session so far.
     *
     * @param clientName the sending host's name on the timeline
     * @param route      DIRECT (to the MX hosts) or RELAY (through a smart host)
     */
    public static SimulationResult of(LiveRecorder recorder, Compose compose, String clientName, Route route,
                                      String source, Map<String, RecipientOutcome> outcomes,
                                      List<DeliveredMessage> delivered) {
        Timeline timeline = recorder.timeline();
        Map<String, RecipientOutcome> decided = new LinkedHashMap<>(outcomes);
        for (String r : compose.recipients()) {
            // a session saved while it runs has not decided these yet: if it never ends, they were not delivered
            decided.putIfAbsent(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED,
                    "the session had not finished when this was saved", clientName));
        }
        Map<String, SessionInfo.HostInfo> hosts = hosts(timeline, clientName, route);
        SessionInfo info = new SessionInfo("live", "send", "Live delivery to " + String.join(", ", compose.recipients()),
                source, recorder.start(), hosts.containsKey(LiveSender.RESOLVER_NAME) ? LiveSender.RESOLVER_NAME : "",
                hosts);
        return new SimulationResult(info, compose, 0L,
                List.of(new Journey(route, timeline, decided, new ArrayList<>(delivered))));
    }

    /** Every host the events name, the sender first, with the addresses seen for it. */
    static Map<String, SessionInfo.HostInfo> hosts(Timeline timeline, String clientName, Route route) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        addresses.put(clientName, new ArrayList<>());
        for (TimelineEvent e : timeline.events()) {
            note(addresses, e.source(), e.detail(Details.SRC_ADDR));
            note(addresses, e.destination(), e.kind() == EventKind.TCP_FAILED && e.source().equals(e.destination())
                    ? "" : e.detail(Details.DST_ADDR));
        }
        Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : addresses.entrySet()) {
            String name = h.getKey();
            String role = name.equals(clientName) ? (route == Route.RELAY ? "mua" : "submission")
                    : name.equals(LiveSender.RESOLVER_NAME) ? "dns" : route == Route.RELAY ? "relay" : "mx";
            hosts.put(name, new SessionInfo.HostInfo(name, role, h.getValue()));
        }
        return hosts;
    }

    private static void note(Map<String, List<String>> addresses, String host, String address) {
        List<String> list = addresses.computeIfAbsent(host, k -> new ArrayList<>());
        if (!address.isEmpty() && !list.contains(address)) {
            list.add(address);
        }
    }
}
