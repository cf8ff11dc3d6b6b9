package org.mailtrail.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.lab.Lab;
import org.mailtrail.lab.LabException;
import org.mailtrail.lab.LabOnce;
import org.mailtrail.lab.LabPlan;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab}: the world of a scenario running for real on loopback, or one message through it ({@code --once}). */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Runs the world of a scenario for real on this machine: every host on its own loopback address,"
                + " the world's DNS on base+53, every mail server a real server with the world's behaviour, the hosts"
                + " delivering to each other. Prints the host table and 'lab ready'; Ctrl-C stops it.",
                "With --once: sends the scenario's message through the lab, waits until it is delivered, bounced or"
                + " still queued at the simulation's horizon (4 hours of world time), writes the session like"
                + " 'simulate' and stops."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:running lab stopped, or (--once) delivered to every recipient",
                "2:bad usage, a bad world, or a lab that cannot start (address, port in use)",
                "3:a local I/O error", "4:(--once) a temporary failure left mail queued",
                "5:(--once) a permanent failure (bounce) for at least one recipient"})
public final class LabCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", description = "a built-in scenario (${COMPLETION-CANDIDATES}) or a world file",
            defaultValue = WorldLoader.DEFAULT_SCENARIO, completionCandidates = SimulateCommand.Scenarios.class)
    String scenario;

    @Option(names = "--address-base", description = "the first address; hosts count up from it, DNS is at +53"
            + " (default: ${DEFAULT-VALUE})", defaultValue = "127.1.0.0")
    String base;

    @Option(names = "--smtp-port", description = "SMTP of every mail server (world port 25; default: ${DEFAULT-VALUE})",
            defaultValue = "2525")
    int smtpPort;

    @Option(names = "--submission-port", description = "submission (world port 587; default: ${DEFAULT-VALUE})",
            defaultValue = "2587")
    int submissionPort;

    @Option(names = "--pop3-port", description = "POP3 of the mailbox hosts (world port 110; default: ${DEFAULT-VALUE})",
            defaultValue = "2110")
    int pop3Port;

    @Option(names = "--imap-port", description = "IMAP of the mailbox hosts (world port 143; default: ${DEFAULT-VALUE})",
            defaultValue = "2143")
    int imapPort;

    @Option(names = "--dns-port", description = "the DNS server, UDP and TCP (world port 53; default: ${DEFAULT-VALUE})",
            defaultValue = "1053")
    int dnsPort;

    @Option(names = "--time-scale", description = "how much faster the world's waits pass: 60 makes a retry 30 minutes"
            + " later come after 30 s (default: ${DEFAULT-VALUE})", defaultValue = "60")
    double timeScale;

    @Option(names = "--route", description = "direct, relay (or, with --once, both; default: the scenario's)")
    String route;

    @Option(names = "--retrieval", description = "how the recipients' clients fetch new mail: pop3, imap or none"
            + " (default: the scenario's)")
    String retrieval;

    @Option(names = "--allow-non-loopback", description = "let --address-base be outside 127.0.0.0/8 (a classroom"
            + " network; see docs/lab.md)")
    boolean allowNonLoopback;

    @Option(names = "--store", description = "keep the hosts' queues in this folder: a message accepted by a host is"
            + " delivered when the lab starts again on the same folder, even after it was stopped")
    java.nio.file.Path store;

    @Option(names = "--once", description = "send the scenario's message through the lab, write the session, stop")
    boolean once;

    @picocli.CommandLine.Mixin
    OutputOptions out = new OutputOptions();

    /** Released to stop a running lab (tests); Ctrl-C ends the JVM instead. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile Lab running;

    @Override
    public Integer call() throws InterruptedException {
        if (once) {
            out.checkedFormat(); // bad output options before anything runs
        } else {
            for (String o : new String[] {"--format", "--output", "--journey", "--decrypted", "--lang", "--keep-secrets"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new CliException(MailTrailCli.USAGE, (o.equals("--output") ? "-o/--output" : o)
                            + " writes the session of --once; a running lab keeps its sessions in --store");
                }
            }
        }
        World world;
        try {
            world = new WorldLoader().load(scenario);
        } catch (WorldException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
        World.Defaults d = world.defaults();
        Route r = route == null ? d.route() : Route.parse(route);
        if (r == null || (r == Route.BOTH && !once)) {
            throw new CliException(MailTrailCli.USAGE, "--route must be direct or relay" + (once ? " or both" : "")
                    + ", not '" + route + "'");
        }
        Retrieval how = retrieval == null ? d.retrieval() : Retrieval.parse(retrieval);
        if (how == null) {
            throw new CliException(MailTrailCli.USAGE, "--retrieval must be pop3, imap or none, not '" + retrieval + "'");
        }
        String[] names = {"--smtp-port", "--submission-port", "--pop3-port", "--imap-port", "--dns-port"};
        int[] given = {smtpPort, submissionPort, pop3Port, imapPort, dnsPort};
        for (int i = 0; i < given.length; i++) {
            if (given[i] < 1 || given[i] > 65535) {
                throw new CliException(MailTrailCli.USAGE, names[i] + " " + given[i] + ": give a port from 1 to 65535");
            }
        }
        if (!(timeScale >= 1) || Double.isInfinite(timeScale)) {
            throw new CliException(MailTrailCli.USAGE, "--time-scale must be a number of at least 1, not " + Numbers.text(timeScale));
        }
        LabPlan.Ports ports = new LabPlan.Ports(smtpPort, submissionPort, pop3Port, imapPort, dnsPort);
        Lab.Options options = new Lab.Options(base, ports, timeScale, r, how, allowNonLoopback, Duration.ofSeconds(30),
                store);
        PrintWriter o = spec.commandLine().getOut();
        if (allowNonLoopback) {
            spec.commandLine().getErr().println("mailtrail: warning: --allow-non-loopback: the lab's servers may be"
                    + " reachable from the network at " + base + " and up; they relay only inside the world");
        }
        try {
            if (once) {
                Compose compose = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
                SimulationResult result = LabOnce.run(world, compose, r, options);
                out.write(result, o, spec.commandLine().getErr());
                return result.exitCode();
            }
            try (Lab lab = Lab.start(world, options)) {
                running = lab;
                Runtime.getRuntime().addShutdownHook(new Thread(lab::close, "mailtrail-lab-stop"));
                printTable(o, lab);
                o.println("lab ready");
                o.flush();
                java.util.Set<Integer> reported = new java.util.HashSet<>();
                while (!stop.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    report(o, lab, reported);
                    problems(lab);
                }
                report(o, lab, reported);
                problems(lab);
                lab.close(); // its stop may have a problem of its own to say (a queue task it could not wait for)
                problems(lab);
            }
            return 0;
        } catch (LabException e) {
            // a port in use or a store that cannot be written is a local I/O error (3), as for serve; the rest usage
            throw new CliException(e.getCause() instanceof java.io.IOException ? MailTrailCli.IO_ERROR
                    : MailTrailCli.USAGE, e.getMessage(), e);
        }
    }

    /** A journey that carries no message (a POP3 or IMAP session, a refused one) is over when its connection is. */
    private static boolean sessionOver(org.mailtrail.lab.LabJourneys.LabJourney j) {
        java.util.List<org.mailtrail.timeline.TimelineEvent> ev = j.recorder().events();
        return j.state().outcomes().isEmpty() && !ev.isEmpty()
                && ev.get(ev.size() - 1).kind() == org.mailtrail.timeline.EventKind.TCP_CLOSE;
    }

    /** The highest N among DIR's message-N.json and session-N.json (0 if none): a restarted lab numbers on from it. */
    static int highestSessionNumber(java.nio.file.Path dir) {
        int max = 0;
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:message|session)-([0-9]{1,9})\\.json")
                        .matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        } catch (java.io.IOException e) {
            return max;
        }
        return max;
    }

    private int sessionBase = -1;
    private int problemsSaid;

    /** The lab's new problems (a queue entry the store could not keep, a stop that could not wait) on stderr. */
    private void problems(Lab lab) {
        List<Throwable> all = lab.errors();
        PrintWriter err = spec.commandLine().getErr();
        for (; problemsSaid < all.size(); problemsSaid++) {
            Throwable t = all.get(problemsSaid);
            err.println("mailtrail: lab: " + (t.getMessage() == null ? t : t.getMessage()));
        }
        err.flush();
    }

    /** One line per message that has settled (every recipient delivered or bounced); its session in --store. */
    private void report(PrintWriter o, Lab lab, java.util.Set<Integer> reported) {
        if (sessionBase < 0) {
            sessionBase = store == null ? 0 : highestSessionNumber(store.resolve("sessions"));
        }
        for (org.mailtrail.lab.LabJourneys.LabJourney j : lab.journeys().all()) {
            if (reported.contains(j.number()) || !(j.state().settled() || sessionOver(j))) {
                continue;
            }
            reported.add(j.number());
            StringBuilder b = new StringBuilder((j.state().outcomes().isEmpty() ? "session " : "message ")
                    + (sessionBase + j.number()) + " (" + j.title() + "):" + (j.state().outcomes().isEmpty() ? " over" : ""));
            j.state().outcomes().values().forEach(r -> b.append(' ').append(r.recipient()).append(' ')
                    .append(r.status().name().toLowerCase(Locale.ROOT)));
            if (store != null) {
                java.nio.file.Path f = store.resolve("sessions").resolve((j.state().outcomes().isEmpty() ? "session-"
                        : "message-") + (sessionBase + j.number()) + ".json");
                try {
                    java.nio.file.Files.createDirectories(f.getParent());
                    org.mailtrail.export.AtomicFile.write(f, org.mailtrail.export.Exporter.render(lab.session(j),
                            org.mailtrail.export.Exporter.Format.JSON, org.mailtrail.export.Exporter.Options.defaults())
                            .get(0).bytes());
                    b.append("; session ").append(f);
                } catch (java.io.IOException | RuntimeException e) {
                    b.append("; session not saved: ").append(e.getMessage());
                }
            }
            o.println(b);
            o.flush();
        }
    }

    private static void printTable(PrintWriter o, Lab lab) {
        LabPlan plan = lab.plan();
        World w = lab.world();
        o.println("Mail Trail lab: " + w.title() + " (" + w.name() + ")");
        o.printf(Locale.ROOT, "%-28s %-11s %-15s %s%n", "host", "role", "address", "ports");
        o.printf(Locale.ROOT, "%-28s %-11s %-15s %s%n", w.dns().resolverName(), "dns", plan.dnsAddress(),
                plan.ports().dns() + " (DNS, UDP and TCP)");
        for (LabPlan.Entry e : plan.entries()) {
            Host h = e.host();
            String ports = h.smtp().down() || h.smtp().unreachable() ? "- (down in this scenario: nothing listens)"
                    : describe(e, plan.ports());
            o.printf(Locale.ROOT, "%-28s %-11s %-15s %s%n", h.name(), h.role().name().toLowerCase(Locale.ROOT),
                    e.address(), ports);
        }
    }

    private static String describe(LabPlan.Entry e, LabPlan.Ports p) {
        StringBuilder b = new StringBuilder();
        for (int port : e.ports()) {
            b.append(b.length() == 0 ? "" : ", ").append(port).append(port == p.smtp() ? " (SMTP)"
                    : port == p.submission() ? " (submission)" : port == p.pop3() ? " (POP3)"
                    : port == p.imap() ? " (IMAP)" : "");
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
