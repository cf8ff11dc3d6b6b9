package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** German is complete: every English text has a German one and nothing else. */
class BundlesTest {
    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = BundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/mailtrail/app/messages", "org/mailtrail/timeline/explanations"})
    void germanHasExactlyTheEnglishKeys(String base) throws IOException {
        Properties en = load(base + ".properties");
        Properties de = load(base + "_de.properties");
        assertThat(de.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String k : en.stringPropertyNames()) {
            if (!en.getProperty(k).isEmpty() && !k.endsWith(".prompt")) {
                assertThat(de.getProperty(k)).as(k).isNotBlank();
            }
        }
    }
}
