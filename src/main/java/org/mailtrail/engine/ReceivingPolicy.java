package org.mailtrail.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerPolicy;
import org.mailtrail.smtp.Transaction;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;

/**
 * What a world host's SMTP server decides, command by command, in the simulation and in the lab alike: its
 * greeting and faults, which recipients it takes (its own domains' mailboxes; foreign domains only for the clients
 * it relays for), greylisting (RFC 6647), loop detection (RFC 5321 §6.3), and, when it accepts a message, the
 * Received: line it prepends (RFC 5321 §4.4) and the queue entry it creates. No I/O: the transport feeds the
 * {@link org.mailtrail.smtp.SmtpServer} that asks it, and hands {@link #accepted()} to the {@link DeliveryAgent}
 * when the session ends.
 */
public final class ReceivingPolicy implements ServerPolicy {
    /** RFC 5321 §6.3: a message with this many Received: lines is looping. */
    public static final int MAX_HOPS = 100;

    private final Host host;
    private final String clientName;
    private final String clientAddr;
    private final DeliveryAgent agent;
    private final JourneyState journey;
    private final List<QueueEntry> accepted = new ArrayList<>();
    private String authenticatedUser;

    /**
     * The policy of {@code host} for one session with a client known as {@code clientName} (a world host's name, or
     * an address literal for a client from outside the world) at {@code clientAddr}; what it accepts joins
     * {@code journey} (whose journal gets the acceptance steps).
     */
    public ReceivingPolicy(Host host, String clientName, String clientAddr, DeliveryAgent agent, JourneyState journey) {
        this.host = host;
        this.clientName = clientName;
        this.clientAddr = clientAddr;
        this.agent = agent;
        this.journey = journey;
    }

    /** The host whose server this is. */
    public Host host() {
        return host;
    }

    /** Messages this session handed over to the host. */
    public List<QueueEntry> accepted() {
        return accepted;
    }

    /**
     * AUTH (RFC 4954) with the world's users: the user is a full address the world has (a mailbox or a mail client's
     * user), the password is theirs (World.Users).
     */
    @Override
    public Reply onAuth(String user, String password) {
        World world = agent.world();
        if (world.hasUser(user) && world.users().passwordOf(user).equals(password)) {
            authenticatedUser = user;
            return null;
        }
        return Reply.of(535, "5.7.8 Error: authentication failed");
    }

    @Override
    public Reply onConnect() {
        if (host.smtp().greeting() != null) {
            return parse(host.smtp().greeting());
        }
        return Reply.of(220, host.name() + " ESMTP " + host.smtp().software());
    }

    @Override
    public Reply onMail(String reversePath, Map<String, String> params) {
        if (host.smtp().mailReply() != null) {
            return parse(host.smtp().mailReply());
        }
        return Reply.of(250, "2.1.0 Ok");
    }

    @Override
    public Reply onRcpt(String reversePath, String recipient) {
        String rcpt = recipient.toLowerCase(Locale.ROOT);
        String fixed = host.smtp().rcptReplies().get(rcpt);
        if (fixed != null) {
            return parse(fixed);
        }
        int at = rcpt.lastIndexOf('@');
        if (at < 0) {
            // RFC 5321 §4.5.1: "postmaster" without a domain must be accepted; it means the postmaster of this host's
            // (first local) domain. Anything else without a domain is no address of this host.
            if (postmasterAddress(rcpt) == null) {
                return Reply.of(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown in local recipient table");
            }
            if (host.smtp().greylist() && !agent.greylistPasses(host, clientAddr, reversePath, postmasterAddress(rcpt))) {
                return Reply.of(450, "4.2.0 <" + recipient + ">: Recipient address rejected: Greylisted, try again in "
                        + host.smtp().greylistDelaySeconds() + " seconds");
            }
            return Reply.of(250, "2.1.5 Ok");
        }
        String local = rcpt.substring(0, at);
        String domain = rcpt.substring(at + 1);
        if (host.isLocalDomain(domain)) {
            if (!host.hasMailbox(local)) {
                return Reply.of(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown in local recipient table");
            }
        } else if (authenticatedUser == null && !host.relaysFor(clientName)) {
            // RFC 6409 §4.3 / RFC 4954 §1: an authenticated submitter may relay; others only by the relay rules
            return Reply.of(554, "5.7.1 <" + recipient + ">: Relay access denied");
        }
        if (host.smtp().greylist() && !agent.greylistPasses(host, clientAddr, reversePath, rcpt)) {
            return Reply.of(450, "4.2.0 <" + recipient + ">: Recipient address rejected: Greylisted, try again in "
                    + host.smtp().greylistDelaySeconds() + " seconds");
        }
        return Reply.of(250, "2.1.5 Ok");
    }

    /**
     * The full address a domain-less {@code postmaster} recipient stands for on this host (RFC 5321 §4.5.1), or null
     * when {@code rcpt} is not that, or this host has no local domain with a postmaster mailbox.
     */
    private String postmasterAddress(String rcpt) {
        if (!"postmaster".equalsIgnoreCase(rcpt) || host.localDomains().isEmpty() || !host.hasMailbox("postmaster")) {
            return null;
        }
        return "postmaster@" + host.localDomains().get(0);
    }

    /**
     * The recipients as this host delivers them: a domain-less postmaster becomes the full address, and a recipient
     * given twice (or differing only in the domain's case) is kept once — each RCPT got its 250, but the message is
     * delivered once per mailbox, as Postfix does.
     */
    private List<String> resolved(List<String> recipients) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String r : recipients) {
            String pm = r.indexOf('@') < 0 ? postmasterAddress(r) : null;
            String addr = pm != null ? pm : r;
            int at = addr.lastIndexOf('@');
            String key = at < 0 ? addr : addr.substring(0, at) + "@" + addr.substring(at + 1).toLowerCase(Locale.ROOT);
            out.putIfAbsent(key, addr);
        }
        return new ArrayList<>(out.values());
    }

