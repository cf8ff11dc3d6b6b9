package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.MailboxDirectory;

/** The retriever pumped against the server in memory, and fed scripted responses. */
class Pop3RetrieverTest {
    private static final Pop3Server.Config TLS_REQUIRED = new Pop3Server.Config("pop.example.net", true, false, true);

    private static List<String> capa(boolean stls) {
        List<String> out = new ArrayList<>(List.of("S: +OK Capability list follows", "S: TOP", "S: UIDL"));
        if (!stls) {
            out.add("S: USER");
        }
        out.addAll(List.of("S: RESP-CODES", "S: AUTH-RESP-CODE", "S: PIPELINING"));
        if (stls) {
            out.add("S: STLS");
        }
        out.addAll(List.of("S: IMPLEMENTATION Mail-Trail", "S: ."));
        return out;
    }

    private static final List<String> AFTER_USER = List.of("C: USER bob", "S: +OK send PASS", "C: PASS ********",
            "S: +OK maildrop has 2 messages (179 octets)", "C: STAT", "S: +OK 2 179", "C: RETR 2", "S: +OK 82 octets",
            "S: From: carol@example.org", "S: To: bob@example.net", "S: Subject: Second", "S: ",
            "S: Second message.", "S: .", "C: QUIT",
            "S: +OK pop.example.net POP3 server signing off (2 messages left)");

