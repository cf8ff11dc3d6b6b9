package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** More than 100 recipients go out in transactions of at most 100 (RFC 5321 §4.5.3.1.8), not refused. */
class LiveSenderSplitTest {
    private LoopbackLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
    }

    @Test
    void twoHundredAndFiveRecipientsAreThreeTransactionsOfAtMostAHundred() throws Exception {
        GreenMail mx1 = lab.greenMail("127.0.0.2");
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            to.add("user" + i + "@example.test");
        }
        LiveResult r = new LiveSender(lab.direct(TlsMode.OFF, to.toArray(String[]::new)), new LiveRecorder(), null)
                .run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.session().journeys().get(0).outcomes().values())
                .hasSize(205).allMatch(o -> o.status() == RecipientOutcome.Status.DELIVERED);
        assertThat(mx1.getReceivedMessages()).hasSize(205); // GreenMail keeps one copy per recipient
        List<String> commands = r.session().journeys().get(0).timeline().events().stream()
                .filter(e -> e.kind() == EventKind.SMTP_COMMAND).map(TimelineEvent::verb).collect(Collectors.toList());
        List<Integer> rcptsPerTransaction = new ArrayList<>();
        for (String v : commands) {
            if (v.equals("MAIL")) {
                rcptsPerTransaction.add(0);
            } else if (v.equals("RCPT")) {
                int last = rcptsPerTransaction.size() - 1;
                rcptsPerTransaction.set(last, rcptsPerTransaction.get(last) + 1);
            }
        }
        assertThat(rcptsPerTransaction).containsExactly(100, 100, 5);
        // one server took the message, in three transactions: one hop (a tester saw "2 hops" for one smart host)
        org.mailtrail.engine.Journey.Stats s = r.session().journeys().get(0).stats();
        assertThat(s.hops()).isEqualTo(1);
        assertThat(s.tcpConnections()).isEqualTo(3);
    }
}
