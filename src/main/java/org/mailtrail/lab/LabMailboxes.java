package org.mailtrail.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.MailStore;
import org.mailtrail.engine.MailboxClient;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;

/**
 * The mailboxes of the lab's mailbox hosts, which final delivery fills and the hosts' POP3 and IMAP servers read;
 * and the last leg as the lab's mail clients walk it, over a real connection to those servers.
 */
final class LabMailboxes implements MailStore {
    private final MailStore memory;
    private final org.mailtrail.world.World.Users users;

    LabMailboxes(org.mailtrail.world.World.Users users) {
        this.users = users;
        this.memory = MailStore.inMemory(users);
    }

    /** Every mailbox of the world, created empty, so that its user can log in before the first mail arrives. */
    void createAll(org.mailtrail.world.World world) {
        for (Host h : world.hosts()) {
            if (h.localDomains().isEmpty()) {
                continue;
            }
            // the first local domain only: a login by local part must not find an empty twin before the real one
            for (String m : h.mailboxes()) {
                memory.create(h.mailboxHostOrSelf(), m + "@" + h.localDomains().get(0));
            }
        }
    }

    @Override
    public void create(String storeHost, String mailbox) {
        memory.create(storeHost, mailbox);
    }

    @Override
    public int append(String storeHost, String mailbox, byte[] content) {
        return memory.append(storeHost, mailbox, content);
    }

    @Override
    public MailboxAccess access(String storeHost) {
        return memory.access(storeHost);
    }

    /** The recipient's client fetches message {@code number} from {@code store}, every step on the journey. */
    void retrieve(LabNetwork net, LiveRecorder rec, Retrieval how, Host mua, Host store, String mailbox, int number,
                  SSLContext tls, boolean bounce) {
        boolean pop = how == Retrieval.POP3;
        LabNetwork.Opened o = net.open(rec, mua, store, pop ? 110 : 143, pop ? "POP3" : "IMAP");
        if (o == null) {
            return;
        }
        String user = mailbox.substring(0, mailbox.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        MailboxClient client = MailboxClient.of(how, user, users.passwordOf(mailbox), number);
        MailboxClient.Finished done;
        try (SocketStreams io = o.io()) {
            done = drive(client, io, o.steps(), rec, tls);
        }
        o.steps().close(rec.now(), rec.now(), true);
        net.closed(o);
        if (done.content() != null) {
            String key = ConnectionSteps.retrievedKey(client.protocol(), bounce);
            rec.local(EventKind.MAILBOX_RETRIEVED, mua.name(),
                    ConnectionSteps.retrievedSummary(mailbox, bounce),
                    List.of("fetched message " + number + " (" + done.content().length + " octets) by " + how.name()),
                    key, org.mailtrail.timeline.RfcReferences.of(key, ConnectionSteps.mailboxRfc(client.protocol())),
                    Map.of("mailbox", mailbox));
        } else {
            rec.local(EventKind.PROTOCOL_ERROR, mua.name(), "The mail client could not fetch the message: "
                    + done.error(), List.of(String.valueOf(done.error())), "mailbox.failed",
                    ConnectionSteps.mailboxRfc(client.protocol()), Map.of("mailbox", mailbox));
        }
    }

    /**
     * Carries a mailbox client over a socket to its end, writing each command and response as it happens. Once the
     * connection is lost the client is not read for again: a client that still waits for data then (one whose TLS
     * handshake failed: it is told the connection closed while in the handshake, and keeps asking for data) ends
     * here with the reason, instead of reading the dead socket again and again, recording an error each time, for
     * ever (a lab stopped during a retrieval left its queue thread doing exactly that, filling the heap).
     */
    static MailboxClient.Finished drive(MailboxClient client, SocketStreams io, ConnectionSteps steps,
                                        LiveRecorder rec, SSLContext tls) {
        String proto = client.protocol();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String lost = null; // why the connection ended, once the client has been told it did
        while (true) {
            MailboxClient.Event e = client.nextEvent();
            if (e instanceof MailboxClient.Finished f) {
                return f;
            } else if (e instanceof MailboxClient.Send s) {
                long t = rec.now();
                steps.mailboxCommand(t, t, proto, s.shownLine(), s.verb());
                out.writeBytes(s.bytes());
            } else if (e instanceof MailboxClient.Response r) {
                long t = rec.now();
                steps.mailboxReply(t, t, proto, r.lines(), r.kind());
            } else if (lost != null) {
                return new MailboxClient.Finished(null, lost); // it still waits for a connection that is gone
            } else {
                try {
                    if (out.size() > 0) {
                        io.write(out.toByteArray());
                        out.reset();
                    }
                    if (e instanceof MailboxClient.StartTls) {
                        long started = rec.now();
                        SSLSocket ssl = io.startTls(tls, true);
                        SSLSession s = ssl.getSession();
                        steps.tls(started, rec.now(), s.getProtocol(), s.getCipherSuite(),
                                SmtpClientDriver.subject(s), "trusted: the lab's own certificate",
                                List.of("protocol: " + s.getProtocol(), "cipher: " + s.getCipherSuite(),
                                        "certificate: " + SmtpClientDriver.subject(s),
                                        "verdict: trusted: the lab's own certificate",
                                        "(the rest of this session is encrypted on the wire)"));
                        client.tlsEstablished();
                        continue;
                    }
                    byte[] b = io.read();
                    if (b == null) {
                        lost = "the server closed the connection";
                        client.connectionClosed();
                    } else {
                        client.receiveData(b);
                    }
                } catch (SocketTimeoutException x) {
                    steps.error(rec.now(), "mailbox.timeout", ConnectionSteps.mailboxRfc(proto), "Error: no reply in"
                            + " time", "no reply in time", true);
                    lost = "no reply in time";
                    client.connectionClosed();
                } catch (IOException x) {
                    steps.error(rec.now(), "mailbox.closed", ConnectionSteps.mailboxRfc(proto), "Error: "
                            + x.getMessage(), String.valueOf(x.getMessage()), true);
                    lost = e instanceof MailboxClient.StartTls ? "TLS handshake failed: " + x.getMessage()
                            : "connection lost: " + x.getMessage();
                    client.connectionClosed();
                }
            }
        }
    }
}
