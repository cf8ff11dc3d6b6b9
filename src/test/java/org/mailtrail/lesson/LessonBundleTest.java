package org.mailtrail.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lesson bundle: every key in every language, and no English left where a translation belongs. */
class LessonBundleTest {
    /** Values that are rightly the same as in English: "Name:" is German too. */
    private static final Set<String> SAME = Set.of("_de sheet.name");

    private static Properties load(String suffix) throws Exception {
        return load("/org/mailtrail/lesson/lesson", suffix);
    }

    private static Properties load(String base, String suffix) throws Exception {
        Properties p = new Properties();
        try (InputStream in = LessonBundleTest.class.getResourceAsStream(base + suffix + ".properties")) {
            assertThat(in).as(base + suffix).isNotNull();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"_de", "_fr", "_es"})
    void everyKeyTranslated(String suffix) throws Exception {
        Properties en = load("");
        Properties other = load(suffix);
        assertThat(other.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
        for (String k : en.stringPropertyNames()) {
            if (!SAME.contains(suffix + " " + k)) {
                assertThat(other.getProperty(k)).as(suffix + " " + k).isNotEqualTo(en.getProperty(k)).isNotBlank();
            }
        }
    }

    /**
     * Found by a tester: in French the lesson's "Checkpoint 2 of 7" was "Étape 2 sur 7", right above the status bar's
     * step counter "Étape 1 sur 81". The two counters begin with different words in every language.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "_de", "_fr", "_es"})
    void theCheckpointCounterIsNotCalledAStep(String suffix) throws Exception {
        String checkpoint = load(suffix).getProperty("bar.progress");
        String step = load("/org/mailtrail/app/messages", suffix).getProperty("status.step");
        String word = step.substring(0, step.indexOf(" {0}"));
        assertThat(checkpoint).as(suffix).doesNotStartWith(word);
        assertThat(load(suffix).getProperty("bar.sofar")).as(suffix).startsWith(checkpoint.substring(0,
                checkpoint.indexOf(" {0}")));
    }
}
