package org.mailtrail.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.smtp.ClientConfig;
import org.mailtrail.smtp.Envelope;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.RecipientStatus;
import org.mailtrail.smtp.Result;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Role;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * The mail hosts of a world at work, whatever carries their bytes: the delivery planner and queue of every host.
 * Each host with a message in its queue delivers its local recipients to their mailboxes and sends the rest on, by
 * its smart host (relay route) or by MX lookup (direct route, RFC 5321 §5.1: each mail exchanger and address in
 * turn until one decides the recipients); temporary failures queue and retry with the world's retry policy
 * (RFC 5321 §4.5.4.1), permanent ones bounce to the sender with a null reverse-path (RFC 5321 §4.5.5, RFC 3464).
 * The simulation runs it over {@link SimNetwork} and a discrete-event {@link Scheduler}; the lab over sockets and
 * the real clock. No I/O of its own.
 */
public final class DeliveryAgent {
    private record Target(String name, String address) {
    }

    private final World world;
    private final Retrieval retrieval;
    private final MailNetwork net;
    private final Scheduler scheduler;
    private final MailStore store;
    private final Random random;
    private final Map<String, Long> greylist = new HashMap<>();
    private final Setbacks setbacks;
    private QueueStore queueStore = QueueStore.NONE;
    /** Store keys on which more than one entry stands (a successor that could not be saved), and how many. */
    private final Map<String, Integer> holders = new HashMap<>();

    /**
     * The hosts of {@code world} (each journey says its route), the recipients' clients fetching by {@code retrieval}
     * (NONE: nobody fetches), with queue ids and equal-preference MX order from {@code random}.
     */
    public DeliveryAgent(World world, Retrieval retrieval, MailNetwork net, Scheduler scheduler,
                         MailStore store, Random random) {
        this.world = world;
        this.retrieval = retrieval;
        this.net = net;
        this.scheduler = scheduler;
        this.store = store;
        this.random = random;
        this.setbacks = new Setbacks(this, world, net, scheduler);
    }

    /** Saves an entry in the queue store, under a name of its own unless it has one (an entry read back). */
    boolean keep(QueueEntry e) {
        if (queueStore != QueueStore.NONE) {
            synchronized (this) {
                if (e.storeKey == null) {
                    e.storeKey = e.id + "." + hex(random.nextLong() & 0xFFFFFFFFL, 8);
                }
            }
            return queueStore.save(e);
        }
        return true;
    }

    /**
     * Saves {@code next}, which takes over from {@code previous} (a retry, a bounce); if it cannot be saved (the
     * store has said why), {@code next} stands on {@code previous}'s copy instead, which then stays in the store until
     * every entry standing on it is done: a message is never only in memory because a save failed. The kept copy
     * may hold more recipients than are left, so a lab started on it may deliver some twice, never none.
     */
    void keepInstead(QueueEntry previous, QueueEntry next) {
        if (keep(next) || previous.storeKey == null) {
            return;
        }
        synchronized (holders) {
            next.storeKey = previous.storeKey;
            holders.merge(previous.storeKey, 2, (n, two) -> n + 1); // previous (1, not counted) and next
        }
    }

    /** The entry's work is over: its copy in the store goes, unless another entry still stands on it. */
    private void release(QueueEntry e) {
        synchronized (holders) {
            Integer n = e.storeKey == null ? null : holders.get(e.storeKey);
            if (n != null) {
                if (n > 2) {
                    holders.put(e.storeKey, n - 1);
                } else {
                    holders.remove(e.storeKey);
                }
                return;
            }
        }
        queueStore.remove(e); // a later attempt, if any, was kept as an entry of its own
    }

    /** Keeps every queue entry in {@code store} from now on (the lab's {@code --store}). */
    public void keepQueueIn(QueueStore store) {
        this.queueStore = store;
    }

    /** Queues an entry at its host now: it is kept in the queue store and delivered as soon as the queue runs. */
    public void enqueue(QueueEntry e) {
        keep(e);
        scheduler.schedule(net.now(), () -> deliver(e));
    }

