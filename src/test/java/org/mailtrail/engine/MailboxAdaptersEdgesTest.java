package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.MailboxDirectory;
import org.mailtrail.world.Retrieval;

/**
 * {@link MailboxServer} and {@link MailboxClient} seen from a transport (the lab drives them over sockets): the events
 * each protocol's machine gives, one set of records for both, in the order a transport must act on them.
 */
class MailboxAdaptersEdgesTest {

    private static MailboxDirectory bob() {
        MailboxDirectory d = new MailboxDirectory();
        d.addUser("bob@example.net", "pw");
        d.maildrop("bob@example.net").append("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        return d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The events up to NeedData (or a Close, which repeats). */
    private static List<MailboxServer.Event> drain(MailboxServer s) {
        List<MailboxServer.Event> out = new ArrayList<>();
        for (MailboxServer.Event e = s.nextEvent(); ; e = s.nextEvent()) {
            out.add(e);
            if (e instanceof MailboxServer.NeedData || e instanceof MailboxServer.Close) {
                return out;
            }
        }
    }

    private static List<MailboxClient.Event> drain(MailboxClient c) {
        List<MailboxClient.Event> out = new ArrayList<>();
        for (MailboxClient.Event e = c.nextEvent(); ; e = c.nextEvent()) {
            out.add(e);
            if (e instanceof MailboxClient.NeedData || e instanceof MailboxClient.Finished) {
                return out;
            }
        }
    }

    @Test
    void aPop3ServerNamesEachCommandHidesThePasswordAndClosesAfterQuit() {
        MailboxServer s = MailboxServer.of(Retrieval.POP3, "imap.example.net", bob());
        s.start();
        List<MailboxServer.Event> greeting = drain(s);
        assertThat(greeting).hasSize(2);
        assertThat(((MailboxServer.Send) greeting.get(0)).lines().get(0)).startsWith("+OK");
        assertThat(greeting.get(1)).isInstanceOf(MailboxServer.NeedData.class);

        s.receiveData(ascii("STLS\r\n"));
        List<MailboxServer.Event> stls = drain(s);
        assertThat(stls.get(0)).isEqualTo(new MailboxServer.Command("STLS", "STLS"));
        assertThat(((MailboxServer.Send) stls.get(1)).lines().get(0)).startsWith("+OK");
        assertThat(stls.get(2)).isInstanceOf(MailboxServer.StartTls.class);
        s.tlsEstablished();

        s.receiveData(ascii("USER bob\r\nPASS pw\r\n"));
        List<MailboxServer.Event> login = drain(s);
        assertThat(login).filteredOn(e -> e instanceof MailboxServer.Command).extracting(
                e -> ((MailboxServer.Command) e).verb(), e -> ((MailboxServer.Command) e).shownLine())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("USER", "USER bob"),
                        org.assertj.core.groups.Tuple.tuple("PASS", "PASS ********"));
        MailboxServer.Send welcome = (MailboxServer.Send) login.get(login.size() - 2);
        assertThat(new String(welcome.bytes(), StandardCharsets.US_ASCII)).startsWith("+OK").endsWith("\r\n");

        s.receiveData(ascii("QUIT\r\n"));
        List<MailboxServer.Event> quit = drain(s);
        assertThat(quit.get(0)).isInstanceOf(MailboxServer.Command.class);
        assertThat(quit.get(1)).isInstanceOf(MailboxServer.Send.class);
        assertThat(quit).last().isInstanceOf(MailboxServer.Close.class);
        assertThat(s.nextEvent()).isInstanceOf(MailboxServer.Close.class);
    }

    @Test
    void anImapServerDoesTheSameWithItsOwnVerbs() {
        MailboxServer s = MailboxServer.of(Retrieval.IMAP, "imap.example.net", bob());
        s.start();
        List<MailboxServer.Event> greeting = drain(s);
        assertThat(((MailboxServer.Send) greeting.get(0)).lines().get(0)).startsWith("* OK");
        assertThat(greeting).last().isInstanceOf(MailboxServer.NeedData.class);

        s.receiveData(ascii("a1 STARTTLS\r\n"));
        List<MailboxServer.Event> tls = drain(s);
        assertThat(tls.get(0)).isInstanceOf(MailboxServer.Command.class);
        assertThat(((MailboxServer.Command) tls.get(0)).verb()).isEqualTo("STARTTLS");
        assertThat(((MailboxServer.Send) tls.get(1)).lines()).last().asString().startsWith("a1 OK");
        assertThat(tls.get(2)).isInstanceOf(MailboxServer.StartTls.class);
        s.tlsEstablished();

        s.receiveData(ascii("a2 LOGIN bob pw\r\n"));
        List<MailboxServer.Event> login = drain(s);
        MailboxServer.Command cmd = (MailboxServer.Command) login.get(0);
        assertThat(cmd.verb()).isEqualTo("LOGIN");
        assertThat(cmd.shownLine()).startsWith("a2 LOGIN bob ").doesNotContain("pw");
        assertThat(((MailboxServer.Send) login.get(1)).lines()).last().asString().startsWith("a2 OK");

        s.receiveData(ascii("a3 LOGOUT\r\n"));
        List<MailboxServer.Event> out = drain(s);
        assertThat(out).last().isInstanceOf(MailboxServer.Close.class);
        assertThat(out).filteredOn(e -> e instanceof MailboxServer.Send).isNotEmpty();
        assertThat(s.nextEvent()).isInstanceOf(MailboxServer.Close.class);
    }

    @Test
    void aPop3ClientReportsEachResponseAndGivesUpWhenTheServerGoesAway() {
        MailboxClient c = MailboxClient.of(Retrieval.POP3, "bob", "pw", 1);
        assertThat(c.protocol()).isEqualTo("pop3");
        assertThat(c.nextEvent()).isInstanceOf(MailboxClient.NeedData.class);
        c.receiveData(ascii("+OK POP3 ready\r\n"));
        List<MailboxClient.Event> ev = drain(c);
        MailboxClient.Response r = (MailboxClient.Response) ev.get(0);
        assertThat(r.lines()).containsExactly("+OK POP3 ready");
        assertThat(r.ok()).isTrue();
        assertThat(r.kind()).isEqualTo("greeting");
        MailboxClient.Send capa = (MailboxClient.Send) ev.get(1);
        assertThat(capa.line()).isEqualTo("CAPA");
        assertThat(capa.verb()).isEqualTo("CAPA");
        assertThat(capa.bytes()).isEqualTo(ascii("CAPA\r\n"));

        c.connectionClosed();
        MailboxClient.Finished f = (MailboxClient.Finished) drain(c).get(0);
        assertThat(f.content()).isNull();
        assertThat(f.error()).isEqualTo("the server closed the connection");
    }

    @Test
    void anImapClientGivesUpTooWhenTheServerGoesAway() {
        MailboxClient c = MailboxClient.of(Retrieval.IMAP, "bob", "pw", 0);
        assertThat(c.protocol()).isEqualTo("imap");
        c.receiveData(ascii("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n"));
        List<MailboxClient.Event> ev = drain(c);
        MailboxClient.Response r = (MailboxClient.Response) ev.get(0);
        assertThat(r.ok()).isTrue();
        assertThat(r.lines()).hasSize(1);
        assertThat(((MailboxClient.Send) ev.get(1)).verb()).isEqualTo("STARTTLS");
        c.receiveData(ascii("a1 OK begin TLS\r\n"));
        List<MailboxClient.Event> tls = drain(c);
        assertThat(tls).hasSize(3);
        assertThat(tls.get(1)).isInstanceOf(MailboxClient.StartTls.class);
        assertThat(tls.get(2)).isInstanceOf(MailboxClient.NeedData.class);
        c.tlsEstablished();
        assertThat(drain(c).get(0)).isInstanceOf(MailboxClient.Send.class);

        c.connectionClosed();
        MailboxClient.Finished f = (MailboxClient.Finished) drain(c).get(0);
        assertThat(f.content()).isNull();
        assertThat(f.error()).contains("closed");
    }
}
