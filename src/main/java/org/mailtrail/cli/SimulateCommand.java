package org.mailtrail.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: runs a delivery through a simulated world and prints or writes the session log. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs a simulated delivery and prints (or writes) the session log.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:delivered to every recipient", "2:bad usage or bad input",
                "3:a local I/O error", "4:a temporary failure left mail queued",
                "5:a permanent failure (bounce) for at least one recipient"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", description = "sender address (default: the scenario's)")
    String from;

    @Option(names = "--to", description = "recipient address; repeat for several")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", description = "copy recipient; repeat for several")
    List<String> cc = new ArrayList<>();

    @Option(names = "--route", description = "direct, relay or both (default: the scenario's)")
    String route;

    @Option(names = "--scenario", description = "a built-in scenario (${COMPLETION-CANDIDATES}) or a world file",
            defaultValue = WorldLoader.DEFAULT_SCENARIO, completionCandidates = Scenarios.class)
    String scenario;

    @Option(names = "--seed", description = "seed for every random choice (default: the scenario's)")
    Long seed;

    @Option(names = "--subject", description = "subject line")
    String subject;

    @Option(names = "--body", description = "message body text")
    String body;

    @Option(names = "--body-file", description = "file with the message body (UTF-8)")
    Path bodyFile;

    @Option(names = "--retrieval", description = "how the recipient fetches the message: pop3, imap or none")
    String retrieval;

    @picocli.CommandLine.Mixin
    OutputOptions out = new OutputOptions();

    /** The names of the built-in scenarios, for help and completion. */
    static final class Scenarios extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Scenarios() {
            super(WorldLoader.BUILT_IN);
        }
    }

    @Override
    public Integer call() {
        out.checkedFormat();
        String given = MessageInput.body(body, bodyFile, null); // bad usage before the world is loaded
        World world;
        try {
            world = new WorldLoader().load(scenario);
        } catch (WorldException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
        World.Defaults d = world.defaults();
        Route r = route == null ? d.route() : Route.parse(route);
        if (r == null) {
            throw new CliException(MailTrailCli.USAGE, "--route must be direct, relay or both, not '" + route + "'");
        }
        Retrieval how = retrieval == null ? d.retrieval() : Retrieval.parse(retrieval);
        if (how == null) {
            throw new CliException(MailTrailCli.USAGE, "--retrieval must be pop3, imap or none, not '" + retrieval + "'");
        }
        String text = given == null ? d.body() : given;
        java.util.Set<String> fromWorld = new java.util.HashSet<>();
        if (from == null) {
            fromWorld.add("from");
        }
        if (to.isEmpty()) {
            fromWorld.add("to");
            if (cc.isEmpty()) {
                fromWorld.add("cc");
            }
        }
        if (subject == null) {
            fromWorld.add("subject");
        }
        if (given == null) {
            fromWorld.add("body");
        }
        Compose compose = MessageInput.checked(new Compose(from == null ? d.from() : from, to.isEmpty() ? d.to() : to,
                to.isEmpty() && cc.isEmpty() ? d.cc() : cc, subject == null ? d.subject() : subject, text),
                String.valueOf(world.source()), fromWorld);
        SimulationResult result;
        try {
            result = new SimulationEngine(world).run(compose, r, how, seed == null ? world.seed() : seed);
        } catch (IllegalArgumentException e) {
            throw new CliException(MailTrailCli.USAGE, world.source() + ": this world cannot carry the message: "
                    + e.getMessage(), e);
        }
        java.util.Map<String, int[]> cells = new java.util.HashMap<>();
        world.layout().forEach((h, p) -> cells.put(h, new int[] {p.column(), p.row()}));
        out.layout = cells; // the PNG map places hosts as the world's layout: says (docs/worlds.md)
        out.write(result, spec.commandLine().getOut(), spec.commandLine().getErr());
        return result.exitCode();
    }
}
