package org.mailtrail.world;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error said in the words of someone who writes world and lesson files by hand: where (line and
 * column), what was wrong, and where the construct it belongs to began ("in the { … } opened at line 3, column
 * 11") — not the parser's text with its tokens ({@code <scalar>}, {@code <block end>}) and its copy of the line.
 */
public final class YamlProblem {
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("<scalar>", "a value"),
            Map.entry("<block end>", "the end of an indented block"),
            Map.entry("<block mapping start>", "a new 'key: value' block"),
            Map.entry("<block sequence start>", "a new list"),
            Map.entry("<block entry>", "a list item ('- ')"),
            Map.entry("<flow mapping start>", "'{'"),
            Map.entry("<flow mapping end>", "'}'"),
            Map.entry("<flow sequence start>", "'['"),
            Map.entry("<flow sequence end>", "']'"),
            Map.entry("<flow entry>", "','"),
            Map.entry("<key>", "a key"),
            Map.entry("<value>", "':'"),
            Map.entry("<stream end>", "the end of the file"),
            Map.entry("<document start>", "'---'"),
            Map.entry("<document end>", "'...'"),
            Map.entry("<anchor>", "an anchor ('&')"),
            Map.entry("<alias>", "an alias ('*')"),
            Map.entry("<tag>", "a tag ('!')"));

    private YamlProblem() {
    }

    /** The line of the problem (from 1), 0 when unknown. */
    public static int line(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && unclosedQuote(m)) {
            return m.getContextMark().getLine() + 1; // where the quote opens, not the end of the file
        }
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return m.getProblemMark().getLine() + 1;
        }
        JsonLocation loc = e.getLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNr());
    }

    /** What is wrong, without the file name and line (the caller's exception carries those). */
    public static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && unclosedQuote(m)) {
            return "YAML syntax: column " + (m.getContextMark().getColumn() + 1) + ": the quote that opens here is never"
                    + " closed (the file ends at line " + (m.getProblemMark().getLine() + 1) + ")";
        }
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
            StringBuilder b = new StringBuilder("YAML syntax: ");
            Mark at = m.getProblemMark();
            if (at != null) {
                b.append("column ").append(at.getColumn() + 1).append(": ");
            }
            b.append(words(m.getProblem()));
            if (m.getContext() != null && !m.getContext().contains("for the next token")) {
                b.append(" (").append(context(m.getContext()));
                Mark from = m.getContextMark();
                if (from != null) {
                    b.append(" that begins at line ").append(from.getLine() + 1).append(", column ")
                            .append(from.getColumn() + 1);
                }
                b.append(')');
            }
            return b.toString();
        }
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    /** A quoted value that runs to the end of the file: said where it opens. */
    private static boolean unclosedQuote(MarkedYAMLException m) {
        return m.getProblem() != null && m.getProblem().strip().startsWith("found unexpected end of stream")
                && m.getContext() != null && m.getContext().contains("quoted scalar") && m.getContextMark() != null
                && m.getProblemMark() != null;
    }

    private static String words(String problem) {
        String p = problem.strip();
        if (p.startsWith("mapping values are not allowed here")) {
            return "a ':' is not allowed here (a value that holds ': ' goes in quotes; a nested mapping starts on a new,"
                    + " indented line)";
        }
        if (p.contains("(TAB)")) {
            return "a tab; YAML indents with spaces only";
        }
        if (p.startsWith("found unexpected end of stream")) {
            return "the file ends here";
        }
        for (Map.Entry<String, String> t : TOKENS.entrySet()) {
            p = p.replace(t.getKey(), t.getValue());
        }
        p = p.replace("but got", "but found");
        // SnakeYAML names punctuation tokens bare ("but got :"); quoted they read as characters
        java.util.regex.Matcher bare = java.util.regex.Pattern.compile("but found ([-:,?{}\\[\\]])$").matcher(p);
        if (bare.find()) {
            String t = bare.group(1);
            p = p.substring(0, bare.start()) + "but found " + (t.equals("-") ? "a list item ('- ')" : "'" + t + "'");
        }
        return p;
    }

    private static String context(String context) {
        String c = context.strip();
        if (c.startsWith("while parsing a flow mapping")) {
            return "in the { … } mapping";
        }
        if (c.startsWith("while parsing a flow sequence")) {
            return "in the [ … ] list";
        }
        if (c.startsWith("while parsing a block mapping")) {
            return "in the 'key: value' block";
        }
        if (c.startsWith("while parsing a block collection")) {
            return "in the list";
        }
        if (c.startsWith("while scanning a quoted scalar")) {
            return "in the quoted text";
        }
        if (c.startsWith("while scanning a simple key")) {
            return "in the key";
        }
        return c.replaceFirst("^while (parsing|scanning) ", "in ");
    }
}
