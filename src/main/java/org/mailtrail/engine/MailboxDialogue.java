package org.mailtrail.engine;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;

/**
 * The last leg in the simulation: the recipient's mail client fetches the new message from the mailbox server by
 * POP3 (RFC 1939) or IMAP (RFC 3501). The client's and the server's state machines are the ones the lab runs over
 * sockets, pumped here in memory over the virtual link; TLS first (STLS, STARTTLS), then the login, its password
 * shown hidden.
 */
final class MailboxDialogue {
    private MailboxDialogue() {
    }

    static void retrieve(SimNetwork net, Retrieval how, Host mua, Host store, String mailbox, int number,
                         MailboxAccess access, boolean bounce) {
        boolean pop = how == Retrieval.POP3;
        SimNetwork.Conn c = net.connect(mua, store.address(), pop ? 110 : 143, pop ? "POP3" : "IMAP");
        if (c == null) {
            return;
        }
        String user = mailbox.substring(0, mailbox.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        MailboxClient client = MailboxClient.of(how, user, net.world().users().passwordOf(mailbox), number);
        MailboxServer server = MailboxServer.of(how, store.name(), access);
        MailboxClient.Finished done = pump(net, c, client, server);
        net.close(c);
        if (done.content() != null) {
            String key = ConnectionSteps.retrievedKey(client.protocol(), bounce);
            net.local(EventKind.MAILBOX_RETRIEVED, mua.name(), ConnectionSteps.retrievedSummary(mailbox, bounce),
                    List.of("fetched message " + number + " (" + done.content().length + " octets) by " + how.name()),
                    key, RfcReferences.of(key, ConnectionSteps.mailboxRfc(client.protocol())),
                    Map.of("mailbox", mailbox));
        } else {
            net.local(EventKind.PROTOCOL_ERROR, mua.name(), "The mail client could not fetch the message: "
                    + done.error(), List.of(String.valueOf(done.error())), "mailbox.failed",
                    ConnectionSteps.mailboxRfc(client.protocol()), Map.of("mailbox", mailbox));
        }
    }

    /** Moves bytes between the two machines turn by turn, one link latency a turn, writing each step. */
    private static MailboxClient.Finished pump(SimNetwork net, SimNetwork.Conn c, MailboxClient client,
                                               MailboxServer server) {
        long lat = c.latency();
        String proto = client.protocol();
        server.start();
        boolean tlsPending = false;
        boolean serverClosed = false;
        for (int guard = 0; guard < 10_000; guard++) {
            ByteArrayOutputStream toClient = new ByteArrayOutputStream();
            for (MailboxServer.Event e = server.nextEvent(); !(e instanceof MailboxServer.NeedData);
                 e = server.nextEvent()) {
                if (e instanceof MailboxServer.Send s) {
                    toClient.writeBytes(s.bytes());
                } else if (e instanceof MailboxServer.StartTls) {
                    tlsPending = true;
                } else if (e instanceof MailboxServer.Close) {
                    serverClosed = true;
                    break;
                }
            }
            if (toClient.size() > 0) {
                net.advanceTo(net.now() + lat);
                client.receiveData(toClient.toByteArray());
            } else if (serverClosed) {
                client.connectionClosed();
            }
            ByteArrayOutputStream toServer = new ByteArrayOutputStream();
            for (MailboxClient.Event e = client.nextEvent(); !(e instanceof MailboxClient.NeedData);
                 e = client.nextEvent()) {
                if (e instanceof MailboxClient.Send s) {
                    c.steps().mailboxCommand(net.now(), net.now() + lat, proto, s.shownLine(), s.verb());
                    toServer.writeBytes(s.bytes());
                } else if (e instanceof MailboxClient.Response r) {
                    c.steps().mailboxReply(net.now() - lat, net.now(), proto, r.lines(), r.kind());
                } else if (e instanceof MailboxClient.StartTls) {
                    if (!tlsPending) {
                        client.connectionClosed();
                        continue;
                    }
                    tlsPending = false;
                    net.simulatedTls(c);
                    server.tlsEstablished();
                    client.tlsEstablished();
                } else if (e instanceof MailboxClient.Finished f) {
                    return f;
                }
            }
            if (toServer.size() > 0) {
                net.advanceTo(net.now() + lat);
                server.receiveData(toServer.toByteArray());
            } else if (toClient.size() == 0 && (serverClosed || guard > 0)) {
                client.connectionClosed();
            }
        }
        return new MailboxClient.Finished(null, "the session did not end");
    }
}
