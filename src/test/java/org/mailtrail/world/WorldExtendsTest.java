package org.mailtrail.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extends: builtin:NAME} and {@code ~} removing a base value (docs/worlds.md), as the world editor writes them. */
class WorldExtendsTest {

    @Test
    void aUsersFileExtendsABuiltInWorld(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, """
                extends: builtin:world
                name: mine
                hosts:
                  - name: mail.example.org
                    smartHost: ~
                  - name: legacy.example.net
                    remove: true
                """);
        World w = new WorldLoader().load(f.toString());
        assertThat(w.name()).isEqualTo("mine");
        assertThat(w.host("mail.example.org").orElseThrow().smartHost()).as("~ removes the base's value").isNull();
        assertThat(w.host("mail.example.org").orElseThrow().localDomains()).containsExactly("example.org");
        assertThat(w.host("legacy.example.net")).isEmpty();
        assertThat(w.zones().zones()).hasSize(4); // the base's zone file, named relative to the base
    }

    @Test
    void anUnknownBaseIsReportedAtTheLineOfExtends(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, "# a world\nname: mine\nextends: builtin:nowhere\n");
        assertThatThrownBy(() -> new WorldLoader().load(f.toString())).isInstanceOf(WorldException.class)
                .hasMessage(f + ":3: extends: no built-in world 'nowhere'; the built-in worlds are world, direct, relay, "
                        + "backup-mx, implicit-mx, null-mx, unknown-user, relay-denied, greylisting, nxdomain, multi-domain, "
                        + "historic-relay");
        Files.writeString(f, "name: mine\nextends: missing.yaml\n");
        assertThatThrownBy(() -> new WorldLoader().load(f.toString())).isInstanceOf(WorldException.class)
                .hasMessageStartingWith(f + ":2: extends: no such file 'missing.yaml'");
    }

    @Test
    void aDraftChecksWithTheLoadersMessages() throws Exception {
        WorldDraft d = WorldDraft.open(new WorldLoader(), new WorldSource.BuiltIn("assets/scenarios/direct.yaml"));
        WorldDraft bad = d.withHost("mx1.example.net", h -> h.put("role", "router"));
        assertThatThrownBy(() -> bad.check(new WorldLoader())).isInstanceOf(WorldException.class).hasMessage(
                "editor/direct.yaml: hosts[3] (mx1.example.net): role must be one of mua, submission, relay, mx, mailbox, "
                        + "not 'router'");
        assertThat(d.check(new WorldLoader()).host("mx1.example.net")).isPresent();
    }

    @Test
    void aValueOfTheWrongKindIsSaidInTheWordsOfTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, "extends: builtin:world\nname: w\nhosts:\n  mx1.example.net:\n    role: mx\n");
        assertThatThrownBy(() -> new WorldLoader().load(f.toString())).isInstanceOf(WorldException.class)
                .hasMessageEndingWith("wrong kind of value at hosts: expected a list (one '- ' item per line), found a"
                        + " mapping (key: value)")
                .hasMessageNotContaining("java.").hasMessageNotContaining("JsonToken");
        Files.writeString(f, "extends: builtin:world\nname: w\nseed: many\n");
        assertThatThrownBy(() -> new WorldLoader().load(f.toString()))
                .hasMessageEndingWith("wrong kind of value at seed: expected a number, found a text");
    }

    @Test
    void aRemovedHostTakesTheBasesLinksToItAlong(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, "extends: builtin:world\nname: w\nhosts:\n  - name: mx1.example.net\n    remove: true\n");
        World w = new WorldLoader().load(f.toString());
        assertThat(w.host("mx1.example.net")).isEmpty();
        assertThat(w.host("mail.example.org")).isPresent();
    }
}
