package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.MailboxDirectory;

/** The IMAP retriever pumped against the server in memory. */
class ImapRetrieverTest {
    static final ImapServer.Config TLS_REQUIRED = new ImapServer.Config("imap.example.net", true, false, true);

    static final List<String> AFTER_CAPABILITY = List.of("S: * CAPABILITY IMAP4rev1 LITERAL+ UNSELECT");

    static List<String> fromLogin(int tag) {
        return List.of("C: a" + tag + " LOGIN bob ********", "S: a" + tag + " OK LOGIN completed",
                "C: a" + (tag + 1) + " SELECT INBOX", "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted",
                "S: * 2 EXISTS", "S: * 0 RECENT", "S: * OK [UNSEEN 1] First unseen", "S: * OK [UIDVALIDITY 1] UIDs valid",
                "S: * OK [UIDNEXT 3] Predicted next UID", "S: a" + (tag + 1) + " OK [READ-WRITE] SELECT completed",
                "C: a" + (tag + 2) + " FETCH 2 BODY[]", "S: * 2 FETCH (FLAGS (\\Seen) BODY[] {82}",
                "S: From: carol@example.org", "S: To: bob@example.net", "S: Subject: Second", "S: ",
                "S: Second message.", "S: )", "S: a" + (tag + 2) + " OK FETCH completed", "C: a" + (tag + 3) + " LOGOUT",
                "S: * BYE imap.example.net logging out", "S: a" + (tag + 3) + " OK LOGOUT completed");
    }