    public World world() {
        return world;
    }

    /** The clock of decisions. */
    long now() {
        return net.now();
    }

    /** The wall-clock time of now. */
    Instant wallClock() {
        return net.wallClock();
    }

    /** A Postfix-style queue id. */
    public synchronized String queueId() {
        return hex(random.nextLong() & 0xFFFFFFFFFFL, 10).toUpperCase(Locale.ROOT);
    }

    /** A fresh Message-ID's left-hand side. */
    public synchronized String messageIdPart() {
        return hex(random.nextLong(), 16);
    }

    /** RFC 6647 greylisting: the first sight of a triplet is deferred; a retry after the delay passes. */
    boolean greylistPasses(Host host, String clientAddr, String reversePath, String rcpt) {
        String key = host.name() + "|" + clientAddr + "|" + reversePath + "|" + rcpt;
        long now = net.now();
        Long first;
        synchronized (greylist) {
            first = greylist.putIfAbsent(key, now);
        }
        return first != null && now - first >= host.smtp().greylistDelaySeconds() * 1_000_000L;
    }

    /**
     * The SMTP server settings of a world host. A submission host with STARTTLS offers AUTH PLAIN LOGIN once TLS is
     * up (RFC 6409 §4.3, RFC 4954 §4).
     */
    public static ServerConfig serverConfig(Host h) {
        ServerConfig c = new ServerConfig(h.name(), h.name() + " ESMTP " + h.smtp().software(),
                h.smtp().maxMessageSize(), 100, h.smtp().starttls(), false, true, true);
        return offersAuth(h) ? c.withAuth(ServerConfig.AUTH_MECHANISMS, true) : c;
    }

    /** True if {@code h} takes AUTH: a submission host with STARTTLS (credentials only over TLS). */
    public static boolean offersAuth(Host h) {
        return h.role() == Role.SUBMISSION && h.smtp().starttls();
    }

    /** The policy of {@code server} for a new session with a client; what it accepts joins {@code journey}. */
    public ReceivingPolicy openSession(Host server, String clientName, String clientAddr, JourneyState journey) {
        return new ReceivingPolicy(server, clientName, clientAddr, this, journey);
    }

    /** A server session has ended: the messages it accepted are queued at its host. */
    public void sessionEnded(ReceivingPolicy policy) {
        for (QueueEntry e : policy.accepted()) {
            enqueue(e);
        }
    }

    /** The submission server of a sender's domain (or the world's first); IllegalArgumentException if none. */
    public Host submissionServerFor(String from) {
        return world.submissionServerFor(domainOf(from)).orElseThrow(
                () -> new IllegalArgumentException("the world " + world.name() + " has no submission server"));
    }

    /** The sender's own mail client, or one of the sender's domain, else the world's first. */
    public Host clientFor(String from) {
        return world.clientOf(from).orElseGet(() -> firstClient(world, domainOf(from)));
    }

    /** The world's mail client for a sender without one of its own: one of the sender's domain, else the first. */
    private static Host firstClient(World world, String domain) {
        Host any = null;
        for (Host h : world.hosts()) {
            if (h.role() == Role.MUA) {
                if (domainOf(h.user()).equals(domain)) {
                    return h;
                }
                any = any == null ? h : any;
            }
        }
        if (any == null) {
            throw new IllegalArgumentException("the world " + world.name() + " has no mail client (mua) to send from");
        }
        return any;
    }

