package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.StoredMessage;

/** The POP3 server byte for byte: a whole session, chunking, STLS, redaction. */
class Pop3ServerTest {

    static final String CLIENT = "CAPA\r\nUSER bob\r\nPASS s3cret\r\nSTAT\r\nLIST\r\nLIST 2\r\nUIDL\r\nUIDL 1\r\n"
            + "RETR 1\r\nTOP 2 0\r\nDELE 1\r\nSTAT\r\nNOOP\r\nQUIT\r\n";

    static final String SERVER = """
            +OK pop.example.net POP3 server ready\r
            +OK Capability list follows\r
            TOP\r
            UIDL\r
            USER\r
            RESP-CODES\r
            AUTH-RESP-CODE\r
            PIPELINING\r
            IMPLEMENTATION Mail-Trail\r
            .\r
            +OK send PASS\r
            +OK maildrop has 2 messages (179 octets)\r
            +OK 2 179\r
            +OK 2 messages (179 octets)\r
            1 97\r
            2 82\r
            .\r
            +OK 2 82\r
            +OK unique-id listing follows\r
            1 1.1\r
            2 1.2\r
            .\r
            +OK 1 1.1\r
            +OK 97 octets\r
            From: alice@example.org\r
            To: bob@example.net\r
            Subject: First\r
            \r
            Hello Bob.\r
            ..hidden dot\r
            Line 3\r
            .\r
            +OK top of message follows\r
            From: carol@example.org\r
            To: bob@example.net\r
            Subject: Second\r
            \r
            .\r
            +OK message 1 deleted\r
            +OK 1 82\r
            +OK\r
            +OK pop.example.net POP3 server signing off (1 message left)\r
            """;

