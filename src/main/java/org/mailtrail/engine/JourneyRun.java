package org.mailtrail.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.mailtrail.dns.DnsExchange;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.dns.ZoneResolver;
import org.mailtrail.smtp.ClientConfig;
import org.mailtrail.smtp.Envelope;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.RecipientStatus;
import org.mailtrail.smtp.Result;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Role;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One journey in the simulated world: a discrete-event loop over a virtual clock. Each host with a
 * message in its queue delivers its local recipients to their mailboxes and sends the rest on, by
 * its smart host (relay route) or by MX lookup (direct route); temporary failures queue and retry
 * (RFC 5321 §4.5.4.1), permanent ones bounce to the sender with a null reverse-path (§4.5.5).
 */
final class JourneyRun {
    private record Task(long time, long seq, Runnable action) {
    }

    private record Target(String name, String address) {
    }

    private final World world;
    private final Compose compose;
    private final Route route;
    private final Retrieval retrieval;
    private final long horizonMicros;
    private final Random random;
    private final SimNetwork net;
    private final ZoneResolver resolver;
    private final MxPolicy mxPolicy;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long taskSeq;
    private final Map<String, Long> greylist = new HashMap<>();
    private final Map<String, List<byte[]>> mailboxes = new HashMap<>();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();

    JourneyRun(World world, Compose compose, Route route, Retrieval retrieval, long seed, long horizonMicros) {
        this.world = world;
        this.compose = compose;
        this.route = route;
        this.retrieval = retrieval;
        this.horizonMicros = horizonMicros;
        this.random = new Random(seed);
        this.net = new SimNetwork(world, new Timeline());
        this.resolver = new ZoneResolver(world.zones());
        for (Map.Entry<String, String> f : world.dns().faults().entrySet()) {
            try {
                resolver.setFault(Name.fromString(f.getKey() + "."),
                        ZoneResolver.Fault.valueOf(f.getValue().toUpperCase(Locale.ROOT)));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("bad DNS fault name " + f.getKey(), e);
            }
        }
        this.mxPolicy = new MxPolicy(resolver, random);
    }

    SimNetwork net() {
        return net;
    }

    /** A Postfix-style queue id, from the seeded generator. */
    String queueId() {
        return hex(random.nextLong() & 0xFFFFFFFFFFL, 10).toUpperCase(Locale.ROOT);
    }

    /** The wall-clock time of the virtual now. */
    Instant wallClock() {
        return world.start().plusNanos(net.now() * 1000);
    }

    /** RFC 6647 greylisting: the first sight of a triplet is deferred; a retry after the delay passes. */
    boolean greylistPasses(Host host, String clientAddr, String reversePath, String rcpt) {
        String key = host.name() + "|" + clientAddr + "|" + reversePath + "|" + rcpt;
        Long first = greylist.putIfAbsent(key, net.now());
        return first != null && net.now() - first >= host.smtp().greylistDelaySeconds() * 1_000_000L;
    }

