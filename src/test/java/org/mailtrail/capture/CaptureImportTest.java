package org.mailtrail.capture;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.TextTranscript;

class CaptureImportTest {

    @Test
    void dump() throws Exception {
        for (String f : List.of("swaks-starttls.txt", "smtplib-debug.txt")) {
            Path p = Path.of("src/test/resources/org/mailtrail/capture", f);
            SimulationResult r = SessionFiles.read(p, SessionFiles.kind(p));
            System.out.println(TextTranscript.render(r));
        }
    }
}
