package org.mailtrail.lab;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveryAgent;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.live.DnsServer;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Role;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * A world running for real on this machine: each host on its own loopback address ({@link LabPlan}), the world's
 * zone served by a real DNS server with the lab's addresses, every SMTP host a real server with the world's
 * behaviour, and the hosts delivering to each other through the same mail-host core as the simulation
 * ({@link DeliveryAgent}, {@link org.mailtrail.engine.ReceivingPolicy}) over sockets ({@link LabNetwork}) and the
 * (scaled) real clock. Everything that happens is written on one merged session per message ({@link LabJourneys}).
 */
public final class Lab implements AutoCloseable {
    /**
     * How to run the lab.
     *
     * @param base             the first address (the DNS server is base + 53)
     * @param ports            the lab's ports
     * @param timeScale        how much faster than real time the world's waits pass (1: real time)
     * @param route            the route of messages that enter from outside the world
     * @param retrieval        how the recipients' clients fetch new mail (NONE: they do not)
     * @param allowNonLoopback bind addresses outside 127.0.0.0/8 (a classroom network)
     * @param timeout          the longest wait for a connect or a reply between lab hosts
     * @param store            the folder that keeps the hosts' queues (null: memory only)
     */
    public record Options(String base, LabPlan.Ports ports, double timeScale, Route route, Retrieval retrieval,
                          boolean allowNonLoopback, Duration timeout, java.nio.file.Path store) {
        /** The defaults: 127.1.0.0, the default ports, real time, the world's route and retrieval. */
        public static Options defaults(World world) {
            return new Options("127.1.0.0", LabPlan.Ports.defaults(), 1, world.defaults().route() == Route.RELAY
                    ? Route.RELAY : Route.DIRECT, world.defaults().retrieval(), false, Duration.ofSeconds(30), null);
        }

        /** Options that keep nothing on disk. */
        public Options(String base, LabPlan.Ports ports, double timeScale, Route route, Retrieval retrieval,
                       boolean allowNonLoopback, Duration timeout) {
            this(base, ports, timeScale, route, retrieval, allowNonLoopback, timeout, null);
        }

        /** The same options with another route. */
        public Options withRoute(Route r) {
            return new Options(base, ports, timeScale, r, retrieval, allowNonLoopback, timeout, store);
        }
    }

