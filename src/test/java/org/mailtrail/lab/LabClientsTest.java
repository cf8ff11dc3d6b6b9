package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * Real third-party clients in the lab (Angus Mail, the Jakarta Mail implementation): a message submitted from Alice's
 * lab address with STARTTLS travels through the world's hosts into Bob's mailbox, and Bob's POP3 and IMAP clients
 * fetch it over TLS with both Received: lines; the whole way is one merged session.
 */
class LabClientsTest {
    private static Lab lab;
    private static LabPlan plan;

    @BeforeAll
    static void start() throws Exception {
        World world = new WorldLoader().load("direct");
        lab = Lab.start(world, new Lab.Options("127.80.0.0", LabParityTest.freePorts(), 600, Route.DIRECT,
                Retrieval.NONE, false, Duration.ofSeconds(10)));
        plan = lab.plan();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static String address(String host) {
        Host h = lab.world().host(host).orElseThrow();
        return plan.address(h);
    }

    @Test
    @Timeout(60)
    void messageFromAliceReachesBobAndHisClientsFetchItOverTls() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", address("mail.example.org"));
        p.put("mail.smtp.port", Integer.toString(plan.ports().submission()));
        p.put("mail.smtp.localaddress", address("alice-laptop.example.org")); // Alice's laptop in the lab
        p.put("mail.smtp.localhost", "alice-laptop.example.org");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*"); // the lab's certificate is self-signed and names no lab address
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.net"));
        m.setSubject("From a real client");
        m.setText("Hello Bob, through the lab.");
        Transport.send(m);

        LabJourneys.LabJourney j = awaitSettled();
        assertThat(j.state().outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.recorder().events()).filteredOn(e -> e.kind() == EventKind.MESSAGE_ACCEPTED)
                .extracting(e -> e.destination()).containsExactly("mail.example.org", "mx1.example.net");

        for (String protocol : List.of("pop3", "imap")) {
            Properties r = new Properties();
            r.put("mail." + protocol + ".host", address("imap.example.net"));
            r.put("mail." + protocol + ".port", Integer.toString(protocol.equals("pop3") ? plan.ports().pop3()
                    : plan.ports().imap()));
            r.put("mail." + protocol + ".starttls.enable", "true");
            r.put("mail." + protocol + ".starttls.required", "true");
            r.put("mail." + protocol + ".ssl.trust", "*");
            r.put("mail." + protocol + ".ssl.checkserveridentity", "false");
            r.put("mail." + protocol + ".timeout", "10000");
            Store store = Session.getInstance(r).getStore(protocol);
            store.connect("bob@example.net", World.DEFAULT_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            // other tests may also deliver to Bob: exactly one message is this one
            List<Message> mine = new java.util.ArrayList<>();
            for (Message msg : inbox.getMessages()) {
                if ("From a real client".equals(msg.getSubject())) {
                    mine.add(msg);
                }
            }
            assertThat(mine).as(protocol).hasSize(1);
            Message got = mine.get(0);
            assertThat(got.getSubject()).isEqualTo("From a real client");
            String[] received = got.getHeader("Received");
            assertThat(received).as(protocol + " Received: lines").hasSize(2);
            assertThat(Arrays.toString(received)).contains("by mx1.example.net").contains("by mail.example.org");
            inbox.close(false);
            store.close();
        }
        assertThat(lab.journeys().all()).filteredOn(x -> x.title().startsWith("POP3 session")
                || x.title().startsWith("IMAP session")).hasSize(2)
                .allSatisfy(x -> assertThat(x.recorder().events()).anyMatch(e -> e.kind() == EventKind.TLS_NEGOTIATED));
        assertThat(lab.errors()).isEmpty();
    }

    @Test
    @Timeout(30)
    void aClientFromOutsideTheWorldMayNotRelay() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", address("mail.example.org"));
        p.put("mail.smtp.port", Integer.toString(plan.ports().submission()));
        p.put("mail.smtp.localaddress", "127.0.0.1");
        p.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("mallory@elsewhere.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.net"));
        m.setText("open relay?");
        try {
            Transport.send(m);
            throw new AssertionError("the lab relayed for a client outside the world");
        } catch (jakarta.mail.SendFailedException e) {
            assertThat(String.valueOf(e.getNextException())).contains("554 5.7.1");
        }
    }

    private static Properties authenticatedSubmission() {
        Properties p = new Properties();
        p.put("mail.smtp.host", address("mail.example.org"));
        p.put("mail.smtp.port", Integer.toString(plan.ports().submission()));
        p.put("mail.smtp.localaddress", "127.0.0.1"); // from outside the world: only AUTH lets it relay
        p.put("mail.smtp.localhost", "roaming.example.org");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.timeout", "10000");
        return p;
    }

    @Test
    @Timeout(60)
    void aClientAuthenticatedAfterStartTlsMaySubmitAndBobGetsIt() throws Exception {
        Session session = Session.getInstance(authenticatedSubmission());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.net"));
        m.setSubject("Authenticated submission");
        m.setText("Hello Bob, with AUTH.");
        Transport.send(m, "alice@example.org", World.DEFAULT_PASSWORD);

        LabJourneys.LabJourney j = awaitSettled("[127.0.0.1]", "bob@example.net");
        assertThat(j.state().outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        List<String> shown = j.recorder().events().stream().flatMap(e -> e.lines().stream()).toList();
        assertThat(shown).contains("AUTH LOGIN", "235 2.7.0 Authentication successful");
        assertThat(String.join("\n", shown)).doesNotContain(World.DEFAULT_PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(World.DEFAULT_PASSWORD.getBytes()));

        // Bob's mailbox got it (fetching it here would add an IMAP session the first test counts)
        assertThat(j.recorder().events()).filteredOn(e -> e.kind() == EventKind.MESSAGE_ACCEPTED)
                .extracting(e -> e.destination()).containsExactly("mail.example.org", "mx1.example.net");
    }

    @Test
    @Timeout(30)
    void aWrongPasswordIsRefusedWith535() throws Exception {
        Session session = Session.getInstance(authenticatedSubmission());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.net"));
        m.setText("wrong password");
        try {
            Transport.send(m, "alice@example.org", "not-the-password");
            throw new AssertionError("the lab accepted a wrong password");
        } catch (jakarta.mail.AuthenticationFailedException e) {
            assertThat(e.getMessage()).contains("535 5.7.8");
        }
    }

    private static LabJourneys.LabJourney awaitSettled(String from, String rcpt) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (LabJourneys.LabJourney j : lab.journeys().all()) {
                if (j.title().contains(from) && j.state().outcomes().containsKey(rcpt) && j.state().settled()) {
                    assertThat(lab.awaitIdle(Duration.ofSeconds(20))).isTrue();
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no settled journey from " + from);
    }

    private static LabJourneys.LabJourney awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (LabJourneys.LabJourney j : lab.journeys().all()) {
                if (j.title().contains("alice-laptop") && j.state().settled()) {
                    assertThat(lab.awaitIdle(Duration.ofSeconds(20))).isTrue();
                    return j;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the message did not settle in time: " + lab.journeys().all().size() + " journeys");
    }
}
