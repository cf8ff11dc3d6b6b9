package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The note under From when the sender is not a user of the world in use (a tester opened a live session, pressed Run
 * and read the submission server's 535 as a lesson on authentication): a note, not an error — Run still runs.
 */
class SenderNoteTest {
    @Test
    void aSenderWhoIsNotAUserOfTheWorldGetsANoteThatGoesWhenTheSenderIs() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("direct");
        ComposeViewModel c = vm.compose();
        assertThat(c.fromProperty().get()).isEqualTo("alice@example.org");
        assertThat(c.fromNoteProperty().get()).as("the world's own sender").isEmpty();
        c.fromProperty().set("carol@sender.test");
        assertThat(c.fromNoteProperty().get()).contains("not a user of this world").contains("535");
        assertThat(c.validate()).as("a note, not an error: Run runs").isTrue();
        c.fromProperty().set("Alice <ALICE@example.org>");
        assertThat(c.fromNoteProperty().get()).isEmpty();
        c.fromProperty().set("bob@example.net"); // a mailbox of the world: a user, who may log in
        assertThat(c.fromNoteProperty().get()).isEmpty();
        c.fromProperty().set("not an address");
        assertThat(c.fromNoteProperty().get()).as("Run says what is wrong with that").isEmpty();
    }

    @Test
    void theNoteFollowsTheWorldInUseAndIsSaidInTheWindowsLanguage() throws Exception {
        ComposeViewModel c = new ComposeViewModel();
        c.fromProperty().set("carol@sender.test");
        assertThat(c.fromNoteProperty().get()).as("no world known").isEmpty();
        World direct = new WorldLoader().load("direct");
        c.usersOf(direct::hasUser);
        assertThat(c.fromNoteProperty().get()).isNotEmpty();
        c.useMessages(ResourceBundle.getBundle("org.mailtrail.app.messages", Locale.GERMAN));
        assertThat(c.fromNoteProperty().get()).startsWith("kein Benutzer dieser Welt");
        c.usersOf(a -> a.equals("carol@sender.test")); // a world that has carol
        assertThat(c.fromNoteProperty().get()).isEmpty();
        c.usersOf(null);
        c.fromProperty().set("dave@elsewhere.test");
        assertThat(c.fromNoteProperty().get()).isEmpty();
    }

    @Test
    void aWorldsUsersAreItsMailboxesAndItsMailClientsUsers() throws Exception {
        World direct = new WorldLoader().load("direct");
        assertThat(direct.hasUser("alice@example.org")).isTrue();
        assertThat(direct.hasUser("Alice@EXAMPLE.org")).isTrue();
        assertThat(direct.hasUser("bob@example.net")).isTrue();
        assertThat(direct.hasUser("nobody@example.net")).isFalse();
        assertThat(direct.hasUser("carol@sender.test")).isFalse();
        assertThat(direct.hasUser("@example.net")).isFalse();
        assertThat(direct.hasUser("example.net")).isFalse();
        assertThat(direct.hasUser(null)).isFalse();
    }
}
