package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.smtp.Reply;
import org.mailtrail.world.Host;

/** What a host's server answers to RCPT, independent of transport. */
class ReceivingPolicyTest {

    private static Host mx(List<String> mailboxes) {
        return new Host("mx1.example.net", null, "192.0.2.4", List.of(), null, List.of("example.net", "example.com"),
                mailboxes, null, null, List.of(), null);
    }

    private static Reply rcpt(Host h, String recipient) {
        return new ReceivingPolicy(h, "relay.example.org", "192.0.2.3", null, null).onRcpt("alice@example.org", recipient);
    }

    @Test
    void domainLessPostmasterIsAcceptedWhenTheHostHasOne() {
        Host h = mx(List.of("bob", "postmaster"));
        assertThat(rcpt(h, "postmaster").code()).isEqualTo(250);
        assertThat(rcpt(h, "PostMaster").code()).isEqualTo(250);
    }

    @Test
    void domainLessRecipientWithoutMailboxIsA550NotACrash() {
        Host h = mx(List.of("bob"));
        Reply r = rcpt(h, "postmaster");
        assertThat(r.code()).isEqualTo(550);
        assertThat(r.enhancedStatus()).isPresent();
        assertThat(r.enhancedStatus().get().toString()).contains("5.1.1");
        assertThat(rcpt(mx(List.of("bob", "postmaster")), "bob").code()).isEqualTo(550);
    }
}