    @Test
    void fetchesTheNewestInClearText() {
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 0, false),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        Pop3ClientEvent.Finished f = p.run();
        assertThat(f.error()).isNull();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(Pop3Talk.M2);
        List<String> expected = new ArrayList<>(List.of("S: +OK pop.example.net POP3 server ready", "C: CAPA"));
        expected.addAll(capa(false));
        expected.addAll(AFTER_USER);
        assertThat(p.transcript).containsExactlyElementsOf(expected);
        assertThat(p.sentVerbs()).containsExactly("CAPA", "USER", "PASS", "STAT", "RETR", "QUIT");
        assertThat(p.responseKinds()).containsExactly("greeting", "capa", "ok", "ok", "stat", "retr", "quit");
        assertThat(p.client.tlsActive()).isFalse();
        assertThat(p.client.isFinished()).isTrue();
        assertThat(p.client.nextEvent()).isSameAs(f);
    }

    @Test
    void fetchesOverStlsWhenTheServerWantsTls() {
        Pop3Server server = new Pop3Server(TLS_REQUIRED, Pop3Talk.bobWithTwoMessages());
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 0, true), server);
        Pop3ClientEvent.Finished f = p.run();
        assertThat(f.error()).isNull();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(Pop3Talk.M2);
        List<String> expected = new ArrayList<>(List.of("S: +OK pop.example.net POP3 server ready", "C: CAPA"));
        expected.addAll(capa(true));
        expected.addAll(List.of("C: STLS", "S: +OK Begin TLS negotiation", "== TLS handshake"));
        expected.addAll(AFTER_USER);
        assertThat(p.transcript).containsExactlyElementsOf(expected);
        assertThat(p.sentVerbs()).containsExactly("CAPA", "STLS", "USER", "PASS", "STAT", "RETR", "QUIT");
        assertThat(p.responseKinds()).containsExactly("greeting", "capa", "stls", "ok", "ok", "stat", "retr", "quit");
        assertThat(p.clientEvents).filteredOn(e -> e instanceof Pop3ClientEvent.StartTls).hasSize(1);
        assertThat(p.client.tlsActive()).isTrue();
        assertThat(server.tlsActive()).isTrue();
    }

    @Test
    void fetchesAGivenNumberAndUndoesTheDotStuffing() {
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob@example.net", "s3cret", 1, true),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        Pop3ClientEvent.Finished f = p.run();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(Pop3Talk.M1);
        assertThat(p.sentVerbs()).containsExactly("CAPA", "USER", "PASS", "STAT", "RETR", "QUIT"); // no STLS offered
        Pop3ClientEvent.Response retr = responses(p.clientEvents).get(5);
        assertThat(retr.kind()).isEqualTo("retr");
        assertThat(retr.ok()).isTrue();
        assertThat(retr.lines()).contains("..hidden dot").endsWith(".").startsWith("+OK 97 octets");
        assertThat(p.server.isClosed()).isTrue();
    }

    @Test
    void thePasswordIsSentButShownRedacted() {
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 0, false),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        p.run();
        Pop3ClientEvent.Send pass = (Pop3ClientEvent.Send) p.clientEvents.stream()
                .filter(e -> e instanceof Pop3ClientEvent.Send && ((Pop3ClientEvent.Send) e).verb().equals("PASS"))
                .findFirst().orElseThrow();
        assertThat(pass.line()).isEqualTo("PASS s3cret");
        assertThat(pass.shownLine()).isEqualTo("PASS ********");
        assertThat(new String(pass.bytes(), UTF_8)).isEqualTo("PASS s3cret\r\n");
        assertThat(String.join("\n", p.transcript)).doesNotContain("s3cret");
    }

    @Test
    void refusedLoginEndsWithQuitAndAnError() {
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "wrong", 0, false),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        Pop3ClientEvent.Finished f = p.run();
        assertThat(f.content()).isNull();
        assertThat(f.error()).isEqualTo("the server refused the login: -ERR [AUTH] invalid user name or password");
        assertThat(p.sentVerbs()).containsExactly("CAPA", "USER", "PASS", "QUIT");
        assertThat(p.responseKinds()).containsExactly("greeting", "capa", "ok", "err", "quit");
    }

    @Test
    void withoutTlsAServerThatWantsTlsRefusesUser() {
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 0, false),
                new Pop3Server(TLS_REQUIRED, Pop3Talk.bobWithTwoMessages()));
        Pop3ClientEvent.Finished f = p.run();
        assertThat(f.error()).isEqualTo(
                "the server refused USER: -ERR [AUTH] plain-text login refused without TLS; use STLS first");
        assertThat(p.sentVerbs()).containsExactly("CAPA", "USER", "QUIT");
    }

    @Test
    void anEmptyMaildropOrAMissingMessage() {
        MailboxDirectory empty = new MailboxDirectory();
        empty.addUser("bob@example.net", "s3cret");
        Pop3Pump p = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 0, false),
                new Pop3Server(Pop3Talk.plain(), empty));
        assertThat(p.run()).isEqualTo(new Pop3ClientEvent.Finished(null, "the maildrop is empty"));
        assertThat(p.sentVerbs()).containsExactly("CAPA", "USER", "PASS", "STAT", "QUIT");
        Pop3Pump q = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 3, false),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        assertThat(q.run().error()).isEqualTo("there is no message 3, the maildrop has 2");
        assertThat(q.sentVerbs()).containsExactly("CAPA", "USER", "PASS", "STAT", "QUIT");
        Pop3Pump last = new Pop3Pump(new Pop3Retriever("bob", "s3cret", 2, false),
                new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages()));
        assertThat(new String(last.run().content(), UTF_8)).isEqualTo(Pop3Talk.M2);
    }

    // ---- scripted servers ----

    private static List<Pop3ClientEvent> feed(Pop3Retriever c, String serverText) {
        c.receiveData(serverText.getBytes(UTF_8));
        List<Pop3ClientEvent> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Pop3ClientEvent e = c.nextEvent();
            if (e instanceof Pop3ClientEvent.NeedData) {
                return out;
            }
            out.add(e);
            if (e instanceof Pop3ClientEvent.Finished || e instanceof Pop3ClientEvent.StartTls) {
                return out;
            }
        }
        throw new AssertionError("never paused");
    }

    private static List<Pop3ClientEvent.Response> responses(List<Pop3ClientEvent> events) {
        List<Pop3ClientEvent.Response> out = new ArrayList<>();
        for (Pop3ClientEvent e : events) {
            if (e instanceof Pop3ClientEvent.Response) {
                out.add((Pop3ClientEvent.Response) e);
            }
        }
        return out;
    }

    private static String lastSent(List<Pop3ClientEvent> events) {
        String line = null;
        for (Pop3ClientEvent e : events) {
            if (e instanceof Pop3ClientEvent.Send) {
                line = ((Pop3ClientEvent.Send) e).line();
            }
        }
        return line;
    }

    private static Pop3Retriever atStat() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, false);
        feed(c, "+OK hi\r\n-ERR no CAPA here\r\n+OK\r\n+OK\r\n");
        return c;
    }

    @Test
    void aRefusedCapaIsNoReasonToStop() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, true);
        List<Pop3ClientEvent> ev = feed(c, "+OK hi\r\n-ERR what?\r\n");
        assertThat(responses(ev)).extracting(Pop3ClientEvent.Response::kind).containsExactly("greeting", "err");
        assertThat(lastSent(ev)).isEqualTo("USER bob");
    }

    @Test
    void aGreetingThatIsNotOkEndsAtOnce() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, false);
        List<Pop3ClientEvent> ev = feed(c, "-ERR go away\r\n");
        assertThat(ev).containsExactly(new Pop3ClientEvent.Response(List.of("-ERR go away"), false, "err"),
                new Pop3ClientEvent.Finished(null, "the server refused the session: -ERR go away"));
        assertThatThrownBy(() -> c.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void garbageEndsAtOnceWithoutQuit() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, false);
        List<Pop3ClientEvent> ev = feed(c, "220 smtp.example.net ESMTP\u0007\r\n");
        assertThat(ev).containsExactly(
                new Pop3ClientEvent.Finished(null, "not a POP3 response: 220 smtp.example.net ESMTP?"));
        Pop3Retriever d = new Pop3Retriever("bob", "pw", 0, false);
        assertThat(feed(d, "+OKAY\r\n")).hasSize(1).first().isInstanceOf(Pop3ClientEvent.Finished.class);
        Pop3Retriever e = new Pop3Retriever("bob", "pw", 0, false);
        assertThat(((Pop3ClientEvent.Finished) feed(e, "+OK\r\n-ERROR\r\n").get(2)).error())
                .isEqualTo("not a POP3 response: -ERROR");
    }

    @Test
    void refusedStlsQuits() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, true);
        List<Pop3ClientEvent> ev = feed(c, "+OK\r\n+OK caps\r\nSTLS\r\n.\r\n-ERR not now\r\n");
        assertThat(lastSent(ev)).isEqualTo("QUIT");
        assertThat(responses(ev)).extracting(Pop3ClientEvent.Response::kind).containsExactly("greeting", "capa", "err");
        assertThat(feed(c, "+OK bye\r\n")).containsExactly(new Pop3ClientEvent.Response(List.of("+OK bye"), true, "quit"),
                new Pop3ClientEvent.Finished(null, "the server refused STLS: -ERR not now"));
    }

    @Test
    void bytesAfterTheStlsAnswerAreDroppedAndMisuseThrows() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, true);
        List<Pop3ClientEvent> ev = feed(c, "+OK\r\n+OK caps\r\nstls\r\n.\r\n+OK go\r\n+OK injected\r\n");
        assertThat(ev.get(ev.size() - 1)).isInstanceOf(Pop3ClientEvent.StartTls.class);
        assertThat(c.nextEvent()).isInstanceOf(Pop3ClientEvent.NeedData.class);
        assertThatThrownBy(() -> c.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        c.tlsEstablished();
        assertThatThrownBy(c::tlsEstablished).isInstanceOf(IllegalStateException.class);
        Pop3ClientEvent next = c.nextEvent();
        assertThat(next).isInstanceOf(Pop3ClientEvent.Send.class);
        assertThat(((Pop3ClientEvent.Send) next).line()).isEqualTo("USER bob");
        assertThat(c.nextEvent()).isInstanceOf(Pop3ClientEvent.NeedData.class); // "+OK injected" is gone
    }

    @Test
    void statProblems() {
        Pop3Retriever c = atStat();
        assertThat(lastSent(feed(c, "+OK many\r\n"))).isEqualTo("QUIT");
        assertThat(((Pop3ClientEvent.Finished) feed(c, "+OK\r\n").get(1)).error())
                .isEqualTo("malformed STAT response: +OK many");
        Pop3Retriever d = atStat();
        assertThat(lastSent(feed(d, "-ERR locked\r\n"))).isEqualTo("QUIT");
        assertThat(((Pop3ClientEvent.Finished) feed(d, "+OK\r\n").get(1)).error())
                .isEqualTo("the server refused STAT: -ERR locked");
        Pop3Retriever e = atStat();
        assertThat(lastSent(feed(e, "+OK 3 300\r\n"))).isEqualTo("RETR 3");
    }

    @Test
    void refusedRetrAndFailedQuit() {
        Pop3Retriever c = atStat();
        feed(c, "+OK 1 10\r\n");
        assertThat(lastSent(feed(c, "-ERR gone\r\n"))).isEqualTo("QUIT");
        assertThat(feed(c, "-ERR cannot\r\n").get(1))
                .isEqualTo(new Pop3ClientEvent.Finished(null, "the server refused RETR: -ERR gone"));
        Pop3Retriever d = atStat();
        feed(d, "+OK 1 10\r\n+OK\r\nA\r\n..B\r\n.\r\n");
        Pop3ClientEvent.Finished f = (Pop3ClientEvent.Finished) feed(d, "-ERR cannot\r\n").get(1);
        assertThat(new String(f.content(), UTF_8)).isEqualTo("A\r\n.B\r\n");
        assertThat(f.error()).isEqualTo("QUIT failed: -ERR cannot");
    }

    @Test
    void theServerClosingEarlyOrLate() {
        Pop3Retriever mid = atStat();
        feed(mid, "+OK 1 10\r\n+OK\r\nA\r\n");
        mid.connectionClosed();
        assertThat(mid.nextEvent()).isEqualTo(new Pop3ClientEvent.Finished(null,
                "the server closed the connection in the middle of a response"));
        Pop3Retriever early = atStat();
        early.connectionClosed();
        assertThatThrownBy(() -> early.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        assertThat(early.nextEvent()).isEqualTo(new Pop3ClientEvent.Finished(null, "the server closed the connection"));
        Pop3Retriever late = atStat();
        feed(late, "+OK 1 10\r\n+OK\r\nA\r\n.\r\n");
        late.connectionClosed();
        Pop3ClientEvent.Finished f = (Pop3ClientEvent.Finished) late.nextEvent();
        assertThat(new String(f.content(), UTF_8)).isEqualTo("A\r\n");
        assertThat(f.error()).isNull();
    }

    @Test
    void overLongResponseLinesEndTheSession() {
        Pop3Retriever c = new Pop3Retriever("bob", "pw", 0, false);
        List<Pop3ClientEvent> ev = feed(c, "+OK " + "x".repeat(Pop3Retriever.MAX_LINE_OCTETS) + "\r\n");
        assertThat(ev).containsExactly(new Pop3ClientEvent.Finished(null,
                "response line over " + Pop3Retriever.MAX_LINE_OCTETS + " octets"));
        Pop3Retriever d = new Pop3Retriever("bob", "pw", 0, false);
        assertThat(feed(d, "+OK " + "x".repeat(Pop3Retriever.MAX_LINE_OCTETS - 4) + "\r\n").get(0))
                .isInstanceOf(Pop3ClientEvent.Response.class);
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() {
        String script = "+OK hi\r\n+OK\r\nUSER\r\n.\r\n+OK\r\n+OK\r\n+OK 2 20\r\n+OK\r\nSubject: a\r\n\r\n..x\r\n.\r\n+OK\r\n";
        Pop3Retriever whole = new Pop3Retriever("bob", "pw", 0, false);
        List<Pop3ClientEvent> a = feed(whole, script);
        Pop3Retriever bytes = new Pop3Retriever("bob", "pw", 0, false);
        List<Pop3ClientEvent> b = new ArrayList<>();
        for (byte x : script.getBytes(UTF_8)) {
            b.addAll(feed(bytes, new String(new byte[] {x}, UTF_8)));
        }
        assertThat(b).hasSameSizeAs(a);
        assertThat(describe(b)).isEqualTo(describe(a));
        Pop3ClientEvent.Finished f = (Pop3ClientEvent.Finished) b.get(b.size() - 1);
        assertThat(new String(f.content(), UTF_8)).isEqualTo("Subject: a\r\n\r\n.x\r\n");
        assertThat(lastSent(a)).isEqualTo("QUIT");
        assertThat(describe(a)).contains("Send RETR 2\r\n");
    }

    /** The events as text, with the bytes of Send and Finished decoded (records compare arrays by identity). */
    private static List<String> describe(List<Pop3ClientEvent> events) {
        List<String> out = new ArrayList<>();
        for (Pop3ClientEvent e : events) {
            if (e instanceof Pop3ClientEvent.Send) {
                out.add("Send " + new String(((Pop3ClientEvent.Send) e).bytes(), UTF_8));
            } else if (e instanceof Pop3ClientEvent.Finished) {
                byte[] c = ((Pop3ClientEvent.Finished) e).content();
                out.add("Finished " + (c == null ? null : new String(c, UTF_8)) + " " + ((Pop3ClientEvent.Finished) e).error());
            } else {
                out.add(e.toString());
            }
        }
        return out;
    }

    @Test
    void constructorChecksItsArguments() {
        for (String bad : new String[] {null, "", "b ob", "bob\r\n", "bob\u0000"}) {
            assertThatThrownBy(() -> new Pop3Retriever(bad, "pw", 0, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {null, "", "pw\n", "p\u007fw"}) {
            assertThatThrownBy(() -> new Pop3Retriever("bob", bad, 0, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Pop3Retriever("bob", "pw", -1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3Retriever("bob", "x".repeat(249), 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3Retriever("x".repeat(249), "pw", 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Pop3Retriever("x".repeat(248), "p w", 0, false).isFinished()).isFalse();
        assertThat(new Pop3Retriever("bob", "y".repeat(248), 0, false).nextEvent())
                .isInstanceOf(Pop3ClientEvent.NeedData.class);
    }
}
