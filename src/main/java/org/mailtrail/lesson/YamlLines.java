package org.mailtrail.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line on which each field of a YAML document stands, by path ({@code checkpoints[2].before.kind}), so that
 * a problem found after parsing can still be reported as file:line (as world files are, docs/worlds.md).
 */
final class YamlLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {
    }

    /** The lines of a document that already parsed; a document that does not parse gives no lines. */
    static YamlLines of(String text) {
        YamlLines y = new YamlLines();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            if (p.nextToken() != null) {
                y.value(p, "");
            }
        } catch (IOException | RuntimeException e) {
            // the tree parser reports syntax errors with their own line; here there is nothing more to know
        }
        return y;
    }

    private void value(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                String child = path.isEmpty() ? f : path + "." + f;
                lines.put(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                value(p, child);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + i++ + "]";
                lines.put(child, p.currentTokenLocation().getLineNr());
                value(p, child);
            }
        }
    }

    /** The line of {@code path}, or of the nearest enclosing field that has one; 0 when none is known. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer n = lines.get(p);
            if (n != null) {
                return n;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("", 0);
            }
            p = p.substring(0, cut);
        }
    }
}
