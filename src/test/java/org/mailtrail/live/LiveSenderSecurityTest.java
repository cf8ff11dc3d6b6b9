package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.TlsMode;

/** TLS or AUTH that cannot be had as asked is a local problem (exit 3, nothing sent), never a bounce (exit 5). */
class LiveSenderSecurityTest {
    private LoopbackLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
    }

    private static RecipientOutcome outcome(LiveResult r) {
        return r.session().journeys().get(0).outcomes().get("bob@example.test");
    }

    @Test
    void requiredTlsThatIsNotOfferedExitsThree() throws Exception {
        // implicit.example.test has one exchanger (its own address): plain SMTP, no STARTTLS on offer
        GreenMail mx = lab.greenMail("127.0.0.3");
        LiveResult r = new LiveSender(lab.direct(TlsMode.REQUIRE, "bob@implicit.example.test"), new LiveRecorder(), null)
                .run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(mx.getReceivedMessages()).isEmpty();
        RecipientOutcome o = r.session().journeys().get(0).outcomes().get("bob@implicit.example.test");
        assertThat(o.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(o.detail()).contains("not sent: TLS required but the server does not offer STARTTLS");
    }

    @Test
    void credentialsWithoutTlsOnOfferAreNotABounce() throws Exception {
        GreenMail smart = lab.greenMail("127.0.0.2");
        LiveResult r = new LiveSender(lab.viaSmartHost("127.0.0.2", lab.port, TlsMode.AUTO, List.of(),
                new Credentials("alice", "s3cret"), false, "bob@example.test"), new LiveRecorder(), null).run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(smart.getReceivedMessages()).isEmpty();
        assertThat(outcome(r).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcome(r).detail()).contains("not sent:");
    }
}