    Journey run() {
        String from = compose.from().trim();
        String fromDomain = domainOf(from);
        Host submission = world.submissionServerFor(fromDomain).orElseThrow(
                () -> new IllegalArgumentException("the world " + world.name() + " has no submission server"));
        Host mua = world.clientOf(from).orElseGet(() -> firstClient(fromDomain));
        for (String r : compose.recipients()) {
            outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, "not yet delivered", mua.name()));
        }
        String messageId = hex(random.nextLong(), 16) + "@" + mua.name();
        byte[] content = MessageComposer.compose(compose, world.start(), messageId);
        schedule(0, () -> submit(mua, submission, content));
        while (!tasks.isEmpty()) {
            Task t = tasks.poll();
            if (t.time > horizonMicros) {
                break;
            }
            net.advanceTo(t.time);
            t.action.run();
        }
        return new Journey(route, net.timeline(), new LinkedHashMap<>(outcomes), List.copyOf(delivered));
    }

    private Host firstClient(String domain) {
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

    private void schedule(long at, Runnable r) {
        tasks.add(new Task(at, taskSeq++, r));
    }

    /** First hop: the sender's client submits the message on port 587 (RFC 6409). */
    private void submit(Host mua, Host submission, byte[] content) {
        List<String> rcpts = compose.recipients();
        SimNetwork.Conn c = net.connect(mua, submission.address(), 587, "message submission");
        if (c == null) {
            for (String r : rcpts) {
                outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED,
                        "the submission server cannot be reached; the message stays in the outbox", mua.name()));
            }
            return;
        }
        HostPolicy policy = new HostPolicy(submission, mua.name(), mua.address(), this);
        Outcome o = net.smtp(c, client(mua, compose.from().trim(), rcpts, content),
                new SmtpServer(serverConfig(submission), policy));
        net.close(c);
        for (String r : rcpts) {
            RecipientStatus s = o.recipients().get(r);
            if (s != null && s.result() != Result.ACCEPTED) {
                outcomes.put(r, new RecipientOutcome(r, s.result() == Result.PERMANENT
                        ? RecipientOutcome.Status.BOUNCED : RecipientOutcome.Status.QUEUED,
                        "refused at submission: " + replyText(s), submission.name()));
            }
        }
        queueAccepted(policy);
    }

    private void queueAccepted(HostPolicy policy) {
        for (QueueEntry e : policy.accepted()) {
            schedule(net.now(), () -> deliver(e));
        }
    }

    private SmtpClient client(Host from, String reversePath, List<String> rcpts, byte[] content) {
        return new SmtpClient(new ClientConfig(from.name(), TlsMode.AUTO, false), new Envelope(reversePath, rcpts),
                content);
    }

    private static ServerConfig serverConfig(Host h) {
        return new ServerConfig(h.name(), h.name() + " ESMTP " + h.smtp().software(), h.smtp().maxMessageSize(),
                100, h.smtp().starttls(), false, true, true);
    }

    /** A host works on a queue entry: local mailboxes first, then the rest towards their domains. */
    private void deliver(QueueEntry e) {
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
        if (route == Route.RELAY && host.smartHost() != null) {
            Host smart = world.host(host.smartHost()).orElseThrow();
            Map<String, String> d = new LinkedHashMap<>();
            d.put("smartHost", smart.name());
            net.local(EventKind.MX_DECISION, host.name(), "Relay route: " + host.name() + " hands the message to its smart host "
                    + smart.name(), List.of("smart host: " + smart.name(), "recipients: " + String.join(", ", remote)),
                    "route.smarthost", "RFC 5321 §3.6.2", d);
            String addr = lookupAddress(host, smart.name());
            if (addr == null) {
                defer(host, e, remote, "451 4.4.3 cannot find the address of smart host " + smart.name());
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
        MxResolution res = mxPolicy.resolve(domain, Set.of(host.name()));
        for (DnsExchange x : res.exchanges()) {
            net.dns(host.name(), host.address(), x);
        }
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
            net.local(EventKind.MX_DECISION, host.name(), "Mail for " + domain + " goes to "
                    + (t.targets().isEmpty() ? "nobody" : t.targets().get(0).host()) + (implicit ? " (implicit MX)" : ""),
                    lines, implicit ? "mx.implicit" : "mx.targets", "RFC 5321 §5.1", d);
            attempt(host, e, rcpts, targets);
        } else if (res instanceof MxResolution.NullMx n) {
            lines.addAll(n.notes());
            net.local(EventKind.MX_DECISION, host.name(), domain + " publishes a null MX: it accepts no mail",
                    lines, "mx.null", "RFC 7505 §3", d);
            fail(host, e, failures(rcpts, "5.1.10", "556 5.1.10 Recipient address rejected: " + domain
                    + " does not accept mail (null MX)", null));
        } else {
            MxResolution.Failure f = (MxResolution.Failure) res;
            lines.add(f.reason());
            lines.addAll(f.notes());
            boolean permanent = f.kind() == MxResolution.FailureKind.PERMANENT;
            net.local(EventKind.MX_DECISION, host.name(), "No route to " + domain + ": " + f.reason(), lines,
                    permanent ? "mx.failure.permanent" : "mx.failure.temporary", "RFC 5321 §5.1", d);
            if (permanent) {
                fail(host, e, failures(rcpts, "5.1.2", "Host or domain name not found. Name service error for name="
                        + domain + " type=MX: " + f.reason(), null));
            } else {
                defer(host, e, rcpts, "451 4.4.3 Host or domain name lookup failed temporarily: " + f.reason());
            }
        }
    }

    private static List<Bounces.Failure> failures(List<String> rcpts, String status, String diag, String mta) {
        List<Bounces.Failure> out = new ArrayList<>();
        for (String r : rcpts) {
            out.add(new Bounces.Failure(r, status, diag, mta));
        }
        return out;
    }

    /** The address of a named host (the smart host) by an A query through the same resolver. */
    private String lookupAddress(Host from, String name) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
            q.getHeader().setID(random.nextInt(65536));
            Message r;
            String error = null;
            try {
                r = resolver.send(q);
            } catch (java.io.IOException ex) {
                r = null;
                error = ex.getMessage();
            }
            net.dns(from.name(), from.address(), new DnsExchange(name + ".", Type.A, q, r, error));
            if (r != null) {
                for (Record rec : r.getSection(Section.ANSWER)) {
                    if (rec.getType() == Type.A) {
                        return rec.rdataToString();
                    }
                }
            }
            return null;
        } catch (TextParseException ex) {
            return null;
        }
    }

    /** Tries the targets in order until one takes the message; RFC 5321 §5.1 asks to try more than one. */
    private void attempt(Host host, QueueEntry e, List<String> rcpts, List<Target> targets) {
        List<String> remaining = new ArrayList<>(rcpts);
        List<Bounces.Failure> failed = new ArrayList<>();
        String lastReason = targets.isEmpty() ? "no mail exchanger has an address" : "all mail exchangers failed";
        for (Target t : targets) {
            SimNetwork.Conn c = net.connect(host, t.address(), 25, "SMTP to " + t.name());
            if (c == null) {
                lastReason = "connect to " + (t.name().startsWith("[") ? t.name() : t.name() + "[" + t.address() + "]")
                        + ":25 failed";
                continue;
            }
            Host server = world.hostByAddress(t.address()).orElseThrow();
            HostPolicy policy = new HostPolicy(server, host.name(), host.address(), this);
            int before = net.timeline().size();
            Outcome o = net.smtp(c, client(host, e.reversePath, remaining, e.content),
                    new SmtpServer(serverConfig(server), policy));
            net.close(c);
            queueAccepted(policy);
            List<String> still = new ArrayList<>();
            for (String r : remaining) {
                RecipientStatus s = o.recipients().get(r);
                if (s == null || s.result() == Result.TRANSIENT) {
                    still.add(r);
                    lastReason = s == null ? o.summary() : replyText(s);
                } else if (s.result() == Result.PERMANENT) {
                    String text = replyText(s);
                    failed.add(new Bounces.Failure(r, status(s, "5.0.0"), text + " (in reply to "
                            + stage(before) + ")", server.name() + "[" + t.address() + "]"));
                } else {
                    e.pending.remove(r);
                }
            }
            remaining = still;
            if (remaining.isEmpty() || reachedRecipients(before)) {
                break;
            }
        }
        if (!failed.isEmpty()) {
            for (Bounces.Failure f : failed) {
                e.pending.remove(f.recipient());
            }
            fail(host, e, failed);
        }
        if (!remaining.isEmpty()) {
            defer(host, e, remaining, lastReason);
        }
    }

    private boolean reachedRecipients(int fromIndex) {
        List<TimelineEvent> ev = net.timeline().events();
        for (int i = fromIndex; i < ev.size(); i++) {
            if (ev.get(i).kind() == EventKind.SMTP_COMMAND && "RCPT".equals(ev.get(i).detail("verb"))) {
                return true;
            }
        }
        return false;
    }

    private String stage(int fromIndex) {
        List<TimelineEvent> ev = net.timeline().events();
        String last = "the greeting";
        for (int i = fromIndex; i < ev.size(); i++) {
            if (ev.get(i).kind() == EventKind.SMTP_COMMAND && !"QUIT".equals(ev.get(i).detail("verb"))) {
                String v = ev.get(i).detail("verb");
                last = v.isEmpty() ? "end of DATA command" : v + (v.equals("MAIL") ? " FROM" : v.equals("RCPT") ? " TO" : "")
                        + " command";
            }
        }
        return last;
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

    /** A temporary failure: keep the message and try again later, or give up when it is too old. */
    private void defer(Host host, QueueEntry e, List<String> rcpts, String reason) {
        long age = net.now() - e.arrivedMicros;
        long interval = world.retry().intervalSeconds() * 1_000_000L;
        if (age + interval > world.retry().giveUpSeconds() * 1_000_000L) {
            fail(host, e, failures(rcpts, "4.4.7", "delivery time expired; last error: " + reason, null));
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queueId", e.id);
        d.put("attempt", Integer.toString(e.attempts));
        net.local(EventKind.QUEUED, host.name(), "Message " + e.id + " stays in the queue of " + host.name()
                + " for " + String.join(", ", rcpts), List.of(reason), "queue.deferred", "RFC 5321 §4.5.4.1", d);
        long next = net.now() + interval;
        Map<String, String> r = new LinkedHashMap<>(d);
        r.put("retryAt", MessageComposer.rfc5322Date(world.start().plusNanos(next * 1000)));
        net.local(EventKind.RETRY_SCHEDULED, host.name(), "Next attempt in " + interval / 60_000_000 + " minutes",
                List.of("retry at " + r.get("retryAt")), "queue.retry", "RFC 5321 §4.5.4.1", r);
        for (String rcpt : rcpts) {
            if (!e.bounce && outcomes.containsKey(rcpt)) {
                outcomes.put(rcpt, new RecipientOutcome(rcpt, RecipientOutcome.Status.QUEUED, reason, host.name()));
            }
        }
        List<String> pending = new ArrayList<>(rcpts);
        schedule(next, () -> {
            QueueEntry again = new QueueEntry(e.id, e.host, e.reversePath, pending, e.content, e.arrivedMicros,
                    e.bounce);
            again.attempts = e.attempts;
            deliver(again);
        });
    }

    /** A permanent failure: the recipients are given up, and the sender gets a bounce (never for a bounce). */
    private void fail(Host host, QueueEntry e, List<Bounces.Failure> failures) {
        for (Bounces.Failure f : failures) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("recipient", f.recipient());
            d.put("status", f.status());
            net.local(EventKind.DELIVERY_FAILED, host.name(), "Delivery to " + f.recipient() + " failed for good ("
                    + f.status() + ")", List.of(f.diagnostic()), "delivery.failed", "RFC 5321 §4.2.1", d);
            if (!e.bounce && outcomes.containsKey(f.recipient())) {
                outcomes.put(f.recipient(), new RecipientOutcome(f.recipient(), RecipientOutcome.Status.BOUNCED,
                        f.diagnostic(), host.name()));
            }
        }
        if (e.reversePath.isEmpty()) {
            net.local(EventKind.DELIVERY_FAILED, host.name(), "No bounce: this message is itself a bounce",
                    List.of("a message with a null reverse-path is never answered with another bounce"),
                    "bounce.none", "RFC 5321 §4.5.5", Map.of());
            return;
        }
        String id = queueId();
        byte[] dsn = Bounces.dsn(host.name(), id, e.reversePath, world.start().plusNanos(e.arrivedMicros * 1000),
                wallClock(), failures, e.content);
        String received = "Received: by " + host.name() + " (" + host.smtp().software() + ") id " + id + "; "
                + MessageComposer.rfc5322Date(wallClock()) + "\r\n";
        byte[] content = MessageComposer.prepend(received, dsn);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queueId", id);
        d.put("to", e.reversePath);
        net.local(EventKind.BOUNCE_GENERATED, host.name(), host.name() + " sends a bounce to " + e.reversePath
                + " with MAIL FROM:<>", List.of("MAIL FROM:<>", "RCPT TO:<" + e.reversePath + ">",
                "Subject: Undelivered Mail Returned to Sender"), "bounce.generated", "RFC 5321 §4.5.5", d);
        QueueEntry b = new QueueEntry(id, host.name(), "", new ArrayList<>(List.of(e.reversePath)), content,
                net.now(), true);
        schedule(net.now(), () -> deliver(b));
    }

    /** Final delivery: Return-Path: on top, into the mailbox store (RFC 5321 §4.4). */
    private void deliverLocal(Host host, QueueEntry e, String rcpt) {
        String store = host.mailboxHostOrSelf();
        String rp = "Return-Path: <" + e.reversePath + ">\r\n";
        byte[] content = MessageComposer.prepend(rp, e.content);
        Host mailbox = world.host(store).orElse(host);
        if (!host.hasMailbox(localOf(rcpt)) && !mailbox.hasMailbox(localOf(rcpt))) {
            fail(host, e, failures(List.of(rcpt), "5.1.1", "550 5.1.1 <" + rcpt + ">: mailbox unavailable", null));
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mailbox", rcpt);
        d.put("store", store);
        d.put("queueId", e.id);
        List<byte[]> box = mailboxes.computeIfAbsent(store + "|" + rcpt, k -> new ArrayList<>());
        box.add(content);
        d.put("messages", Integer.toString(box.size()));
        net.note(EventKind.DELIVERED, host.name(), store, (e.bounce ? "Bounce" : "Message") + " delivered to the mailbox of "
                + rcpt + " on " + store, List.of(rp.strip(), "mailbox " + rcpt + " now holds " + box.size()
                + " message(s)"), "delivered", "RFC 5321 §4.4", d);
        delivered.add(new DeliveredMessage(rcpt, store, e.bounce, content));
        if (!e.bounce && outcomes.containsKey(rcpt)) {
            outcomes.put(rcpt, new RecipientOutcome(rcpt, RecipientOutcome.Status.DELIVERED,
                    "in the mailbox on " + store, host.name()));
        }
        if (retrieval != Retrieval.NONE) {
            world.clientOf(rcpt).ifPresent(mua -> schedule(net.now() + 1_000_000L,
                    () -> MailboxDialogue.retrieve(net, retrieval, mua, mailbox, rcpt, box.size(), content)));
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
