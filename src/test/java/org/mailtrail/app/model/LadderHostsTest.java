package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** The ladder's columns: every host of the journey, or (a lesson) those reached up to the step shown. */
class LadderHostsTest {
    private static TimelineEvent step(int i, String from, String to) {
        return new TimelineEvent(i, i, i, EventKind.TCP_SYN, from, to, "SYN", List.of(), "tcp.syn", "", Map.of());
    }

    /** A direct journey in short: submission, the MX query, the connection to mx1, retrieval. */
    private static final List<TimelineEvent> JOURNEY = List.of(step(0, "laptop", "mail"), step(1, "mail", "laptop"),
            step(2, "mail", "resolver"), step(3, "resolver", "mail"), step(4, "mail", "mail"),
            step(5, "mail", "mx1"), step(6, "bob", "imap"));

    @Test
    void everyHostInTheOrderTheJourneyFirstReachesIt() {
        assertThat(LadderHosts.of(JOURNEY).all()).containsExactly("laptop", "mail", "resolver", "mx1", "bob", "imap");
    }

    /**
     * Found by a tester: in "How mail finds its way" the ladder had an mx1 column from step 1, before the checkpoint
     * "Which MX first?" (the MX decision) asks which exchanger is tried. Up to that step, only the hosts reached.
     */
    @Test
    void upToAStepOnlyTheHostsReachedSoFar() {
        LadderHosts h = LadderHosts.of(JOURNEY);
        assertThat(h.upTo(-1)).as("before the first step").isEmpty();
        assertThat(h.upTo(0)).containsExactly("laptop", "mail");
        assertThat(h.upTo(1)).containsExactly("laptop", "mail");
        assertThat(h.upTo(2)).containsExactly("laptop", "mail", "resolver");
        assertThat(h.upTo(4)).as("the MX decision: mx1 not yet").containsExactly("laptop", "mail", "resolver");
        assertThat(h.upTo(5)).containsExactly("laptop", "mail", "resolver", "mx1");
        assertThat(h.upTo(6)).isEqualTo(h.all());
        assertThat(h.upTo(Integer.MAX_VALUE)).isEqualTo(h.all());
    }

    @Test
    void noJourneyNoHosts() {
        assertThat(LadderHosts.of(List.of()).all()).isEmpty();
        assertThat(LadderHosts.of(null).upTo(3)).isEmpty();
    }
}
