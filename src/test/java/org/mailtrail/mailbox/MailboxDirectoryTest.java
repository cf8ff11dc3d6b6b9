package org.mailtrail.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxDirectoryTest {

    @Test
    void loginByAddressOrLocalPartInAnyCase() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("Bob@Example.net", "s3cret");
        Maildrop drop = dir.maildrop("bob@example.net");
        assertThat(dir.login("bob@example.net", "s3cret")).isSameAs(drop);
        assertThat(dir.login("BOB@EXAMPLE.NET", "s3cret")).isSameAs(drop);
        assertThat(dir.login("bob", "s3cret")).isSameAs(drop);
        assertThat(dir.login("Bob", "s3cret")).isSameAs(drop);
    }

    @Test
    void refusesWrongPasswordsAndUnknownUsers() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        assertThat(dir.login("bob", "S3CRET")).isNull();
        assertThat(dir.login("bob", "s3cre")).isNull();
        assertThat(dir.login("bob", "")).isNull();
        assertThat(dir.login("alice", "s3cret")).isNull();
        assertThat(dir.login("example.net", "s3cret")).isNull();
        assertThat(dir.login("bob@example", "s3cret")).isNull();
        assertThat(dir.login(null, "s3cret")).isNull();
        assertThat(dir.login("bob", null)).isNull();
        assertThat(dir.login("", "s3cret")).isNull();
    }

    @Test
    void deliveryMaildropsExistBeforeTheUserAndNobodyLogsInToThem() {
        MailboxDirectory dir = new MailboxDirectory();
        Maildrop drop = dir.maildrop("carol@example.net");
        drop.append("x".getBytes(UTF_8));
        assertThat(dir.maildrop("CAROL@example.net")).isSameAs(drop);
        assertThat(dir.users()).isEmpty();
        assertThat(dir.login("carol", "")).isNull();
        dir.addUser("carol@example.net", "pw");
        assertThat(dir.login("carol", "pw")).isSameAs(drop);
        assertThat(drop.messages()).hasSize(1);
    }

    @Test
    void addUserAgainChangesThePassword() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "old");
        Maildrop drop = dir.maildrop("bob@example.net");
        dir.addUser("bob@example.net", "new");
        assertThat(dir.login("bob", "old")).isNull();
        assertThat(dir.login("bob", "new")).isSameAs(drop);
    }

    @Test
    void sameLocalPartInTwoDomainsIsToldApartByPasswordOrFullAddress() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "one");
        dir.addUser("bob@example.org", "two");
        assertThat(dir.login("bob", "one")).isSameAs(dir.maildrop("bob@example.net"));
        assertThat(dir.login("bob", "two")).isSameAs(dir.maildrop("bob@example.org"));
        assertThat(dir.login("bob@example.org", "one")).isNull();
        assertThat(dir.maildrop("bob@example.net")).isNotSameAs(dir.maildrop("bob@example.org"));
    }

    @Test
    void usersAreLowerCasedAndSorted() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("zed@example.net", "a");
        dir.addUser("Amy@Example.net", "b");
        dir.maildrop("nobody@example.net");
        assertThat(dir.users()).containsExactly("amy@example.net", "zed@example.net");
        assertThatThrownBy(() -> dir.users().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesWhatIsNoAddress() {
        MailboxDirectory dir = new MailboxDirectory();
        assertThatThrownBy(() -> dir.addUser("bob", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.addUser("@example.net", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.addUser("bob@", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.addUser(null, "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.addUser("bob@example.net", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.maildrop("bob")).isInstanceOf(IllegalArgumentException.class);
        dir.addUser("a@b", "pw");
        assertThat(dir.users()).containsExactly("a@b");
    }
}
