package org.mailtrail.dns;

import java.util.List;

/** The outcome of the RFC 5321 §5.1 / RFC 7505 mail-exchanger selection, with every DNS exchange it took. */
public sealed interface MxResolution permits MxResolution.Targets, MxResolution.NullMx, MxResolution.Failure {

    /** Whether a failure should bounce now or be retried later (RFC 5321 §4.5.4.1, §5.1). */
    enum FailureKind {
        /** The domain cannot receive mail: bounce (5xx). */
        PERMANENT,
        /** DNS could not answer now: keep the message queued and retry (4xx). */
        TEMPORARY
    }

    /** The domain as asked. */
    String domain();

    /** Every query sent and its answer, in order. */
    List<DnsExchange> exchanges();

    /** Plain-English notes for the explanation pane. */
    List<String> notes();

    /** Hosts to try, best first (RFC 5321 §5.1); never empty. */
    record Targets(String domain, String canonicalDomain, List<MxTarget> targets, List<DnsExchange> exchanges,
            List<String> notes) implements MxResolution {
        public Targets {
            targets = List.copyOf(targets);
            exchanges = List.copyOf(exchanges);
            notes = List.copyOf(notes);
        }
    }

    /** The domain publishes a null MX: it accepts no mail (RFC 7505 §3, reply 556 5.1.10). */
    record NullMx(String domain, List<DnsExchange> exchanges, List<String> notes) implements MxResolution {
        public NullMx {
            exchanges = List.copyOf(exchanges);
            notes = List.copyOf(notes);
        }
    }

    /** No host to deliver to: permanent (bounce) or temporary (queue and retry). */
    record Failure(String domain, FailureKind kind, String reason, List<DnsExchange> exchanges, List<String> notes)
            implements MxResolution {
        public Failure {
            exchanges = List.copyOf(exchanges);
            notes = List.copyOf(notes);
        }
    }
}
