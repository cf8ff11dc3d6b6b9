package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IMAP retriever fed scripted server text: odd greetings, refusals, garbage, early close. */
class ImapRetrieverScriptTest {

    private static List<ImapClientEvent> feed(ImapRetriever c, String serverText) {
        c.receiveData(serverText.getBytes(UTF_8));
        List<ImapClientEvent> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ImapClientEvent e = c.nextEvent();
            if (e instanceof ImapClientEvent.NeedData) {
                return out;
            }
            out.add(e);
            if (e instanceof ImapClientEvent.Finished || e instanceof ImapClientEvent.StartTls) {
                return out;
            }
        }
        throw new AssertionError("never paused");
    }

    private static List<String> sent(List<ImapClientEvent> events) {
        List<String> out = new ArrayList<>();
        for (ImapClientEvent e : events) {
            if (e instanceof ImapClientEvent.Send) {
                out.add(((ImapClientEvent.Send) e).line());
            }
        }
        return out;
    }

    private static ImapClientEvent last(List<ImapClientEvent> events) {
        return events.get(events.size() - 1);
    }

    /** A client that has logged in and sent "a3 SELECT INBOX". */
    private static ImapRetriever atSelect(int number) {
        ImapRetriever c = new ImapRetriever("bob", "pw", number, false);
        feed(c, "* OK [CAPABILITY IMAP4rev1] hi\r\n* CAPABILITY IMAP4rev1\r\na1 OK done\r\na2 OK logged in\r\n");
        return c;
    }

    @Test
    void aByeGreetingEndsAtOnce() {
        ImapRetriever c = new ImapRetriever("bob", "pw", 0, false);
        assertThat(feed(c, "* BYE busy\r\n")).containsExactly(
                new ImapClientEvent.Response(List.of("* BYE busy"), false, "greeting"),
                new ImapClientEvent.Finished(null, "the server refused the session: * BYE busy"));
        assertThatThrownBy(() -> c.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGreetingWithoutCapabilitiesAsksFirstThenStartsTls() {
        ImapRetriever c = new ImapRetriever("bob", "pw", 0, true);
        assertThat(sent(feed(c, "* ok hello\r\n"))).containsExactly("a1 CAPABILITY");
        List<ImapClientEvent> ev = feed(c, "* CAPABILITY IMAP4rev1 starttls\r\na1 OK\r\n");
        assertThat(sent(ev)).containsExactly("a2 STARTTLS");
        ev = feed(c, "a2 OK go\r\n* injected\r\n");
        assertThat(last(ev)).isInstanceOf(ImapClientEvent.StartTls.class);
        assertThat(c.nextEvent()).isInstanceOf(ImapClientEvent.NeedData.class);
        assertThatThrownBy(() -> c.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        c.tlsEstablished();
        assertThatThrownBy(c::tlsEstablished).isInstanceOf(IllegalStateException.class);
        assertThat(sent(List.of(c.nextEvent()))).containsExactly("a3 CAPABILITY");
        assertThat(c.nextEvent()).isInstanceOf(ImapClientEvent.NeedData.class); // "* injected" is gone
        // STARTTLS is still listed after TLS (a confused server): no second STARTTLS
        assertThat(sent(feed(c, "* CAPABILITY IMAP4rev1 STARTTLS\r\na3 OK\r\n"))).containsExactly("a4 LOGIN bob pw");
    }

    @Test
    void aRefusedStartTlsLogsOut() {
        ImapRetriever c = new ImapRetriever("bob", "pw", 0, true);
        feed(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n");
        List<ImapClientEvent> ev = feed(c, "a1 BAD no\r\n");
        assertThat(ev.get(0)).isEqualTo(new ImapClientEvent.Response(List.of("a1 BAD no"), false, "bad"));
        assertThat(sent(ev)).containsExactly("a2 LOGOUT");
        assertThat(last(feed(c, "* BYE\r\na2 OK\r\n")))
                .isEqualTo(new ImapClientEvent.Finished(null, "the server refused STARTTLS: a1 BAD no"));
    }

    @Test
    void preauthSkipsLogin() {
        ImapRetriever c = new ImapRetriever("bob", "pw", 0, true);
        feed(c, "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome back\r\n");
        assertThat(sent(feed(c, "a1 OK\r\n"))).containsExactly("a2 SELECT INBOX");
    }

    @Test
    void eightBitCredentialsNeedLiteralPlus() {
        ImapRetriever c = new ImapRetriever("bob", "p\u00e4ss", 0, false);
        feed(c, "* OK hi\r\n");
        assertThat(sent(feed(c, "* CAPABILITY IMAP4rev1\r\na1 OK\r\n"))).containsExactly("a2 LOGOUT");
        assertThat(last(feed(c, "a2 OK\r\n"))).isEqualTo(new ImapClientEvent.Finished(null,
                "the user name or password has 8-bit characters and the server does not offer LITERAL+"));
    }

    @Test
    void selectAndFetchProblems() {
        ImapRetriever noExists = atSelect(0);
        assertThat(sent(feed(noExists, "a3 OK\r\n"))).containsExactly("a4 LOGOUT");
        assertThat(((ImapClientEvent.Finished) last(feed(noExists, "a4 OK\r\n"))).error())
                .isEqualTo("the SELECT response held no EXISTS");
        ImapRetriever refused = atSelect(0);
        feed(refused, "a3 NO [NONEXISTENT] none\r\n");
        assertThat(((ImapClientEvent.Finished) last(feed(refused, "a4 OK\r\n"))).error())
                .isEqualTo("the server refused SELECT: a3 NO [NONEXISTENT] none");
        ImapRetriever noBody = atSelect(2);
        assertThat(sent(feed(noBody, "* 3 EXISTS\r\na3 OK\r\n"))).containsExactly("a4 FETCH 2 BODY[]");
        feed(noBody, "* 1 FETCH (BODY[] {1}\r\nx)\r\n* 2 FETCH (BODY[TEXT] {1}\r\ny)\r\na4 OK\r\n");
        assertThat(((ImapClientEvent.Finished) last(feed(noBody, "a5 OK\r\n"))).error())
                .isEqualTo("the FETCH response held no BODY[] of message 2");
        ImapRetriever fetchNo = atSelect(0);
        feed(fetchNo, "* 1 EXISTS\r\na3 OK\r\n");
        feed(fetchNo, "a4 NO gone\r\n");
        assertThat(((ImapClientEvent.Finished) last(feed(fetchNo, "a5 OK\r\n"))).error())
                .isEqualTo("the server refused FETCH: a4 NO gone");
    }

    @Test
    void theFetchedLiteralAndAnEarlyClose() {
        ImapRetriever c = atSelect(0);
        feed(c, "* 4 EXISTS\r\na3 OK\r\n");
        List<ImapClientEvent> ev = feed(c, "* 4 FETCH (UID 9 BODY[] {5}\r\nab\r\nc FLAGS (\\Seen))\r\na4 OK\r\n");
        assertThat(ev.get(0)).isEqualTo(new ImapClientEvent.Response(
                List.of("* 4 FETCH (UID 9 BODY[] {5}", "ab", "c FLAGS (\\Seen))", "a4 OK"), true, "fetch"));
        assertThat(sent(ev)).containsExactly("a5 LOGOUT");
        feed(c, "* BYE\r\n");
        c.connectionClosed();
        ImapClientEvent.Finished f = (ImapClientEvent.Finished) c.nextEvent();
        assertThat(new String(f.content(), UTF_8)).isEqualTo("ab\r\nc");
        assertThat(f.error()).isNull();
        assertThat(c.isFinished()).isTrue();
        ImapRetriever early = atSelect(0);
        feed(early, "* 4 EXISTS\r\n");
        early.connectionClosed();
        assertThatThrownBy(() -> early.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        assertThat(early.nextEvent()).isEqualTo(new ImapClientEvent.Finished(null,
                "the server closed the connection after: * 4 EXISTS"));
        ImapRetriever silent = new ImapRetriever("bob", "pw", 0, false);
        silent.connectionClosed();
        assertThat(silent.nextEvent()).isEqualTo(new ImapClientEvent.Finished(null, "the server closed the connection"));
    }

    @Test
    void garbageEndsAtOnce() {
        ImapRetriever wrongTag = atSelect(0);
        assertThat(feed(wrongTag, "a9 OK\r\n")).containsExactly(new ImapClientEvent.Finished(null, "not an IMAP response: a9 OK"));
        ImapRetriever noStatus = atSelect(0);
        assertThat(feed(noStatus, "a3 MAYBE\u0001\r\n"))
                .containsExactly(new ImapClientEvent.Finished(null, "not an IMAP status response: a3 MAYBE?"));
        ImapRetriever tooLong = new ImapRetriever("bob", "pw", 0, false);
        assertThat(feed(tooLong, "* OK " + "x".repeat(ImapRetriever.MAX_LINE_OCTETS) + "\r\n"))
                .containsExactly(new ImapClientEvent.Finished(null, "response line or literal too long"));
        ImapRetriever fits = new ImapRetriever("bob", "pw", 0, false);
        assertThat(feed(fits, "* OK " + "x".repeat(ImapRetriever.MAX_LINE_OCTETS - 5) + "\r\n").get(0))
                .isInstanceOf(ImapClientEvent.Response.class);
    }

    @Test
    void continuationAndOtherUntaggedLinesAreKeptInTheResponse() {
        ImapRetriever c = atSelect(0);
        List<ImapClientEvent> ev = feed(c, "+ what\r\n* 2 EXISTS\r\n* 9 FETCH (FLAGS ())\r\na3 OK done\r\n");
        assertThat(ev.get(0)).isEqualTo(new ImapClientEvent.Response(
                List.of("+ what", "* 2 EXISTS", "* 9 FETCH (FLAGS ())", "a3 OK done"), true, "select"));
        assertThat(sent(ev)).containsExactly("a4 FETCH 2 BODY[]");
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() {
        String script = "* OK [CAPABILITY IMAP4rev1] hi\r\na1 OK\r\na2 OK\r\n* 1 EXISTS\r\na3 OK\r\n"
                + "* 1 FETCH (BODY[] {3}\r\nx\r\n)\r\na4 OK\r\n* BYE\r\na5 OK\r\n";
        List<String> whole = describe(feed(new ImapRetriever("bob", "pw", 0, false), script));
        ImapRetriever c = new ImapRetriever("bob", "pw", 0, false);
        List<ImapClientEvent> bytes = new ArrayList<>();
        for (byte b : script.getBytes(UTF_8)) {
            bytes.addAll(feed(c, new String(new byte[] {b}, UTF_8)));
        }
        assertThat(describe(bytes)).isEqualTo(whole);
        assertThat(whole.get(whole.size() - 1)).isEqualTo("Finished x\r\n null");
        assertThat(whole).contains("Send a4 FETCH 1 BODY[]\r\n");
    }

    private static List<String> describe(List<ImapClientEvent> events) {
        List<String> out = new ArrayList<>();
        for (ImapClientEvent e : events) {
            if (e instanceof ImapClientEvent.Send) {
                out.add("Send " + new String(((ImapClientEvent.Send) e).bytes(), UTF_8));
            } else if (e instanceof ImapClientEvent.Finished) {
                byte[] c = ((ImapClientEvent.Finished) e).content();
                out.add("Finished " + (c == null ? null : new String(c, UTF_8)) + " " + ((ImapClientEvent.Finished) e).error());
            } else {
                out.add(e.toString());
            }
        }
        return out;
    }
}
