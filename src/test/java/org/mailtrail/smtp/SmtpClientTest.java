package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpClientTest {

    static final byte[] MESSAGE = ("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: hello\r\n\r\n"
            + "Hi Bob,\r\n.leading dot\r\n.\r\nBye\r\n").getBytes(StandardCharsets.US_ASCII);

    private static SmtpClient client(TlsMode tls, String... recipients) {
        return new SmtpClient(new ClientConfig("client.example.org", tls, false),
                new Envelope("alice@example.org", List.of(recipients)), MESSAGE);
    }

    private static SmtpServer server(ServerConfig config, ServerPolicy policy) {
        return new SmtpServer(config, policy);
    }

    private static SmtpServer server(ServerPolicy policy) {
        return server(ServerConfig.defaults("mx.example.net"), policy);
    }

    @Test
    void happyPathMatchesTheGoldenTranscriptByteForByte() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump pump = new Pump(c, server(ServerPolicy.acceptAll()));
        Outcome outcome = pump.run();
        assertThat(pump.transcriptText()).isEqualTo(Resources.text("happy-path.transcript.txt"));
        assertThat(outcome.allAccepted()).isTrue();
        assertThat(outcome.recipients().get("bob@example.net").reply()).isEqualTo(Reply.of(250, "2.0.0 Ok"));
        assertThat(outcome.lastReply()).isEqualTo(Reply.of(221, "2.0.0 Bye"));
        assertThat(outcome.summary()).isEqualTo("delivered to 1 of 1 recipient(s)");
        assertThat(c.state()).isEqualTo(ClientState.FINISHED);
        assertThat(c.ehloInfo()).map(EhloInfo::pipelining).contains(true);
        assertThat(c.usedHeloFallback()).isFalse();
        ClientEvent.Send data = pump.clientEvents.stream().filter(e -> e instanceof ClientEvent.Send)
                .map(e -> (ClientEvent.Send) e).filter(s -> s.command() == null).findFirst().orElseThrow();
        assertThat(data.bytes()).isEqualTo(DotStuffing.encode(MESSAGE));
        ServerEvent.MessageReceived received = pump.serverEvents.stream().filter(e -> e instanceof ServerEvent.MessageReceived)
                .map(e -> (ServerEvent.MessageReceived) e).findFirst().orElseThrow();
        assertThat(received.transaction().content()).isEqualTo(MESSAGE);
        assertThat(c.nextEvent()).as("Finished repeats").isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void everyReplyIsReportedBeforeTheReaction() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        List<ClientEvent> events = Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new ClientEvent.ReplyReceived(Reply.of(220, "mx.example.net ESMTP"),
                List.of("220 mx.example.net ESMTP")));
        assertThat(((ClientEvent.Send) events.get(1)).command()).isEqualTo(Command.ehlo("client.example.org"));
        assertThat(c.state()).isEqualTo(ClientState.EHLO_SENT);
    }

    @Test
    void heloFallbackWhenEhloGets502() {
        ServerPolicy noEsmtp = new ServerPolicy() {
            @Override
            public Reply onHelo(String verb, String domain) {
                return verb.equals("EHLO") ? Reply.of(502, "5.5.1 Error: command not implemented") : null;
            }
        };
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump pump = new Pump(c, server(noEsmtp));
        Outcome outcome = pump.run();
        assertThat(outcome.allAccepted()).isTrue();
        assertThat(c.usedHeloFallback()).isTrue();
        assertThat(c.ehloInfo()).isEmpty();
        assertThat(pump.transcript).contains("C: HELO client.example.org", "C: MAIL FROM:<alice@example.org>");
    }

    @Test
    void starttlsFlowSendsEhloAgainOverTls() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump pump = new Pump(c, server(ServerConfig.defaults("mx.example.net").withStartTls(true), ServerPolicy.acceptAll()));
        Outcome outcome = pump.run();
        assertThat(outcome.allAccepted()).isTrue();
        assertThat(c.tlsActive()).isTrue();
        assertThat(pump.transcript).containsSubsequence("C: EHLO client.example.org", "C: STARTTLS",
                "S: 220 2.0.0 Ready to start TLS", "== TLS handshake", "C: EHLO client.example.org", "C: MAIL FROM:<alice@example.org> SIZE=97");
        assertThat(c.ehloInfo()).map(EhloInfo::startTls).contains(false);
        ServerEvent.MessageReceived received = pump.serverEvents.stream().filter(e -> e instanceof ServerEvent.MessageReceived)
                .map(e -> (ServerEvent.MessageReceived) e).findFirst().orElseThrow();
        assertThat(received.transaction().tls()).isTrue();
    }

    @Test
    void tlsOffNeverSendsStarttls() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        Pump pump = new Pump(c, server(ServerConfig.defaults("mx.example.net").withStartTls(true), ServerPolicy.acceptAll()));
        assertThat(pump.run().allAccepted()).isTrue();
        assertThat(pump.transcript).doesNotContain("C: STARTTLS");
        assertThat(c.tlsActive()).isFalse();
    }

    @Test
    void requireTlsWithoutStarttlsGivesUpTransiently() {
        SmtpClient c = client(TlsMode.REQUIRE, "bob@example.net");
        Pump pump = new Pump(c, server(ServerPolicy.acceptAll()));
        Outcome outcome = pump.run();
        assertThat(outcome.anyTransient()).isTrue();
        assertThat(outcome.summary()).contains("TLS required");
        assertThat(outcome.recipients().get("bob@example.net").reply()).isNull();
        assertThat(pump.transcript).noneMatch(l -> l.startsWith("C: MAIL")).contains("C: QUIT");
    }

    @Test
    void requireTlsWhenStarttlsIsRefused() {
        SmtpClient c = client(TlsMode.REQUIRE, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n");
        List<ClientEvent> events = Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n");
        assertThat(Pump.sentLines(events)).containsExactly("STARTTLS");
        events = Pump.feed(c, "454 4.7.0 TLS not available due to local problem\r\n");
        assertThat(Pump.sentLines(events)).containsExactly("QUIT");
        events = Pump.feed(c, "221 2.0.0 Bye\r\n");
        Outcome outcome = ((ClientEvent.Finished) events.get(events.size() - 1)).outcome();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(outcome.summary()).contains("STARTTLS was refused");
    }

    @Test
    void tlsHandshakeFailureEndsTransiently() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n");
        List<ClientEvent> events = Pump.feed(c, "220 2.0.0 Ready to start TLS\r\n");
        assertThat(events.get(events.size() - 1)).isInstanceOf(ClientEvent.StartTls.class);
        assertThat(c.state()).isEqualTo(ClientState.TLS_HANDSHAKE);
        assertThatThrownBy(() -> c.receiveData(new byte[] {'2'})).isInstanceOf(IllegalStateException.class);
        c.tlsFailed("certificate expired");
        events = Pump.drain(c);
        Outcome outcome = ((ClientEvent.Finished) events.get(0)).outcome();
        assertThat(outcome.summary()).isEqualTo("TLS handshake failed: certificate expired");
        assertThat(outcome.anyTransient()).isTrue();
    }

    @Test
    void replyBytesAfter220ToStarttlsAreAProtocolError() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n");
        List<ClientEvent> events = Pump.feed(c, "220 2.0.0 Ready to start TLS\r\n250 injected\r\n");
        assertThat(events).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void rcpt550ForOneOfTwoRecipients() {
        ServerPolicy policy = new ServerPolicy() {
            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return recipient.startsWith("nobody")
                        ? Reply.of(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown in virtual mailbox table")
                        : Reply.of(250, "2.1.5 Ok");
            }
        };
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net", "nobody@example.net");
        Pump pump = new Pump(c, server(policy));
        Outcome outcome = pump.run();
        assertThat(outcome.recipients().keySet()).containsExactly("bob@example.net", "nobody@example.net");
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.ACCEPTED);
        RecipientStatus nobody = outcome.recipients().get("nobody@example.net");
        assertThat(nobody.result()).isEqualTo(Result.PERMANENT);
        assertThat(nobody.reply().enhancedStatus()).map(EnhancedStatus::toString).contains("5.1.1");
        assertThat(outcome.anyPermanent()).isTrue();
        assertThat(outcome.allAccepted()).isFalse();
        assertThat(pump.clientEvents).contains(new ClientEvent.RecipientRejected("nobody@example.net", nobody.reply()));
        assertThat(pump.transcript).contains("C: DATA");
    }

    @Test
    void rcpt451ForTheOnlyRecipientSkipsData() {
        ServerPolicy policy = new ServerPolicy() {
            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return Reply.of(451, "4.3.0 Try again later");
            }
        };
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump pump = new Pump(c, server(policy));
        Outcome outcome = pump.run();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(outcome.summary()).isEqualTo("no recipient accepted");
        assertThat(pump.transcript).doesNotContain("C: DATA").contains("C: QUIT");
    }

    @Test
    void greeting554IsPermanentAndStillQuits() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net", "carol@example.net");
        List<ClientEvent> events = Pump.feed(c, "554 5.3.2 mx.example.net No SMTP service here\r\n");
        assertThat(Pump.sentLines(events)).containsExactly("QUIT");
        events = Pump.feed(c, "221 2.0.0 Bye\r\n");
        Outcome outcome = ((ClientEvent.Finished) events.get(events.size() - 1)).outcome();
        assertThat(outcome.recipients().values()).allMatch(s -> s.result() == Result.PERMANENT);
        assertThat(outcome.recipients().get("carol@example.net").reply().code()).isEqualTo(554);
    }

    @Test
    void greeting421IsTransient() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        List<ClientEvent> events = Pump.feed(c, "421 4.3.2 Service shutting down\r\n");
        assertThat(Pump.sentLines(events)).isEmpty();
        Outcome outcome = ((ClientEvent.Finished) events.get(events.size() - 1)).outcome();
        assertThat(outcome.anyTransient()).isTrue();
        assertThat(c.isFinished()).isTrue();
    }

    @Test
    void sink421AfterMailEndsTheSessionTransiently() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        byte[] sink = Resources.peerReplyBytes("sink-mail421");
        c.receiveData(sink);
        List<ClientEvent> events = Pump.drain(c);
        assertThat(Pump.sentLines(events)).containsExactly("EHLO client.example.org", "MAIL FROM:<alice@example.org>");
        Outcome outcome = ((ClientEvent.Finished) events.get(events.size() - 1)).outcome();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(outcome.lastReply()).isEqualTo(Reply.of(421, "4.0.0 Server closing connection"));
    }

    @Test
    void permanentFailureAfterData() {
        Outcome outcome = runWithFinalReply(Reply.of(554, "5.7.1 Message rejected: spam"));
        assertThat(outcome.recipients().values()).allMatch(s -> s.result() == Result.PERMANENT);
        assertThat(outcome.summary()).contains("refused after data");
    }

    @Test
    void transientFailureAfterData() {
        Outcome outcome = runWithFinalReply(Reply.of(451, "4.3.0 Error: queue file write error"));
        assertThat(outcome.recipients().values()).allMatch(s -> s.result() == Result.TRANSIENT);
    }

    private static Outcome runWithFinalReply(Reply reply) {
        ServerPolicy policy = new ServerPolicy() {
            @Override
            public Reply onMessage(Transaction t) {
                return reply;
            }
        };
        return new Pump(client(TlsMode.AUTO, "bob@example.net", "carol@example.net"), server(policy)).run();
    }

    @Test
    void connectionClosedAfterFinalDotIsTransient() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n250 mx\r\n");
        Pump.feed(c, "250 2.1.0 Ok\r\n");
        Pump.feed(c, "250 2.1.5 Ok\r\n");
        List<ClientEvent> events = Pump.feed(c, "354 go ahead\r\n");
        ClientEvent.Send data = (ClientEvent.Send) events.get(events.size() - 1);
        assertThat(data.command()).isNull();
        assertThat(data.lines()).endsWith("..leading dot", "..", "Bye", ".");
        assertThat(c.state()).isEqualTo(ClientState.CONTENT_SENT);
        c.connectionClosed();
        events = Pump.drain(c);
        Outcome outcome = ((ClientEvent.Finished) events.get(0)).outcome();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(outcome.summary()).contains("RFC 5321 §6.1");
    }

    @Test
    void aSessionBrokenBeforeAnyRcptReplyLeavesTheRecipientsUndecided() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n250 mx\r\n");
        Pump.feed(c, "250 2.1.0 Ok\r\n");
        assertThat(c.recipientsReached()).isTrue();
        assertThat(c.recipientsDecided()).isFalse();
        c.connectionClosed();
        Outcome outcome = ((ClientEvent.Finished) Pump.drain(c).get(0)).outcome();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        // in words, not the state machine's names
        assertThat(outcome.summary()).isEqualTo("connection closed by the server before it replied to the RCPT TO command")
                .doesNotContain("RCPT_SENT");
        assertThat(c.refusedAtGreeting()).isFalse();
    }

    @Test
    void aRcptReplyDecidesAndAFiveHundredGreetingIsNoted() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n250 mx\r\n");
        Pump.feed(c, "250 2.1.0 Ok\r\n");
        Pump.feed(c, "450 4.2.0 later\r\n");
        assertThat(c.recipientsDecided()).isTrue();
        SmtpClient refused = client(TlsMode.OFF, "bob@example.net");
        Pump.feed(refused, "554 5.3.2 No service\r\n");
        assertThat(refused.refusedAtGreeting()).isTrue();
        assertThat(refused.recipientsDecided()).isFalse();
    }

    @Test
    void sizeAboveTheAdvertisedLimitIsNotSent() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        Pump pump = new Pump(c, server(ServerConfig.defaults("mx.example.net").withMaxMessageSize(50), ServerPolicy.acceptAll()));
        Outcome outcome = pump.run();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.summary()).contains("SIZE limit of 50");
        assertThat(pump.transcript).noneMatch(l -> l.startsWith("C: MAIL"));
    }

    @Test
    void garbageReplyIsAProtocolErrorThenFinished() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        List<ClientEvent> events = Pump.feed(c, "HTTP/1.1 400 Bad Request\r\n");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(ClientEvent.ProtocolError.class);
        assertThat(((ClientEvent.ProtocolError) events.get(0)).message()).contains("HTTP/1.1 400");
        Outcome outcome = ((ClientEvent.Finished) events.get(1)).outcome();
        assertThat(outcome.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(Pump.sentLines(events)).isEmpty();
    }

    @Test
    void unexpectedReplyClassIsAProtocolError() {
        SmtpClient c = client(TlsMode.OFF, "bob@example.net");
        Pump.feed(c, "220 mx\r\n250 mx\r\n250 ok\r\n250 ok\r\n");
        assertThat(c.state()).isEqualTo(ClientState.DATA_SENT);
        List<ClientEvent> events = Pump.feed(c, "250 2.0.0 Ok\r\n");
        assertThat(events.get(1)).isInstanceOf(ClientEvent.ProtocolError.class);
        assertThat(((ClientEvent.ProtocolError) events.get(1)).message()).contains("354");
        assertThat(events.get(2)).isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void illegalTransitionsThrow() {
        SmtpClient c = client(TlsMode.AUTO, "bob@example.net");
        assertThatThrownBy(c::tlsEstablished).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.tlsFailed("x")).isInstanceOf(IllegalStateException.class);
        Pump.feed(c, "421 bye\r\n");
        assertThat(c.isFinished()).isTrue();
        assertThatThrownBy(() -> c.receiveData(new byte[] {'2'})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finished");
        c.connectionClosed();
        assertThat(c.nextEvent()).isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void envelopeAndConfigValidation() {
        assertThatThrownBy(() -> new Envelope("alice@example.org", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope("alice@example.org", List.of("bad"))).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> new Envelope("a\r\n@x", List.of("b@example.net"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientConfig("client\r\nMAIL", TlsMode.OFF, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Envelope("", List.of("b@example.net")).reversePath()).isEmpty();
        SmtpClient bounce = new SmtpClient(new ClientConfig("client.example.org", TlsMode.OFF, false),
                new Envelope("", List.of("b@example.net")), new byte[0]);
        assertThat(Pump.sentLines(Pump.feed(bounce, "220 mx\r\n250 mx\r\n"))).contains("MAIL FROM:<>");
    }
}