    private final World world;
    private final Options options;
    private final LabPlan plan;
    private final LabClock clock;
    private final LabJourneys journeys = new LabJourneys();
    private final LabScheduler scheduler;
    private final LabNetwork net;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final DeliveryAgent agent;
    private final LabMailboxes mailboxes;
    private final LabStore store;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mailtrail-lab");
        t.setDaemon(true);
        return t;
    });

    private Lab(World world, Options options, LabPlan plan) throws LabException {
        this.world = world;
        this.options = options;
        this.plan = plan;
        this.mailboxes = new LabMailboxes(world.users());
        this.mailboxes.createAll(world);
        try {
            this.clock = new LabClock(options.timeScale());
        } catch (IllegalArgumentException e) {
            throw new LabException("--time-scale: " + e.getMessage());
        }
        this.scheduler = new LabScheduler(clock, "mailtrail-lab-queue", errors::add);
        LabTls tls = LabTls.load();
        this.net = new LabNetwork(plan, clock, tls, journeys, options.timeout(), mailboxes);
        this.agent = new DeliveryAgent(world, options.retrieval(), net, scheduler, mailboxes,
                new java.util.Random());
        this.store = options.store() == null ? null : new LabStore(options.store(), errors::add);
        if (store != null) {
            agent.keepQueueIn(store);
        }
    }

    /**
     * Starts the lab: the DNS server, then every SMTP server of a host that is not down. Either everything listens
     * or nothing does (what was started is stopped again) and the exception says what could not.
     */
    public static Lab start(World world, Options options) throws LabException {
        LabPlan plan = LabPlan.of(world, options.base(), options.ports(), options.allowNonLoopback());
        Lab lab = new Lab(world, options, plan);
        try {
            lab.listen();
            lab.resume();
        } catch (LabException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void listen() throws LabException {
        String dnsAt = plan.dnsAddress() + ":" + plan.ports().dns();
        try {
            running.add(DnsServer.startAsWorldResolver(new InetSocketAddress(LabPlan.literal(plan.dnsAddress()),
                    plan.ports().dns()), LabZones.resolver(world, plan)));
        } catch (IOException e) {
            throw bindFailure("the DNS server", dnsAt, "--dns-port", e);
        }
        LabTls tls = LabTls.load();
        int timeout = (int) options.timeout().toMillis();
        for (LabPlan.Entry e : plan.entries()) {
            Host h = e.host();
            if (h.smtp().down() || h.smtp().unreachable()) {
                continue; // a host that is down does not listen: connections are refused
            }
            for (int port : e.ports()) {
                LabListener.Handler handler;
                if (port == plan.ports().pop3() || port == plan.ports().imap()) {
                    handler = new MailboxSessionHandler(h, port == plan.ports().pop3() ? Retrieval.POP3
                            : Retrieval.IMAP, plan, mailboxes, journeys, tls, timeout);
                } else {
                    handler = new SmtpSessionHandler(h, plan, agent, journeys, tls, options.route(), timeout);
                }
                try {
                    LabListener l = new LabListener(e.address(), port, handler, threads, scheduler);
                    running.add(l);
                    l.start();
                } catch (IOException x) {
                    throw bindFailure(h.name(), e.address() + ":" + port, portOption(port), x);
                }
            }
        }
    }

    /** Delivers what a previous lab on the same store left in the queues. */
    private void resume() throws LabException {
        if (store == null) {
            return;
        }
        for (org.mailtrail.engine.QueueEntry e : store.recover(env -> journeys.create("recovered from the store: "
                + env.id() + " at " + env.host(), options.route()).state())) {
            agent.enqueue(e);
        }
    }

    /** The option that sets {@code port} of the lab's plan. */
    private String portOption(int port) {
        LabPlan.Ports p = plan.ports();
        return port == p.pop3() ? "--pop3-port" : port == p.imap() ? "--imap-port"
                : port == p.submission() ? "--submission-port" : "--smtp-port";
    }

    private static LabException bindFailure(String what, String where, String option, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Cannot assign requested address") || m.contains("Can't assign requested address")) {
            return new LabException("cannot listen on " + where + " for " + what + ": this system does not route all"
                    + " of 127.0.0.0/8 to loopback (macOS: add an alias first, e.g. 'sudo ifconfig lo0 alias "
                    + where.substring(0, where.lastIndexOf(':')) + "'; see docs/lab.md)", e);
        }
        if (e instanceof BindException) {
            return new LabException("cannot listen on " + where + " for " + what + ": " + m
                    + " (is another lab or server running? choose another port with " + option
                    + ", or other addresses with --address-base)", e);
        }
        return new LabException("cannot listen on " + where + " for " + what + ": " + m, e);
    }

    public LabPlan plan() {
        return plan;
    }

    public World world() {
        return world;
    }

    public LabJourneys journeys() {
        return journeys;
    }

    /** Problems inside the lab's queue so far (none in a healthy lab). */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /**
     * Sends a message through the lab as the world's mail client of the sender would: it submits it to its
     * submission server, from where the hosts carry it on. Returns its journey at once.
     */
    public LabJourneys.LabJourney send(Compose compose, Route route) {
        String from = compose.from().trim();
        Host submission = agent.submissionServerFor(from);
        Host mua = agent.clientFor(from);
        LabJourneys.LabJourney j = journeys.create(String.join(", ", compose.recipients()), route);
        j.compose(compose);
        for (String r : compose.recipients()) {
            j.state().follow(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, "not yet delivered",
                    mua.name()));
        }
        byte[] content = MessageComposer.compose(compose, j.recorder().instant(j.recorder().now()),
                agent.messageIdPart() + "@" + mua.name());
        List<String> rcpts = compose.recipients();
        scheduler.schedule(clock.now(), () -> agent.submit(j.state(), mua, submission, from, rcpts, content));
        return j;
    }

    /**
     * A journey as a session log, read like {@code lab --once}'s: the envelope sender and recipients of its first
     * acceptance when it came from outside the world, the composed message when the lab sent it.
     */
    public org.mailtrail.engine.SimulationResult session(LabJourneys.LabJourney j) {
        java.util.List<org.mailtrail.timeline.TimelineEvent> events = j.recorder().events();
        String from = "";
        String subject = j.title();
        for (org.mailtrail.timeline.TimelineEvent e : events) {
            if (e.kind() == org.mailtrail.timeline.EventKind.MESSAGE_ACCEPTED) {
                from = e.detail("from");
                break;
            }
        }
        Compose c = j.compose() != null ? j.compose()
                : new Compose(from, new ArrayList<>(j.state().outcomes().keySet()), List.of(), subject, "");
        return new org.mailtrail.engine.SimulationResult(LabOnce.info(world, plan, j.started()), c, world.seed(),
                List.of(new org.mailtrail.engine.Journey(j.state().route(), j.recorder().timeline(),
                        j.state().outcomes(), j.state().delivered())));
    }

    /** Work due later than {@code micros} of lab time from now is not done (as a simulation stops at its horizon). */
    public void horizon(long micros) {
        scheduler.horizon(clock.now() + micros);
    }

    /** Waits until the lab has nothing left to do (before its horizon); false if the time ran out first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return scheduler.awaitIdle(timeout.toMillis());
    }

    /** Calls {@code listener} with every new journey. */
    public void onJourney(Consumer<LabJourneys.LabJourney> listener) {
        journeys.onJourney(listener);
    }

    /**
     * Stops every server (open sessions get 421), the queue, and then the store (nothing changes it after). The
     * queue's task in hand is waited for: its connections are closed, so it ends as after a broken connection
     * instead of waiting for replies, and the store is closed only once it has ended (or, should it still run after
     * the lab's timeout and a few seconds more, with the problem added to {@link #errors()}). Once is enough.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.close();
        net.shutdown();
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception ignored) {
                // stop the rest anyway
            }
        }
        threads.shutdownNow();
        try {
            // the listeners' threads leave accept() and their sessions end: then every address and port is free again
            threads.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            // and the queue's task in hand (a delivery, a retrieval) sees its sockets closed and ends; each of its
            // waits (a DNS query, a connect) is bounded by the lab's timeout, and its connections fail at once now
            String left = scheduler.awaitStopped(options.timeout().toMillis() + 5_000);
            if (left != null) {
                errors.add(new LabException(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (store != null) {
                store.close(); // after the save under way, the store's files stay as they are
            }
        }
    }
}