    @Test
    void fetchesTheNewestInClearText() {
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 0, false),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        ImapClientEvent.Finished f = p.run();
        assertThat(f.error()).isNull();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(ImapTalk.M2);
        List<String> expected = new ArrayList<>(List.of("S: " + ImapTalk.GREETING.trim(), "C: a1 CAPABILITY"));
        expected.addAll(AFTER_CAPABILITY);
        expected.add("S: a1 OK CAPABILITY completed");
        expected.addAll(fromLogin(2));
        assertThat(p.transcript).containsExactlyElementsOf(expected);
        assertThat(p.responseKinds()).containsExactly("greeting", "capability", "ok", "select", "fetch", "logout");
        assertThat(p.client.tlsActive()).isFalse();
        assertThat(p.client.nextEvent()).isSameAs(f);
        assertThat(p.server.isClosed()).isTrue();
    }

    @Test
    void fetchesOverStartTlsWhenLoginNeedsTls() {
        ImapServer server = new ImapServer(TLS_REQUIRED, ImapTalk.bobWithTwoMessages());
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 0, true), server);
        ImapClientEvent.Finished f = p.run();
        assertThat(f.error()).isNull();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(ImapTalk.M2);
        List<String> expected = new ArrayList<>(List.of(
                "S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED LITERAL+ UNSELECT] imap.example.net ready",
                "C: a1 STARTTLS", "S: a1 OK Begin TLS negotiation now", "== TLS handshake", "C: a2 CAPABILITY"));
        expected.addAll(AFTER_CAPABILITY);
        expected.add("S: a2 OK CAPABILITY completed");
        expected.addAll(fromLogin(3));
        assertThat(p.transcript).containsExactlyElementsOf(expected);
        assertThat(p.responseKinds())
                .containsExactly("greeting", "starttls", "capability", "ok", "select", "fetch", "logout");
        assertThat(p.clientEvents).filteredOn(e -> e instanceof ImapClientEvent.StartTls).hasSize(1);
        assertThat(p.client.tlsActive()).isTrue();
        assertThat(server.tlsActive()).isTrue();
    }

    @Test
    void theVerbsAndTheRedactedLogin() {
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 1, false),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        ImapClientEvent.Finished f = p.run();
        assertThat(new String(f.content(), UTF_8)).isEqualTo(ImapTalk.M1); // no dot-stuffing in IMAP
        List<ImapClientEvent.Send> sends = new ArrayList<>();
        p.clientEvents.stream().filter(e -> e instanceof ImapClientEvent.Send).forEach(e -> sends.add((ImapClientEvent.Send) e));
        assertThat(sends).extracting(ImapClientEvent.Send::verb)
                .containsExactly("CAPABILITY", "LOGIN", "SELECT", "FETCH", "LOGOUT");
        assertThat(sends.get(1).line()).isEqualTo("a2 LOGIN bob s3cret");
        assertThat(sends.get(1).shownLine()).isEqualTo("a2 LOGIN bob ********");
        assertThat(sends.get(3).line()).isEqualTo("a4 FETCH 1 BODY[]");
        assertThat(String.join("\n", p.transcript)).doesNotContain("s3cret");
        ImapClientEvent.Response fetch = (ImapClientEvent.Response) p.clientEvents.stream()
                .filter(e -> e instanceof ImapClientEvent.Response && ((ImapClientEvent.Response) e).kind().equals("fetch"))
                .findFirst().orElseThrow();
        assertThat(fetch.ok()).isTrue();
        assertThat(fetch.lines()).containsExactly("* 1 FETCH (FLAGS (\\Seen) BODY[] {97}", "From: alice@example.org",
                "To: bob@example.net", "Subject: First", "", "Hello Bob.", ".hidden dot", "Line 3", ")",
                "a4 OK FETCH completed");
    }

    @Test
    void credentialsThatAreNoAtoms() {
        MailboxDirectory dir = ImapTalk.bobWithTwoMessages();
        dir.addUser("j\u00fcrgen@example.net", "p\u00e4ss");
        dir.addUser("amy@example.net", "a \"quoted\" \\ one");
        dir.maildrop("amy@example.net").append(ImapTalk.M1.getBytes(UTF_8));
        dir.maildrop("j\u00fcrgen@example.net").append(ImapTalk.M2.getBytes(UTF_8));
        ImapPump amy = new ImapPump(new ImapRetriever("amy", "a \"quoted\" \\ one", 0, false),
                new ImapServer(ImapTalk.plain(), dir));
        assertThat(amy.run().error()).isNull();
        assertThat(amy.transcript).contains("C: a2 LOGIN amy ********");
        ImapPump j = new ImapPump(new ImapRetriever("j\u00fcrgen", "p\u00e4ss", 0, false),
                new ImapServer(ImapTalk.plain(), dir));
        assertThat(new String(j.run().content(), UTF_8)).isEqualTo(ImapTalk.M2);
        ImapClientEvent.Send login = (ImapClientEvent.Send) j.clientEvents.stream()
                .filter(e -> e instanceof ImapClientEvent.Send && ((ImapClientEvent.Send) e).verb().equals("LOGIN"))
                .findFirst().orElseThrow();
        assertThat(login.line()).isEqualTo("a2 LOGIN {7+}\r\nj\u00fcrgen {5+}\r\np\u00e4ss");
        assertThat(login.shownLine()).isEqualTo("a2 LOGIN \"j\u00fcrgen\" ********");
    }

    @Test
    void refusedLoginEndsWithLogoutAndAnError() {
        ImapPump p = new ImapPump(new ImapRetriever("bob", "wrong", 0, false),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        ImapClientEvent.Finished f = p.run();
        assertThat(f.content()).isNull();
        assertThat(f.error()).isEqualTo("the server refused LOGIN: a2 NO [AUTHENTICATIONFAILED] Invalid user name or password");
        assertThat(p.sentLines()).containsExactly("a1 CAPABILITY", "a2 LOGIN bob ********", "a3 LOGOUT");
        assertThat(p.responseKinds()).containsExactly("greeting", "capability", "no", "logout");
    }

    @Test
    void loginDisabledWithoutTls() {
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 0, false),
                new ImapServer(TLS_REQUIRED, ImapTalk.bobWithTwoMessages()));
        assertThat(p.run().error()).isEqualTo("the server does not allow LOGIN here (LOGINDISABLED)");
        assertThat(p.sentLines()).containsExactly("a1 CAPABILITY", "a2 LOGOUT");
    }

    @Test
    void tlsWantedButNotOfferedGoesOnInClearText() {
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 0, true),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        assertThat(p.run().error()).isNull();
        assertThat(p.sentLines()).containsExactly("a1 CAPABILITY", "a2 LOGIN bob ********", "a3 SELECT INBOX",
                "a4 FETCH 2 BODY[]", "a5 LOGOUT");
    }

    @Test
    void anEmptyInboxOrAMissingMessage() {
        MailboxDirectory empty = new MailboxDirectory();
        empty.addUser("bob@example.net", "s3cret");
        ImapPump p = new ImapPump(new ImapRetriever("bob", "s3cret", 0, false), new ImapServer(ImapTalk.plain(), empty));
        assertThat(p.run()).isEqualTo(new ImapClientEvent.Finished(null, "INBOX is empty"));
        assertThat(p.sentLines()).containsExactly("a1 CAPABILITY", "a2 LOGIN bob ********", "a3 SELECT INBOX", "a4 LOGOUT");
        ImapPump q = new ImapPump(new ImapRetriever("bob", "s3cret", 3, false),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        assertThat(q.run().error()).isEqualTo("there is no message 3, INBOX has 2");
        ImapPump last = new ImapPump(new ImapRetriever("bob", "s3cret", 2, false),
                new ImapServer(ImapTalk.plain(), ImapTalk.bobWithTwoMessages()));
        assertThat(new String(last.run().content(), UTF_8)).isEqualTo(ImapTalk.M2);
    }

    @Test
    void constructorChecksItsArguments() {
        for (String bad : new String[] {null, "", "bob\r\n", "b\u0000b"}) {
            assertThatThrownBy(() -> new ImapRetriever(bad, "pw", 0, false)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ImapRetriever("bob", bad, 0, false)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ImapRetriever("bob", "pw", -1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ImapRetriever("b o b", "p w", 0, false).nextEvent()).isInstanceOf(ImapClientEvent.NeedData.class);
    }
}
