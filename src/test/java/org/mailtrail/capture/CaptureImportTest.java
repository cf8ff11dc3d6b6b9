package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

class CaptureImportTest {

    @Test
    void dump() throws Exception {
        for (String f : List.of("smtp-plain.pcap", "smtp-pipelining-dns.pcapng", "smtp-starttls.pcapng",
                "smtp-implicit-tls.pcapng")) {
            SimulationResult r = Fixtures.capture(f);
            System.out.println(TextTranscript.render(r));
        }
    }
}
