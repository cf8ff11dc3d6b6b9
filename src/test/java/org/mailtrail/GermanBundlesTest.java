package org.mailtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The German bundles say everything in German: no value holds common English words once protocol text (commands,
 * replies, header names, quoted text, addresses, host names, RFC references, placeholders) is taken out, and no
 * value is its English value word for word unless it is protocol text listed below.
 */
class GermanBundlesTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    /**
     * Common English words, whole words, any case. Left out because German has them too: "server" (der Server),
     * "was" (what), "will" (wants), "die", "an", "in".
     */
    static final Pattern ENGLISH = Pattern.compile("(?i)\\b(the|and|is|are|of|with|from|to|message|delivered|failed"
            + "|sent|mail for|connection|not|for|your|this|that|which|when|has|have|were|could|would"
            + "|should|does|an email|goes|takes|no route|please|cannot|can't|there)\\b");

    /** Protocol text and other text that is the same in every language. */
    private static final List<Pattern> PROTOCOL = List.of(
            Pattern.compile("\"[^\"]*\"|„[^“]*“|«[^»]*»|`[^`]*`|'[^' ]{2,}[^']*'"), // quoted text
            Pattern.compile("<[^>]*>"), // addresses and paths: MAIL FROM:<>
            Pattern.compile("\\{[^}]*}"), // placeholders: {0}, {destination}
            Pattern.compile("\\bRFC ?\\d+( ?§ ?[\\d.]+)?"), // RFC references
            Pattern.compile("[\\w.+-]+@[\\w.-]+"), // mail addresses
            Pattern.compile("\\b[\\w-]+(\\.[\\w-]+)+\\.?"), // host names, addresses, file names
            Pattern.compile("\\b(MAIL FROM|RCPT TO|EHLO|HELO|DATA|QUIT|RSET|NOOP|VRFY|STARTTLS|AUTH|LOGIN|PLAIN|USER"
                    + "|PASS|STLS|CAPA|CAPABILITY|SELECT|FETCH|LOGOUT|RETR|LIST|STAT|DELE|UIDL|TOP|UID|SEARCH|IDLE"
                    + "|EXAMINE|STORE|EXPUNGE|CLOSE|NOOP)\\b"), // command words, upper case only
            Pattern.compile("\\b[A-Z][A-Za-z-]*:"), // header names (Received:, Return-Path:) and prefixes (C:, S:)
            Pattern.compile("\\b[A-Z0-9]{2,}\\b")); // other all-capital words: acronyms, reply words (NXDOMAIN)

    /**
     * Keys whose German value may be the English value: both are protocol text, a name or a word German uses as it
     * is. Keep it short; every entry says why.
     */
    private static final Set<String> SAME_IN_GERMAN = Set.of(
            // values without a word of three letters or more (SMTP, {0}, TCP/TLS) need no entry
            "route.relay", // the relay route: "Relay" is the protocol's word (RFC 5321 §3.6) and German uses it
            "server.title", "server.col.client", // Server and Client: the roles' names in German too
            "lab.col.host", "lab.col.ports", "server.domains", // Host, Ports, Domains: network words German uses
            "live.title", // Live: the mode's name, as on the toolbar
            "pause", // Pause: the same word in German
            "compose.cc.prompt"); // (optional): the same word in German

    @Test
    void noGermanValueHoldsEnglishWords() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path de : germanBundles()) {
            Properties p = load(de);
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                String english = englishWords(p.getProperty(key));
                if (english != null) {
                    problems.add(RESOURCES.relativize(de) + ": " + key + " = " + p.getProperty(key) + "  <- \""
                            + english + "\"");
                }
            }
        }
        assertThat(problems).as("German values with English words").isEmpty();
    }

    @Test
    void noGermanValueIsItsEnglishValue() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path de : germanBundles()) {
            Path en = de.resolveSibling(de.getFileName().toString().replace("_de.properties", ".properties"));
            Properties german = load(de);
            Properties english = Files.exists(en) ? load(en) : new Properties();
            for (String key : new TreeSet<>(german.stringPropertyNames())) {
                String g = german.getProperty(key);
                if (g.equals(english.getProperty(key)) && hasWords(g) && !SAME_IN_GERMAN.contains(key)) {
                    problems.add(RESOURCES.relativize(de) + ": " + key + " = " + g);
                }
            }
        }
        assertThat(problems).as("German values that are still the English ones").isEmpty();
    }

    @Test
    void theCheckFindsEnglish() {
        assertThat(englishWords("The message was delivered to {0}")).isNotNull();
        assertThat(englishWords("Mail for example.net goes to mx1.example.net")).isNotNull();
        assertThat(englishWords("Connection refused")).isNotNull();
        assertThat(englishWords("Die Nachricht ist zugestellt")).isNull();
        assertThat(englishWords("Der Client sendet MAIL FROM:<alice@example.org> und RCPT TO:<bob@example.net>"))
                .isNull();
        assertThat(englishWords("Antwort \"250 OK\" auf DATA, siehe RFC 5321 §4.1.1.4 und {0}")).isNull();
        assertThat(englishWords("{source} fügt eine Received:-Kopfzeile hinzu")).isNull();
        assertThat(hasWords("TCP/TLS · {0}")).isFalse();
        assertThat(hasWords("Sent")).isTrue();
    }

    /** The first English word in {@code value} outside protocol text, or null. */
    static String englishWords(String value) {
        Matcher m = ENGLISH.matcher(withoutProtocolText(value));
        return m.find() ? m.group() : null;
    }

    static String withoutProtocolText(String value) {
        String s = value;
        for (Pattern p : PROTOCOL) {
            s = p.matcher(s).replaceAll(" ");
        }
        return s;
    }

    /** True when {@code value} has a word of three letters or more that is not protocol text. */
    private static boolean hasWords(String value) {
        return Pattern.compile("\\p{Ll}{3,}|\\p{Lu}\\p{Ll}{2,}").matcher(withoutProtocolText(value)).find();
    }

    private static List<Path> germanBundles() throws IOException {
        try (Stream<Path> s = Files.walk(RESOURCES)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith("_de.properties")).sorted()
                    .collect(Collectors.toList());
            assertThat(out).isNotEmpty();
            return out;
        }
    }

    private static Properties load(Path p) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(p)) {
            props.load(in);
        }
        return props;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
