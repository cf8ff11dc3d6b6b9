package org.mailtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every resource bundle under src/main/resources (a {@code NAME.properties} without a language suffix, found by
 * scanning, so a new feature's bundle is checked too) has a German, a French and a Spanish file that: is UTF-8 (as
 * {@code ResourceBundle} reads it since Java 9), has exactly the English file's keys, uses the same placeholders
 * ({@code {0}} of MessageFormat, {@code {name}} of the summary templates), loses no apostrophe to MessageFormat,
 * holds no common English word outside protocol text, and has no value that is still the English one word for word
 * unless it is protocol text or a word the language shares with English (listed below, each with its reason).
 */
class TranslatedBundlesTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern LANGUAGE_SUFFIX = Pattern.compile(".*_[a-z]{2}(_[A-Z]{2})?\\.properties");
    private static final Pattern PLACEHOLDERS = Pattern.compile("\\{([0-9]+|[A-Za-z][A-Za-z0-9]*)(,[^}]*)?}");

    /** Common English words, whole words, any case (German has "server", "was", "will", "die", "an", "in" too). */
    private static final String ENGLISH_WORDS = "the|and|is|are|of|with|from|to|message|delivered|failed"
            + "|sent|mail for|connection|not|for|your|this|that|which|when|has|have|were|could|would"
            + "|should|does|an email|goes|takes|no route|please|cannot|can't|there";

    /** Words of {@link #ENGLISH_WORDS} that are also words of a language: "message" is French ("le message"). */
    private static final Map<String, Set<String>> OWN_WORDS = Map.of("de", Set.of(), "fr", Set.of("message"),
            "es", Set.of("proxy.title")); // el proxy: the word Spanish uses

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
     * Keys whose value may be the English value: protocol text, a name, or a word the language uses as it is. Keep
     * these short; every entry says why.
     */
    private static final Map<String, Set<String>> SAME_AS_ENGLISH = Map.of(
            "de", Set.of(
                    "route.relay", // the relay route: "Relay" is the protocol's word (RFC 5321 §3.6) and German uses it
                    "server.title", "server.col.client", // Server and Client: the roles' names in German too
                    "lab.col.host", "lab.col.ports", "server.domains", // Host, Ports, Domains: network words German uses
                    "live.title", // Live: the mode's name, as on the toolbar
                    "pause", // Pause: the same word in German
                    "compose.cc.prompt", // (optional): the same word in German
                    "proxy.title", "proxy.col.client"), // Proxy and Client: the words German uses
            "fr", Set.of(
                    "route", "lab.col.route", // la route: the French word for a route
                    "compose.title", "server.col.messages", "message", // message(s): the French word
                    "server.col.client", // le client: the role's French name
                    "editor.worldDescription", // la description: the French word
                    "sessions", // la session: the French word
                    "lab.col.ports", // les ports: the French word
                    "pause", // la pause: the French word
                    "phase.port", // port {0}: "le port" is the French word
                    "proxy.title", "proxy.col.client", "proxy.col.messages"), // le proxy, le client, les messages
            "es", Set.of("proxy.title")); // el proxy: the word Spanish uses

    /**
     * Keys of messages.properties whose English text passes on an English reason from the command line's checks
     * ({1} or {2}, see the file's comments): a translation says the problem in its own words and leaves that
     * argument out; it may use {0}, what was typed. Key to the English argument's index.
     */
    private static final Map<String, Integer> ENGLISH_ARGUMENT = Map.of("compose.error.address.invalid", 2,
            "live.error.dns", 1, "live.error.smarthost", 1, "live.error.port", 1, "live.error.user", 1,
            "server.error.listen.address", 1);

    static final List<String> LANGUAGES = List.of("de", "fr", "es");

    @Test
    void theScanFindsTheBundles() throws IOException {
        assertThat(baseBundles()).extracting(p -> RESOURCES.relativize(p).toString().replace('\\', '/'))
                .contains("org/mailtrail/app/messages.properties", "org/mailtrail/app/codes.properties",
                        "org/mailtrail/timeline/explanations.properties", "org/mailtrail/timeline/summaries.properties",
                        "org/mailtrail/timeline/phases.properties", "org/mailtrail/timeline/detaillines.properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void everyBundleHasExactlyTheEnglishKeysAndPlaceholders(String lang) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path base : baseBundles()) {
            Path tr = translation(base, lang);
            if (!Files.exists(tr)) {
                problems.add(RESOURCES.relativize(tr) + ": missing");
                continue;
            }
            Properties english = load(base);
            Properties translated = load(tr);
            // codes.properties holds no English (it comes from the SMTP core): German, checked by CodesTest, is the model
            Properties model = english.isEmpty() ? load(translation(base, "de")) : english;
            Set<String> missing = new TreeSet<>(model.stringPropertyNames());
            missing.removeAll(translated.stringPropertyNames());
            Set<String> extra = new TreeSet<>(translated.stringPropertyNames());
            extra.removeAll(model.stringPropertyNames());
            if (!missing.isEmpty() || !extra.isEmpty()) {
                problems.add(RESOURCES.relativize(tr) + ": missing " + missing + ", not in English " + extra);
            }
            for (String key : new TreeSet<>(translated.stringPropertyNames())) {
                String value = translated.getProperty(key);
                if (value.isBlank() && !model.getProperty(key, "").isBlank() && !key.endsWith(".prompt")) {
                    problems.add(RESOURCES.relativize(tr) + ": " + key + " is empty");
                }
                if (english.containsKey(key) && !placeholdersFit(key, english.getProperty(key), value)) {
                    problems.add(RESOURCES.relativize(tr) + ": " + key + " has placeholders " + placeholders(value)
                            + ", English " + placeholders(english.getProperty(key)));
                }
                if (losesApostrophes(value)) {
                    problems.add(RESOURCES.relativize(tr) + ": " + key + " loses an apostrophe in MessageFormat "
                            + "(write '' or ’): " + value);
                }
            }
        }
        assertThat(problems).as("bundles in %s", lang).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void noValueHoldsEnglishWords(String lang) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path base : baseBundles()) {
            Path tr = translation(base, lang);
            if (!Files.exists(tr)) {
                continue; // said by the keys test
            }
            Properties p = load(tr);
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                String english = englishWords(p.getProperty(key), lang);
                if (english != null) {
                    problems.add(RESOURCES.relativize(tr) + ": " + key + " = " + p.getProperty(key) + "  <- \"" + english
                            + "\"");
                }
            }
        }
        assertThat(problems).as("%s values with English words", lang).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void noValueIsStillItsEnglishValue(String lang) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path base : baseBundles()) {
            Path tr = translation(base, lang);
            if (!Files.exists(tr)) {
                continue;
            }
            Properties english = load(base);
            Properties translated = load(tr);
            for (String key : new TreeSet<>(translated.stringPropertyNames())) {
                String t = translated.getProperty(key);
                if (t.equals(english.getProperty(key)) && hasWords(t) && !SAME_AS_ENGLISH.get(lang).contains(key)) {
                    problems.add(RESOURCES.relativize(tr) + ": " + key + " = " + t);
                }
            }
        }
        assertThat(problems).as("%s values that are still the English ones", lang).isEmpty();
    }

    @Test
    void theChecksFindWhatTheyLookFor() {
        assertThat(englishWords("The message was delivered to {0}", "de")).isNotNull();
        assertThat(englishWords("Mail for example.net goes to mx1.example.net", "fr")).isNotNull();
        assertThat(englishWords("Connection refused", "es")).isNotNull();
        assertThat(englishWords("Die Nachricht ist zugestellt", "de")).isNull();
        assertThat(englishWords("Le message est remis dans la boîte aux lettres", "fr")).isNull();
        assertThat(englishWords("El mensaje se ha entregado en el buzón", "es")).isNull();
        assertThat(englishWords("Der Client sendet MAIL FROM:<alice@example.org> und RCPT TO:<bob@example.net>", "de"))
                .isNull();
        assertThat(englishWords("Réponse \"250 OK\" à DATA, voir RFC 5321 §4.1.1.4 et {0}", "fr")).isNull();
        assertThat(englishWords("{source} añade una cabecera Received:", "es")).isNull();
        assertThat(hasWords("TCP/TLS · {0}")).isFalse();
        assertThat(hasWords("Sent")).isTrue();
        assertThat(losesApostrophes("L'objet de {0}")).isTrue();
        assertThat(losesApostrophes("L''objet de {0}")).isFalse();
        assertThat(losesApostrophes("L’objet de {0}")).isFalse();
        assertThat(placeholdersFit("k", "Step {0} of {1}", "Étape {0} sur {1}")).isTrue();
        assertThat(placeholdersFit("k", "Step {0} of {1}", "Étape {0}")).isFalse();
        assertThat(placeholdersFit("k", "TCP SYN to {destination}", "TCP SYN vers {destinataire}")).isFalse();
        assertThat(placeholdersFit("live.error.dns", "{1}", "Serveur DNS : « {0} » n’est pas une adresse IP")).isTrue();
        assertThat(placeholdersFit("live.error.dns", "{1}", "Serveur DNS : {1}")).isFalse();
    }

    /** The first English word in {@code value} outside protocol text, or null. */
    static String englishWords(String value, String lang) {
        List<String> words = new ArrayList<>(List.of(ENGLISH_WORDS.split("\\|")));
        words.removeAll(OWN_WORDS.get(lang));
        Matcher m = Pattern.compile("(?i)\\b(" + String.join("|", words) + ")\\b").matcher(withoutProtocolText(value));
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

    static Set<String> placeholders(String value) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDERS.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The same placeholders as the English; where the English passes on an English reason, none but {0} and the rest. */
    static boolean placeholdersFit(String key, String english, String translated) {
        Set<String> en = placeholders(english);
        Set<String> tr = placeholders(translated);
        Integer englishArgument = ENGLISH_ARGUMENT.get(key);
        if (englishArgument == null) {
            return en.equals(tr);
        }
        Set<String> allowed = new TreeSet<>(en);
        allowed.add("0");
        allowed.remove(englishArgument.toString());
        return allowed.containsAll(tr);
    }

    /**
     * True when {@code value} has numbered placeholders (so it is a MessageFormat pattern) and formatting it drops an
     * apostrophe: a single ' quotes text in MessageFormat and disappears; '' gives one.
     */
    static boolean losesApostrophes(String value) {
        if (!Pattern.compile("\\{[0-9]").matcher(value).find()) {
            return false;
        }
        Object[] args = new Object[10];
        for (int i = 0; i < args.length; i++) {
            args[i] = 2; // a number: fits a plain {0} as well as a {0,choice,…} (a count with its plural)
        }
        String out;
        try {
            out = new MessageFormat(value, Locale.ROOT).format(args);
        } catch (IllegalArgumentException e) {
            return true;
        }
        return count(out, '\'') != count(value.replace("''", "'"), '\'') || !placeholders(out).isEmpty();
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    private static Path translation(Path base, String lang) {
        return base.resolveSibling(base.getFileName().toString().replace(".properties", "_" + lang + ".properties"));
    }

    static List<Path> baseBundles() throws IOException {
        try (Stream<Path> s = Files.walk(RESOURCES)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(".properties"))
                    .filter(p -> !LANGUAGE_SUFFIX.matcher(p.getFileName().toString()).matches()).sorted()
                    .collect(Collectors.toList());
            assertThat(out).isNotEmpty();
            return out;
        }
    }

    /** Read as ResourceBundle reads it: strict UTF-8 (a file that is not UTF-8 fails here). */
    private static Properties load(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(p + " is not UTF-8", e);
        }
        Properties props = new Properties();
        props.load(new StringReader(text));
        return props;
    }
}
