package org.mailtrail.lab;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * What a journey did, without what may differ between a simulation and the lab (times, ports, addresses, queue
 * ids, TLS parameters): the hosts in order, every DNS question and answer code, every TCP step, every SMTP command
 * verb and reply code with its enhanced status, every POP3/IMAP command and reply, the decisions and the outcome.
 */
final class JourneyShape {
    private JourneyShape() {
    }

    static List<String> of(Journey j) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : j.timeline().events()) {
            String hosts = e.source() + " > " + e.destination();
            EventKind k = e.kind();
            switch (k) {
                case DNS_QUERY:
                    out.add("DNS? " + hosts + " " + e.detail("qname") + " " + e.detail("qtype"));
                    break;
                case DNS_ANSWER:
                    out.add("DNS! " + hosts + " " + e.detail("rcode") + " " + e.explanationKey());
                    break;
                case SMTP_COMMAND:
                    out.add("C " + hosts + " " + (e.detail("verb").isEmpty() ? "<data>" : e.detail("verb")));
                    break;
                case SMTP_REPLY:
                    out.add("S " + hosts + " " + e.detail("code") + " " + e.detail("enhanced"));
                    break;
                case MAILBOX_COMMAND:
                case MAILBOX_REPLY:
                    out.add(k + " " + hosts + " " + e.explanationKey());
                    break;
                case TCP_FAILED:
                    out.add(k + " " + hosts + " " + e.detail("reason"));
                    break;
                case TLS_NEGOTIATED:
                case PROTOCOL_ERROR:
                    out.add(k + " " + hosts);
                    break;
                default:
                    out.add(k + " " + hosts + " " + e.explanationKey());
            }
        }
        for (RecipientOutcome o : j.outcomes().values()) {
            out.add("outcome " + o.recipient() + " " + o.status() + " at " + o.host());
        }
        out.add("exit " + j.exitCode());
        return out;
    }
}
