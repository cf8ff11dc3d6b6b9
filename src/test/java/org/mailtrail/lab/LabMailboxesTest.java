package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.Maildrop;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The lab's mailboxes exist, empty, before any mail arrives. */
class LabMailboxesTest {

    @Test
    void everyWorldMailboxCanLogInBeforeItsFirstMail() throws Exception {
        World w = new WorldLoader().load("direct");
        LabMailboxes boxes = new LabMailboxes(w.users());
        boxes.createAll(w);
        Maildrop drop = boxes.access("imap.example.net").login("bob@example.net", w.users().passwordOf("bob@example.net"));
        assertThat(drop).isNotNull();
        assertThat(drop.messages()).isEmpty();
        assertThat(boxes.access("imap.example.net").login("bob", w.users().passwordOf("bob@example.net"))).isNotNull();
    }
}
