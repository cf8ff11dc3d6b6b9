package org.mailtrail.engine;

import java.util.List;
import org.mailtrail.imap.ImapServer;
import org.mailtrail.imap.ImapServerEvent;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.pop3.Pop3Server;
import org.mailtrail.pop3.Pop3ServerEvent;
import org.mailtrail.world.Retrieval;

/**
 * A mailbox host's POP3 or IMAP server seen through one set of events, as {@link MailboxClient} is for clients: the
 * simulation pumps it in memory, the lab over a socket.
 */
public interface MailboxServer {
    /** What the server does next. */
    sealed interface Event permits NeedData, Command, Send, StartTls, Close {
    }

    /** It waits for bytes from the client. */
    record NeedData() implements Event {
    }

    /** A command arrived: its verb and the line as shown (passwords hidden). */
    record Command(String verb, String shownLine) implements Event {
    }

    /** A response to write: its lines and bytes. */
    record Send(List<String> lines, byte[] bytes) implements Event {
    }

    /** The transport must start TLS now, then call {@link #tlsEstablished()}. */
    record StartTls() implements Event {
    }

    /** The transport must close the connection. */
    record Close() implements Event {
    }

    void start();

    void receiveData(byte[] data);

    Event nextEvent();

    void tlsEstablished();

    /**
     * The server of {@code hostname} for {@code how}, offering STLS/STARTTLS and taking a password only over TLS
     * (RFC 2595 §2.1, RFC 3501 §6.2.3: LOGINDISABLED until then).
     */
    static MailboxServer of(Retrieval how, String hostname, MailboxAccess access) {
        if (how == Retrieval.POP3) {
            Pop3Server s = new Pop3Server(new Pop3Server.Config(hostname, true, false, true), access);
            return new MailboxServer() {
                @Override
                public void start() {
                    s.start();
                }

                @Override
                public void receiveData(byte[] data) {
                    s.receiveData(data);
                }

                @Override
                public Event nextEvent() {
                    Pop3ServerEvent e = s.nextEvent();
                    if (e instanceof Pop3ServerEvent.Send x) {
                        return new Send(x.lines(), x.bytes());
                    } else if (e instanceof Pop3ServerEvent.CommandReceived c) {
                        return new Command(c.verb(), c.shownLine());
                    } else if (e instanceof Pop3ServerEvent.StartTls) {
                        return new StartTls();
                    } else if (e instanceof Pop3ServerEvent.Close) {
                        return new Close();
                    }
                    return new NeedData();
                }

                @Override
                public void tlsEstablished() {
                    s.tlsEstablished();
                }
            };
        }
        ImapServer s = new ImapServer(new ImapServer.Config(hostname, true, false, true), access);
        return new MailboxServer() {
            @Override
            public void start() {
                s.start();
            }

            @Override
            public void receiveData(byte[] data) {
                s.receiveData(data);
            }

            @Override
            public Event nextEvent() {
                ImapServerEvent e = s.nextEvent();
                if (e instanceof ImapServerEvent.Send x) {
                    return new Send(x.lines(), x.bytes());
                } else if (e instanceof ImapServerEvent.CommandReceived c) {
                    return new Command(c.verb(), c.shownLine());
                } else if (e instanceof ImapServerEvent.StartTls) {
                    return new StartTls();
                } else if (e instanceof ImapServerEvent.Close) {
                    return new Close();
                }
                return new NeedData();
            }

            @Override
            public void tlsEstablished() {
                s.tlsEstablished();
            }
        };
    }
}