    @Test
    void wholeSessionCommandByCommand() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        StringBuilder out = new StringBuilder(t.start());
        for (String line : CLIENT.split("(?<=\r\n)")) {
            out.append(t.say(line));
        }
        assertThat(out.toString()).isEqualTo(SERVER);
        assertThat(t.server.isClosed()).isTrue();
        assertThat(t.server.nextEvent()).isInstanceOf(Pop3ServerEvent.Close.class);
        assertThat(t.server.nextEvent()).isInstanceOf(Pop3ServerEvent.Close.class);
        assertThat(t.directory.maildrop("bob@example.net").messages()).extracting(StoredMessage::uid)
                .containsExactly(2L);
        assertThat(t.events(Pop3ServerEvent.Close.class)).hasSize(1);
    }

    @Test
    void pipelinedInOneChunkGivesTheSameBytes() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        assertThat(t.start() + t.say(CLIENT)).isEqualTo(SERVER);
    }

    @Test
    void oneByteAtATimeGivesTheSameBytes() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        assertThat(t.start() + t.trickle(CLIENT)).isEqualTo(SERVER);
    }

    @Test
    void bareLineFeedsAreTolerated() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        assertThat(t.start() + t.say(CLIENT.replace("\r\n", "\n"))).isEqualTo(SERVER);
    }

    @Test
    void sendsOneEventPerResponseWithLinesMatchingTheBytes() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        t.say("USER bob\r\nPASS s3cret\r\nRETR 1\r\n");
        List<Pop3ServerEvent.Send> sends = t.events(Pop3ServerEvent.Send.class);
        assertThat(sends).hasSize(4);
        Pop3ServerEvent.Send retr = sends.get(3);
        assertThat(retr.ok()).isTrue();
        assertThat(retr.lines()).containsExactly("+OK 97 octets", "From: alice@example.org", "To: bob@example.net",
                "Subject: First", "", "Hello Bob.", "..hidden dot", "Line 3", ".");
        assertThat(t.events.get(0)).isInstanceOf(Pop3ServerEvent.Send.class);
        assertThat(t.events.get(1)).isEqualTo(new Pop3ServerEvent.CommandReceived("USER bob", "USER", "USER bob"));
        assertThat(t.events.get(2)).isInstanceOf(Pop3ServerEvent.Send.class);
    }

    @Test
    void thePasswordIsRedactedInTheShownLine() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.start();
        t.say("USER bob\r\npass s3cret with spaces\r\n");
        Pop3ServerEvent.CommandReceived pass = t.events(Pop3ServerEvent.CommandReceived.class).get(1);
        assertThat(pass.verb()).isEqualTo("PASS");
        assertThat(pass.line()).isEqualTo("pass s3cret with spaces");
        assertThat(pass.shownLine()).isEqualTo("pass ********");
        t.say("AUTH PLAIN AGJvYgBzM2NyZXQ=\r\nPASS\r\n");
        List<Pop3ServerEvent.CommandReceived> all = t.events(Pop3ServerEvent.CommandReceived.class);
        assertThat(all.get(2).shownLine()).isEqualTo("AUTH ********");
        assertThat(all.get(3).shownLine()).isEqualTo("PASS");
    }

    @Test
    void aPasswordWithSpacesIsTheRestOfTheLine() {
        Pop3Talk t = new Pop3Talk(Pop3Talk.plain());
        t.directory.addUser("bob@example.net", "two words ");
        t.start();
        assertThat(t.say("USER bob\r\nPASS two words \r\n"))
                .isEqualTo("+OK send PASS\r\n+OK maildrop has 2 messages (179 octets)\r\n");
        assertThat(t.server.loggedIn()).isTrue();
    }

    @Test
    void stlsThenLoginWhenPlainLoginNeedsTls() {
        Pop3Talk t = new Pop3Talk(new Pop3Server.Config("pop.example.net", true, false, true));
        t.start();
        assertThat(t.say("CAPA\r\n")).isEqualTo("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nPIPELINING\r\nSTLS\r\nIMPLEMENTATION Mail-Trail\r\n.\r\n");
        assertThat(t.say("USER bob\r\n"))
                .isEqualTo("-ERR [AUTH] plain-text login refused without TLS; use STLS first\r\n");
        assertThat(t.say("PASS s3cret\r\n"))
                .isEqualTo("-ERR [AUTH] plain-text login refused without TLS; use STLS first\r\n");
        assertThat(t.server.tlsActive()).isFalse();
        assertThat(t.say("STLS\r\nUSER bob\r\n")).isEqualTo("+OK Begin TLS negotiation\r\n");
        assertThat(t.events.get(t.events.size() - 1)).isInstanceOf(Pop3ServerEvent.StartTls.class);
        assertThatThrownBy(() -> t.server.receiveData("NOOP\r\n".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(t.server.nextEvent()).isInstanceOf(Pop3ServerEvent.NeedData.class);
        t.server.tlsEstablished();
        assertThat(t.server.tlsActive()).isTrue();
        assertThat(t.say("CAPA\r\n")).isEqualTo("+OK Capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION Mail-Trail\r\n.\r\n");
        assertThat(t.say("STLS\r\n")).isEqualTo("-ERR TLS is already active\r\n");
        assertThat(t.say("PASS s3cret\r\n")).isEqualTo("-ERR send USER first\r\n"); // USER before TLS was dropped
        assertThat(t.say("USER bob\r\nPASS s3cret\r\n"))
                .isEqualTo("+OK send PASS\r\n+OK maildrop has 2 messages (179 octets)\r\n");
        assertThat(t.server.loggedIn()).isTrue();
    }

    @Test
    void aUserGivenBeforeStlsIsForgotten() {
        Pop3Talk t = new Pop3Talk(new Pop3Server.Config("pop.example.net", true, false, false));
        t.start();
        t.say("USER bob\r\nSTLS\r\n");
        t.server.tlsEstablished();
        assertThat(t.say("PASS s3cret\r\n")).isEqualTo("-ERR send USER first\r\n");
    }

    @Test
    void stlsRefusals() {
        Pop3Talk plain = new Pop3Talk(Pop3Talk.plain());
        plain.start();
        assertThat(plain.say("STLS\r\n")).isEqualTo("-ERR STLS not offered\r\n");
        Pop3Talk offered = new Pop3Talk(new Pop3Server.Config("pop.example.net", true, false, false));
        offered.start();
        assertThat(offered.say("STLS now\r\n")).isEqualTo("-ERR STLS takes no argument\r\n");
        assertThat(offered.say("USER bob\r\nPASS s3cret\r\nSTLS\r\n")).endsWith("-ERR already logged in\r\n");
        assertThat(offered.say("CAPA\r\n")).doesNotContain("STLS").contains("USER");
        Pop3Talk already = new Pop3Talk(new Pop3Server.Config("pop.example.net", true, true, true));
        already.start();
        assertThat(already.server.tlsActive()).isTrue();
        assertThat(already.say("CAPA\r\n")).doesNotContain("STLS").contains("USER\r\n");
        assertThat(already.say("STLS\r\n")).isEqualTo("-ERR TLS is already active\r\n");
        assertThat(already.say("USER bob\r\n")).isEqualTo("+OK send PASS\r\n");
        assertThatThrownBy(already.server::tlsEstablished).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void misuseByTheTransportThrows() {
        Pop3Server s = new Pop3Server(Pop3Talk.plain(), Pop3Talk.bobWithTwoMessages());
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        s.connectionClosed();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Pop3Server(null, Pop3Talk.bobWithTwoMessages()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3Server(Pop3Talk.plain(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configNeedsAPrintableHostName() {
        for (String bad : new String[] {null, "", "pop example", "pop\r\n", "p\u00f6p"}) {
            assertThatThrownBy(() -> new Pop3Server.Config(bad, false, false, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new Pop3Server.Config("a", false, false, false).hostname()).isEqualTo("a");
    }
}
