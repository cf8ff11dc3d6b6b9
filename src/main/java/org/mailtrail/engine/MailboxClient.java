package org.mailtrail.engine;

import java.util.List;
import org.mailtrail.imap.ImapClientEvent;
import org.mailtrail.imap.ImapRetriever;
import org.mailtrail.pop3.Pop3ClientEvent;
import org.mailtrail.pop3.Pop3Retriever;
import org.mailtrail.world.Retrieval;

/**
 * The recipient's mail client on the last leg, whatever its protocol: a POP3 (RFC 1939) or IMAP (RFC 3501)
 * retriever seen through one set of events, so that the simulation and the lab carry and record both the same way.
 */
public interface MailboxClient {
    /** What the client does next. */
    sealed interface Event permits NeedData, Send, Response, StartTls, Finished {
    }

    /** It waits for bytes from the server. */
    record NeedData() implements Event {
    }

    /** A command to write: the line, the line as shown (passwords hidden), its verb, its bytes. */
    record Send(String line, String shownLine, String verb, byte[] bytes) implements Event {
    }

    /** A complete response: its lines, whether it was positive, and the kind that names its explanation. */
    record Response(List<String> lines, boolean ok, String kind) implements Event {
    }

    /** The transport must start TLS now (STLS, STARTTLS), then call {@link #tlsEstablished()}. */
    record StartTls() implements Event {
    }

    /** Done: the message fetched (null if none) and what went wrong (null if nothing). */
    record Finished(byte[] content, String error) implements Event {
    }

    void receiveData(byte[] data);

    Event nextEvent();

    void tlsEstablished();

    void connectionClosed();

    /** {@code pop3} or {@code imap}: the protocol's name in explanation keys. */
    String protocol();

    /** A client that logs in as {@code user} and fetches message {@code number} (0: the newest), over TLS if offered. */
    static MailboxClient of(Retrieval how, String user, String password, int number) {
        if (how == Retrieval.POP3) {
            Pop3Retriever r = new Pop3Retriever(user, password, number, true);
            return new MailboxClient() {
                @Override
                public void receiveData(byte[] data) {
                    r.receiveData(data);
                }

                @Override
                public Event nextEvent() {
                    Pop3ClientEvent e = r.nextEvent();
                    if (e instanceof Pop3ClientEvent.Send s) {
                        return new Send(s.line(), s.shownLine(), s.verb(), s.bytes());
                    } else if (e instanceof Pop3ClientEvent.Response p) {
                        return new Response(p.lines(), p.ok(), p.kind());
                    } else if (e instanceof Pop3ClientEvent.StartTls) {
                        return new StartTls();
                    } else if (e instanceof Pop3ClientEvent.Finished f) {
                        return new Finished(f.content(), f.error());
                    }
                    return new NeedData();
                }

                @Override
                public void tlsEstablished() {
                    r.tlsEstablished();
                }

                @Override
                public void connectionClosed() {
                    r.connectionClosed();
                }

                @Override
                public String protocol() {
                    return "pop3";
                }
            };
        }
        ImapRetriever r = new ImapRetriever(user, password, number, true);
        return new MailboxClient() {
            @Override
            public void receiveData(byte[] data) {
                r.receiveData(data);
            }

            @Override
            public Event nextEvent() {
                ImapClientEvent e = r.nextEvent();
                if (e instanceof ImapClientEvent.Send s) {
                    return new Send(s.line(), s.shownLine(), s.verb(), s.bytes());
                } else if (e instanceof ImapClientEvent.Response p) {
                    return new Response(p.lines(), p.ok(), p.kind());
                } else if (e instanceof ImapClientEvent.StartTls) {
                    return new StartTls();
                } else if (e instanceof ImapClientEvent.Finished f) {
                    return new Finished(f.content(), f.error());
                }
                return new NeedData();
            }

            @Override
            public void tlsEstablished() {
                r.tlsEstablished();
            }

            @Override
            public void connectionClosed() {
                r.connectionClosed();
            }

            @Override
            public String protocol() {
                return "imap";
            }
        };
    }
}
