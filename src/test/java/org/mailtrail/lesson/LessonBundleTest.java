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
        Properties p = new Properties();
        try (InputStream in = LessonBundleTest.class.getResourceAsStream("/org/mailtrail/lesson/lesson" + suffix
                + ".properties")) {
            assertThat(in).as("lesson" + suffix).isNotNull();
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
}