    /** {@code smtp.dropAfterData}: the line is cut after the final dot, before the message is kept (RFC 5321 §6.1). */
    @Override
    public boolean dropAfterData(Transaction t) {
        return host.smtp().dropAfterData();
    }

    @Override
    public Reply onMessage(Transaction t) {
        t = new Transaction(t.heloName(), t.esmtp(), t.tls(), t.reversePath(), resolved(t.recipients()), t.content());
        if (host.smtp().dataReply() != null) {
            return parse(host.smtp().dataReply());
        }
        int received = MessageComposer.countReceived(t.content());
        if (received >= MAX_HOPS) {
            return Reply.of(554, "5.4.6 Too many hops: mail loop detected");
        }
        String id = agent.queueId();
        Instant when = agent.wallClock();
        String with = TraceFields.with(t.esmtp(), t.tls());
        String header = TraceFields.received(t.heloName(), clientName, "[" + clientAddr + "]", host.name(),
                host.smtp().software(), with, id, t.recipients(), when);
        byte[] content = MessageComposer.prepend(header, t.content());
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queueId", id);
        d.put("with", with);
        d.put("hop", Integer.toString(MessageComposer.countReceivedAfterPrepending(header, received, t.content())));
        journey.journal().note(EventKind.RECEIVED_ADDED, host.name(), host.name(),
                "Received: header added by " + host.name(), crlfLines(header.strip()), "received.added",
                "RFC 5321 §4.4", d);
        Map<String, String> a = new LinkedHashMap<>();
        a.put("queueId", id);
        a.put("from", t.reversePath());
        a.put("recipients", String.join(",", t.recipients()));
        a.put("size", Integer.toString(content.length));
        journey.journal().note(EventKind.MESSAGE_ACCEPTED, clientName, host.name(),
                host.name() + " takes responsibility for the message (queue id " + id + ")",
                List.of("MAIL FROM:<" + t.reversePath() + ">", "RCPT TO:<" + String.join(">, <", t.recipients()) + ">"),
                "message.accepted", "RFC 5321 §6.1", a);
        QueueEntry entry = new QueueEntry(id, host.name(), t.reversePath(), new ArrayList<>(t.recipients()), content,
                agent.now(), t.reversePath().isEmpty(), journey);
        journey.followIfNone(t.recipients(), host.name());
        agent.keep(entry); // kept before the 250 goes out: from the 250 on, this host is responsible (RFC 5321 §6.1)
        accepted.add(entry);
        return Reply.of(250, "2.0.0 Ok: queued as " + id);
    }

    @Override
    public Reply onQuit() {
        return Reply.of(221, "2.0.0 Bye");
    }

    /** The lines of a text, split at CRLF as {@code String.split("\r\n")} does (trailing empty lines dropped). */
    static List<String> crlfLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf("\r\n"); end >= 0; end = text.indexOf("\r\n", start)) {
            out.add(text.substring(start, end));
            start = end + 2;
        }
        if (start == 0) {
            return List.of(text);
        }
        out.add(text.substring(start));
        int n = out.size();
        while (n > 0 && out.get(n - 1).isEmpty()) {
            n--;
        }
        return List.copyOf(out.subList(0, n));
    }

    /** A configured reply such as {@code 554 5.7.1 Go away}. */
    static Reply parse(String s) {
        int code = Integer.parseInt(s.substring(0, 3));
        String text = s.length() > 4 ? s.substring(4) : "";
        return Reply.of(code, text);
    }
}
