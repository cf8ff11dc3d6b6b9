package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailtrail.smtp.Reply;

/** Replies that mark a moment of the session are explained as that moment, not only as "the command succeeded". */
class ReplyMomentsTest {
    @Test
    void theGreetingTheTlsGoAheadTheTakeOverAndTheGoodbyeHaveKeysOfTheirOwn() {
        assertThat(SmtpSteps.replyKey(Reply.of(220, "mx1.example.net ESMTP Postfix"))).isEqualTo("smtp.reply.greeting");
        assertThat(SmtpSteps.replyKey(Reply.of(220, "2.0.0 Ready to start TLS"))).isEqualTo("smtp.reply.tls-ready");
        assertThat(SmtpSteps.replyKey(Reply.of(250, "2.0.0 Ok: queued as 680190E572"))).isEqualTo("smtp.reply.queued");
        assertThat(SmtpSteps.replyKey(Reply.of(221, "2.0.0 Bye"))).isEqualTo("smtp.reply.closing");
        // an ordinary success stays one
        assertThat(SmtpSteps.replyKey(Reply.of(250, "2.1.0 Ok"))).isEqualTo("smtp.reply.2xx");
        assertThat(SmtpSteps.replyRfc(Reply.of(221, "2.0.0 Bye"))).isEqualTo("RFC 5321 §4.1.1.10");
        assertThat(SmtpSteps.replyRfc(Reply.of(250, "2.1.0 Ok"))).isEqualTo("RFC 5321 §4.2");
    }
}
