package org.mailtrail.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line (picocli): {@code java -jar mailtrail.jar SUBCOMMAND …}. Exit codes as in SPEC §5. */
@Command(name = "mailtrail", mixinStandardHelpOptions = true, version = "Mail Trail 0.1",
        description = "Shows how e-mail really travels: DNS MX lookups, TCP, SMTP, Received: headers, mailbox.",
        subcommands = {SimulateCommand.class, SendCommand.class, ServeCommand.class, ProxyCommand.class,
                DnsServeCommand.class, ExportCommand.class, LabCommand.class, LessonCommand.class,
                CommandLine.HelpCommand.class})
public final class MailTrailCli implements Runnable {
    /** Delivered to every recipient. */
    public static final int OK = 0;
    /** Bad usage or bad input. */
    public static final int USAGE = 2;
    /** A local I/O or network error. */
    public static final int IO_ERROR = 3;
    /** A temporary failure left mail queued. */
    public static final int TEMPORARY = 4;
    /** A permanent failure (bounce) for at least one recipient. */
    public static final int PERMANENT = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed (simulate, send, serve, proxy, dns-serve, lab, export, lesson)");
    }

    /** Runs the command line with standard streams. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8),
                true), new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8),
                true));
    }

    /** Runs the command line with the given streams (tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true"); // PNG pictures are drawn without a display
        CommandLine cl = new CommandLine(new MailTrailCli());
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().version(cl.getCommandSpec().version()); // -V works on every subcommand too
        }
        cl.setOut(out);
        cl.setErr(err);
        Numbers.register(cl);
        cl.setParameterExceptionHandler(MailTrailCli::badUsage);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof CliException ce ? ce.code()
                : ex instanceof CommandLine.ParameterException ? USAGE : IO_ERROR);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof CliException ce) {
                cmd.getErr().println(name + ": " + ce.getMessage());
                if (ce.code() == USAGE) {
                    cmd.getErr().println(seeHelp(name));
                }
                return ce.code();
            }
            cmd.getErr().println(name + ": internal error: " + ex);
            return IO_ERROR;
        });
        return cl.execute(args);
    }

    /**
     * A command line that cannot be parsed: what is wrong, in one line prefixed with the command's name as every other
     * error is, picocli's suggestions for a mistyped option, and where the options are listed (not the whole usage,
     * which buried the one line that mattered).
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        CommandLine.ParameterException shown = ex;
        if (ex instanceof CommandLine.MissingParameterException && !cmd.getUnmatchedArguments().isEmpty()) {
            // a mistyped option (--domian) left the required one (--domain) missing: the typo is what to fix
            shown = new CommandLine.UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
        }
        err.println(name + ": " + shown.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(shown, err);
        err.println(seeHelp(name));
        err.flush();
        return USAGE;
    }

    private static String seeHelp(String name) {
        return "See '" + name + " --help' for the options.";
    }
}
