package org.mailtrail.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorldLoaderTest {
    @TempDir
    Path dir;

    private final WorldLoader loader = new WorldLoader();

    static java.util.List<String> builtIns() {
        return WorldLoader.BUILT_IN;
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInScenarioLoads(String name) throws WorldException {
        World w = loader.load(name);
        assertThat(w.name()).isEqualTo(name);
        assertThat(w.description()).isNotBlank();
        assertThat(w.hosts()).extracting(Host::role).contains(Role.MUA, Role.SUBMISSION, Role.RELAY, Role.MX);
    }

    @Test
    void defaultWorldHasTheSpecifiedPeopleAndTwoMxOfDifferentPreference() throws WorldException {
        World w = loader.load("direct");
        assertThat(w.defaults().from()).isEqualTo("alice@example.org");
        assertThat(w.defaults().to()).containsExactly("bob@example.net");
        assertThat(w.host("mx1.example.net")).get().extracting(Host::address).isEqualTo("198.51.100.10");
        assertThat(w.host("mx2.example.net.")).isPresent();
        assertThat(w.host("relay.example.org")).get().extracting(Host::role).isEqualTo(Role.RELAY);
    }

    @Test
    void scenarioOverridesOnlyWhatItNames() throws WorldException {
        World w = loader.load("backup-mx");
        assertThat(w.host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        assertThat(w.host("mx2.example.net").orElseThrow().smtp().down()).isFalse();
        assertThat(w.host("mx1.example.net").orElseThrow().mailboxes()).contains("bob");
    }

    @Test
    void unknownScenarioNamesTheBuiltIns() {
        assertThatThrownBy(() -> loader.load("no-such-thing"))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("no-such-thing")
                .hasMessageContaining("backup-mx");
    }

    private Path world(String yaml) throws IOException {
        Files.writeString(dir.resolve("w.zone"), """
                $TTL 300
                $ORIGIN example.org.
                @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
                  IN NS ns1
                  IN MX 10 mail
                ns1 IN A 192.0.2.53
                mail IN A 192.0.2.25
                pc IN A 192.0.2.10
                """);
        Path p = dir.resolve("w.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: [unclosed\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOfSatisfying(WorldException.class, e -> {
                    assertThat(e.file()).isEqualTo(p.toString());
                    assertThat(e.line()).isBetween(4, 5);
                })
                .hasMessageStartingWith(p + ":");
    }

    @Test
    void misspelledFieldIsReportedWithItsPlace() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp: { dwn: true }\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("dwn")
                .hasMessageContaining("hosts[0]");
    }

    @Test
    void nullEntryInAHostListIsAWorldException() throws IOException {
        // found by WorldLoaderProperties (issue 16): a YAML null in mailboxes gave a NullPointerException
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    mailboxes: [alice, ~]\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining("hosts[0] (mail.example.org).mailboxes[1]")
                .hasMessageContaining("empty entry");
        // and an empty item in links.latencies
        Path q = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "  - name: pc.example.org\n    role: mua\n    user: alice@example.org\n"
                + "links:\n  latencies:\n    - \n");
        assertThatThrownBy(() -> loader.load(q.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("links.latencies[0]");
    }

    @Test
    void hostAndResolverAddressesMustBeIpAddresses() throws Exception {
        for (String bad : new String[] {"300.1.2.3", "192.0.2", "mail.example.org", "2001:db8::zz", "192.0.2.25 "}) {
            Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                    + "    address: '" + bad + "'\n");
            assertThatThrownBy(() -> loader.load(p.toString())).as(bad)
                    .isInstanceOf(WorldException.class)
                    .hasMessageStartingWith(p + ": hosts[0] (mail.example.org).address: '" + bad + "'")
                    .hasMessageContaining("is not an IP address");
        }
        String pc = "  - name: pc.example.org\n    role: mua\n    user: alice@example.org\n";
        Path dns = world("name: w\nzone: w.zone\ndns: {address: 192.0.2.300}\nhosts:\n  - name: mail.example.org\n"
                + "    role: submission\n" + pc);
        assertThatThrownBy(() -> loader.load(dns.toString())).isInstanceOf(WorldException.class)
                .hasMessageContaining("dns.address: '192.0.2.300' is not an IP address");
        Path v6 = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    address: '2001:db8::25'\n" + pc);
        assertThat(loader.load(v6.toString()).host("mail.example.org").orElseThrow().address()).isEqualTo("2001:db8::25");
    }

    @Test
    void unknownRoleIsReported() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: mailman\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("hosts[0] (mail.example.org)")
                .hasMessageContaining("mailman");
    }

    @Test
    void danglingHostReferenceIsReported() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smartHost: relay.example.org\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("smartHost")
                .hasMessageContaining("relay.example.org");
    }

    @Test
    void hostWithoutAddressAnywhereIsReported() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: ghost.example.org\n    role: relay\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("ghost.example.org")
                .hasMessageContaining("no 'address'");
    }

    @Test
    void brokenZoneFileIsReportedByZoneFileAndLine() throws IOException {
        Path p = world("name: w\nzone: bad.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n");
        Files.writeString(dir.resolve("bad.zone"), """
                $ORIGIN example.org.
                @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
                mail IN A 192.0.2.25
                oops IN A not-an-address
                """);
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOfSatisfying(WorldException.class, e -> {
                    assertThat(e.file()).endsWith("bad.zone");
                    assertThat(e.line()).isEqualTo(4);
                });
    }

    @Test
    void badConfiguredReplyIsReported() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp: { greeting: 'hello there' }\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("hello there")
                .hasMessageContaining("not an SMTP reply");
    }

    @Test
    void aQuotedValueWithALineBreakIsShownEscapedSoTheMessageStaysOneLine() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp: { greeting: \"220-multi\\r\\n250 x\\u0007\" }\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("'220-multi\\r\\n250 x\\u0007' is not an SMTP reply")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
    }

    @Test
    void dropAfterDataIsReadAndIsOffByDefault() throws Exception {
        Path p = dir.resolve("drop.yaml");
        Files.writeString(p, "extends: builtin:world\nname: drop\nhosts:\n  - name: mx1.example.net\n"
                + "    smtp: { dropAfterData: true }\n");
        World w = loader.load(p.toString());
        assertThat(w.host("mx1.example.net").orElseThrow().smtp().dropAfterData()).isTrue();
        assertThat(w.host("mx2.example.net").orElseThrow().smtp().dropAfterData()).isFalse();
        assertThat(loader.load("direct").host("mx1.example.net").orElseThrow().smtp().dropAfterData()).isFalse();
    }

    @Test
    void dropAfterDataThatIsNoBooleanIsReportedWithFileAndField() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp:\n      dropAfterData: sometimes\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("w.yaml")
                .hasMessageContaining("hosts[0].smtp.dropAfterData")
                .hasMessageContaining("expected true or false");
    }

    @Test
    void dropAfterDataCannotGoWithADataReply() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp: { dropAfterData: true, dataReply: '451 4.3.0 Try later' }\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("smtp.dropAfterData").hasMessageContaining("smtp.dataReply");
    }

    @Test
    void worldWithoutSubmissionServerIsRefused() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: pc.example.org\n    role: mua\n"
                + "    user: alice@example.org\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class).hasMessageContaining("role submission");
    }

    @Test
    void hostNameThatIsNotADomainIsRefused() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: relay one\n    role: relay\n"
                + "    address: 192.0.2.1\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class).hasMessageContaining("relay one").hasMessageContaining("host name");
    }

    @Test
    void softwareNameCannotCarryLineBreaks() throws IOException {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "    smtp: { software: \"Evil\\r\\nX-Injected: yes\" }\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class).hasMessageContaining("smtp.software");
    }

    @Test
    void extendsLoopIsStopped() throws IOException {
        Path p = world("extends: w.yaml\nname: w\n");
        assertThatThrownBy(() -> loader.load(p.toString()))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("extends");
    }

    @Test
    void addressComesFromTheZoneWhenNotGiven() throws Exception {
        Path p = world("name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n    role: submission\n"
                + "  - name: pc.example.org\n    role: mua\n    user: alice@example.org\n");
        World w = loader.load(p.toString());
        assertThat(w.host("pc.example.org").orElseThrow().address()).isEqualTo("192.0.2.10");
    }

    @Test
    void usersHaveTheLabPasswordUnlessTheWorldGivesThemOne() throws Exception {
        assertThat(loader.load("direct").users().passwordOf("bob@example.net")).isEqualTo("mailtrail");
        Path p = dir.resolve("pw.yaml");
        Files.writeString(p, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\n"
                + "users:\n  defaultPassword: classroom\n  passwords: { Bob@Example.NET: s3cret }\n");
        World w = loader.load(p.toString());
        assertThat(w.users().passwordOf("bob@example.net")).isEqualTo("s3cret");
        assertThat(w.users().passwordOf("BOB@example.net")).isEqualTo("s3cret");
        assertThat(w.users().passwordOf("carol@example.net")).isEqualTo("classroom");
    }

    @Test
    void aPasswordWithALineBreakOrAnAddressThatIsNoneIsRefusedWithItsField() throws Exception {
        Path p = dir.resolve("bad.yaml");
        String base = "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\n";
        Files.writeString(p, base + "users:\n  passwords: { bob@example.net: \"a\\r\\nRSET\" }\n");
        assertThatThrownBy(() -> loader.load(p.toString())).isInstanceOf(WorldException.class)
                .hasMessageContaining("users.passwords.bob@example.net").hasMessageContaining("one line");
        Files.writeString(p, base + "users:\n  passwords: { not-an-address: x }\n");
        assertThatThrownBy(() -> loader.load(p.toString())).isInstanceOf(WorldException.class)
                .hasMessageContaining("users.passwords.not-an-address");
    }

    @Test
    void titleAndDescriptionHaveTranslationsThatABaseDoesNotLendToAScenarioWithItsOwnWords() throws Exception {
        World relay = loader.load("relay");
        assertThat(relay.title(java.util.Locale.GERMAN)).isEqualTo("Weiterleitung über einen Smarthost");
        assertThat(relay.description(java.util.Locale.GERMAN)).startsWith("Der Einlieferungsserver");
        assertThat(relay.title(java.util.Locale.ENGLISH)).isEqualTo("Relaying through a smart host");
        assertThat(relay.title(java.util.Locale.FRENCH)).isEqualTo("Passage par un relais (smart host)");
        assertThat(relay.title(java.util.Locale.forLanguageTag("es"))).isEqualTo("Retransmisión a través de un smart host");
        assertThat(relay.title(java.util.Locale.ITALIAN)).isEqualTo(relay.title()); // no translation: the world's own
        for (String name : WorldLoader.BUILT_IN) {
            World b = loader.load(name);
            for (String lang : java.util.List.of("de", "fr", "es")) {
                java.util.Locale l = java.util.Locale.forLanguageTag(lang);
                if (!(name.equals("greylisting") && lang.equals("de"))) { // German says "Greylisting" too
                    assertThat(b.title(l)).as("%s in %s", name, lang).isNotEqualTo(b.title());
                }
                assertThat(b.description(l)).as("%s in %s", name, lang).isNotEqualTo(b.description());
            }
        }
        String base = "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\n";
        Path own = dir.resolve("own.yaml");
        Files.writeString(own, base + "name: own\ntitle: My own lesson\n");
        World w = loader.load(own.toString());
        // the default world's German title is not this world's
        assertThat(w.title(java.util.Locale.GERMAN)).isEqualTo("My own lesson");
        Path same = dir.resolve("same.yaml");
        Files.writeString(same, base + "name: same\n");
        assertThat(loader.load(same.toString()).title(java.util.Locale.GERMAN)).isEqualTo("Die Standardwelt");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, base + "translations:\n  german: { title: x }\n");
        assertThatThrownBy(() -> loader.load(bad.toString())).isInstanceOf(WorldException.class)
                .hasMessageContaining("'german' is not a language code");
    }
}