    /**
     * The recipients in transactions of at most 100: a server need take no more in one (RFC 5321 §4.5.3.1.8), so a
     * sender with more splits them, one session each, as {@code mailtrail send} does. Later hops need no split: a
     * server takes at most 100 recipients in a transaction, and each transaction it took is a message of its own.
     */
    static List<List<String>> transactions(List<String> rcpts) {
        int per = Compose.MAX_RECIPIENTS_PER_TRANSACTION;
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < rcpts.size(); i += per) {
            out.add(rcpts.subList(i, Math.min(rcpts.size(), i + per)));
        }
        return out;
    }

    /** The first hop: the sender's client submits the message on port 587 (RFC 6409). */
    public void submit(JourneyState js, Host mua, Host submission, String from, List<String> rcpts, byte[] content) {
        for (List<String> some : transactions(rcpts)) {
            submitOnce(js, mua, submission, from, some, content);
        }
    }

    private void submitOnce(JourneyState js, Host mua, Host submission, String from, List<String> rcpts,
                            byte[] content) {
        Journal j = js.journal();
        MailNetwork.Link c = net.connect(j, mua, submission.address(), 587, "message submission");
        if (c == null) {
            for (String r : rcpts) {
                js.update(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED,
                        "the submission server cannot be reached; the message stays in the outbox", mua.name()));
            }
            return;
        }
        Credentials login = offersAuth(submission) ? new Credentials(from, world.users().passwordOf(from)) : null;
        Outcome o = net.smtp(j, c, new SmtpClient(new ClientConfig(mua.name(), TlsMode.AUTO, false, login),
                new Envelope(from, rcpts), content));
        net.close(j, c);
        for (String r : rcpts) {
            RecipientStatus s = o.recipients().get(r);
            if (s != null && s.result() != Result.ACCEPTED) {
                // a 5xx at submission is told to the client at once: refused, not a bounce (no DSN follows)
                js.update(r, new RecipientOutcome(r, s.result() == Result.PERMANENT
                        ? RecipientOutcome.Status.REFUSED : RecipientOutcome.Status.QUEUED,
                        "refused at submission: " + replyText(s), submission.name()));
            }
        }
    }

    private static SmtpClient client(Host from, String reversePath, List<String> rcpts, byte[] content) {
        return new SmtpClient(new ClientConfig(from.name(), TlsMode.AUTO, false), new Envelope(reversePath, rcpts),
                content);
    }

    /** A host works on a queue entry; afterwards it leaves the queue store. */
    void deliver(QueueEntry e) {
        work(e);
        release(e);
    }

    /** Local mailboxes first, then the rest towards their domains. */
    private void work(QueueEntry e) {
        Host host = world.host(e.host).orElseThrow();
        e.attempts++;
        List<String> remote = new ArrayList<>();
        for (String r : List.copyOf(e.pending)) {
            if (host.isLocalDomain(domainOf(r))) {
                deliverLocal(host, e, r);
                e.pending.remove(r);
            } else {
                remote.add(r);
            }
        }
        if (remote.isEmpty()) {
            return;
        }
        Journal j = e.journey.journal();
        if (e.journey.route() == Route.RELAY && host.smartHost() != null) {
            Host smart = world.host(host.smartHost()).orElseThrow();
            Map<String, String> d = new LinkedHashMap<>();
            d.put("smartHost", smart.name());
            j.local(EventKind.MX_DECISION, host.name(), "Relay route: " + host.name()
                    + " hands the message to its smart host " + smart.name(), List.of("smart host: " + smart.name(),
                    "recipients: " + String.join(", ", remote)), "route.smarthost", "RFC 5321 §3.6.2", d);
            String addr = net.lookupAddress(j, host, smart.name());
            if (addr == null) {
                setbacks.defer(host, e, remote, "451 4.4.3 cannot find the address of smart host " + smart.name());
                return;
            }
            attempt(host, e, remote, List.of(new Target(smart.name(), addr)));
            return;
        }
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String r : remote) {
            byDomain.computeIfAbsent(domainOf(r), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<String>> en : byDomain.entrySet()) {
            direct(host, e, en.getKey(), en.getValue());
        }
    }

    /** Direct delivery to one domain: MX lookup (RFC 5321 §5.1), then each MX in turn. */
    private void direct(Host host, QueueEntry e, String domain, List<String> rcpts) {
        Journal j = e.journey.journal();
        MxResolution res = net.resolveMx(j, host, domain);
        List<String> lines = new ArrayList<>();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("domain", domain);
        if (res instanceof MxResolution.Targets t) {
            List<Target> targets = new ArrayList<>();
            for (MxTarget m : t.targets()) {
                lines.add(m.describe());
                for (String a : m.addresses()) {
                    targets.add(new Target(m.host(), a));
                }
            }
            lines.addAll(t.notes());
            boolean implicit = !t.targets().isEmpty() && t.targets().get(0).implicit();
            d.put("targets", Integer.toString(t.targets().size()));
            j.local(EventKind.MX_DECISION, host.name(), t.targets().isEmpty() ? "Mail for " + domain + " has nowhere to go"
                    : "Mail for " + domain + ": try " + t.targets().get(0).host() + " first" + (implicit ? " (implicit MX)" : ""),
                    lines, implicit ? "mx.implicit" : "mx.targets", "RFC 5321 §5.1", d);
            attempt(host, e, rcpts, targets);
        } else if (res instanceof MxResolution.NullMx n) {
            lines.addAll(n.notes());
            j.local(EventKind.MX_DECISION, host.name(), domain + " publishes a null MX: it accepts no mail",
                    lines, "mx.null", "RFC 7505 §3", d);
            setbacks.fail(host, e, Setbacks.failures(rcpts, "5.1.10", "556 5.1.10 Recipient address rejected: " + domain
                    + " does not accept mail (null MX)", null));
        } else {
            MxResolution.Failure f = (MxResolution.Failure) res;
            boolean permanent = f.kind() == MxResolution.FailureKind.PERMANENT;
            // a domain the simulated world does not have is not a real NXDOMAIN: say so, never that it does not exist
            boolean outside = permanent && world.zones().outsideWorld(domain);
            lines.add(outside ? domain + " is not part of this simulated world: its DNS knows only the world's zones,"
                    + " so there is no route to it here (on the Internet the domain may well exist)" : f.reason());
            if (!outside) {
                lines.addAll(f.notes());
            }
            String key = outside ? "mx.outside-world" : permanent ? "mx.failure.permanent" : "mx.failure.temporary";
            j.local(EventKind.MX_DECISION, host.name(), outside
                    ? "No route to " + domain + ": it is not part of this simulated world"
                    : "No route to " + domain + ": " + f.reason(), lines, key, RfcReferences.of(key, "RFC 5321 §5.1"), d);
            if (outside) {
                setbacks.fail(host, e, Setbacks.failures(rcpts, "5.1.2", "Host or domain name not found: " + domain
                        + " is not part of this simulated world (the simulated DNS knows only the world's zones)",
                        null), "delivery.failed.outside-world");
            } else if (permanent) {
                setbacks.fail(host, e, Setbacks.failures(rcpts, "5.1.2", "Host or domain name not found. Name service error for name="
                        + domain + " type=MX: " + f.reason(), null));
            } else {
                setbacks.defer(host, e, rcpts, "451 4.4.3 Host or domain name lookup failed temporarily: " + f.reason());
            }
        }
    }

    /**
     * Tries the targets in order until one decides the recipients. RFC 5321 §5.1 asks to try more than one: the next
     * target when a host cannot be reached, refuses the session in its greeting, or breaks the session before it
     * answered any RCPT; a session in which the server answered RCPT is final for this attempt
     * ({@link SmtpClient#recipientsDecided()}).
     */
    private void attempt(Host host, QueueEntry e, List<String> rcpts, List<Target> targets) {
        Journal j = e.journey.journal();
        List<String> remaining = new ArrayList<>(rcpts);
        List<Bounces.Failure> failed = new ArrayList<>();
        String lastReason = targets.isEmpty() ? "no mail exchanger has an address" : "all mail exchangers failed";
        for (Target t : targets) {
            MailNetwork.Link c = net.connect(j, host, t.address(), 25, "SMTP to " + t.name());
            if (c == null) {
                lastReason = "connect to " + (t.name().startsWith("[") ? t.name() : t.name() + "[" + t.address() + "]")
                        + ":25 failed";
                continue;
            }
            String server = c.server();
            SmtpClient client = client(host, e.reversePath, remaining, e.content);
            Outcome o = net.smtp(j, c, client);
            net.close(j, c);
            if (client.refusedAtGreeting() && t != targets.get(targets.size() - 1)) {
                // a 5xx banner refuses this host, not the message: the next exchanger may take it
                lastReason = o.summary();
                continue;
            }
            List<String> still = new ArrayList<>();
            for (String r : remaining) {
                RecipientStatus s = o.recipients().get(r);
                if (s == null || s.result() == Result.TRANSIENT) {
                    still.add(r);
                    lastReason = s == null ? o.summary() : replyText(s);
                } else if (s.result() == Result.PERMANENT) {
                    String text = replyText(s);
                    failed.add(new Bounces.Failure(r, status(s, "5.0.0"), text + " (in reply to "
                            + client.stage() + ")", server + "[" + t.address() + "]"));
                } else {
                    e.pending.remove(r);
                }
            }
            remaining = still;
            if (remaining.isEmpty() || client.recipientsDecided()) {
                break;
            }
        }
        if (!failed.isEmpty()) {
            for (Bounces.Failure f : failed) {
                e.pending.remove(f.recipient());
            }
            setbacks.fail(host, e, failed);
        }
        if (!remaining.isEmpty()) {
            setbacks.defer(host, e, remaining, lastReason);
        }
    }

    private static String replyText(RecipientStatus s) {
        if (s.reply() == null) {
            return s.note() == null ? "no reply" : s.note();
        }
        return String.join(" ", s.reply().wireLines());
    }

    private static String status(RecipientStatus s, String dflt) {
        return s.reply() != null && s.reply().enhancedStatus().isPresent()
                ? s.reply().enhancedStatus().get().toString() : dflt;
    }

    /** Final delivery: Return-Path: on top, into the mailbox store (RFC 5321 §4.4). */
    private void deliverLocal(Host host, QueueEntry e, String rcpt) {
        Journal j = e.journey.journal();
        String storeName = host.mailboxHostOrSelf();
        String rp = TraceFields.returnPath(e.reversePath);
        byte[] content = MessageComposer.prepend(rp, e.content);
        Host mailbox = world.host(storeName).orElse(host);
        if (!host.hasMailbox(localOf(rcpt)) && !mailbox.hasMailbox(localOf(rcpt))) {
            setbacks.fail(host, e, Setbacks.failures(List.of(rcpt), "5.1.1", "550 5.1.1 <" + rcpt + ">: mailbox unavailable", null));
            return;
        }
        int count = store.append(storeName, rcpt, content);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mailbox", rcpt);
        d.put("store", storeName);
        d.put("queueId", e.id);
        d.put("messages", Integer.toString(count));
        e.journey.delivered(new DeliveredMessage(rcpt, storeName, e.bounce, content));
        if (!e.bounce) { // the state first: whoever sees the step finds the state already decided
            e.journey.update(rcpt, new RecipientOutcome(rcpt, RecipientOutcome.Status.DELIVERED,
                    "in the mailbox on " + storeName, host.name()));
        }
        j.note(EventKind.DELIVERED, host.name(), storeName, (e.bounce ? "Bounce" : "Message")
                + " delivered to the mailbox of " + rcpt + " on " + storeName, List.of(rp.strip(), "mailbox " + rcpt
                + " now holds " + count + " message(s)"), e.bounce ? "delivered.bounce" : "delivered", "RFC 5321 §4.4", d);
        if (retrieval != Retrieval.NONE) {
            world.clientOf(rcpt).ifPresent(mua -> scheduler.schedule(net.now() + 1_000_000L,
                    () -> net.retrieve(j, retrieval, mua, mailbox, rcpt, count, content, e.bounce)));
        }
    }

    /** Lower-case hexadecimal of {@code v} (unsigned), zero-padded to {@code width} digits, like {@code %0<width>x}. */
    static String hex(long v, int width) {
        String h = Long.toHexString(v);
        return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static String localOf(String address) {
        return address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
    }
}
