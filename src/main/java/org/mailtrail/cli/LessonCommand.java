package org.mailtrail.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailtrail.lesson.BuiltInLessons;
import org.mailtrail.lesson.Lesson;
import org.mailtrail.lesson.LessonException;
import org.mailtrail.lesson.LessonLoader;
import org.mailtrail.lesson.LessonPlan;
import org.mailtrail.lesson.LessonWords;
import org.mailtrail.lesson.Worksheet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lesson list|check|show}: the lessons of docs/lessons.md on the command line. */
@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = "Lists, checks and prints lessons (docs/lessons.md).",
        subcommands = {LessonCommand.ListLessons.class, LessonCommand.Check.class, LessonCommand.Show.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:bad usage, or a lesson with a problem (file:line: message)", "3:a local I/O error"})
public final class LessonCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed (list, check, show)");
    }

    /** Loads and resolves a lesson; any problem is a usage error naming file and line. */
    static LessonPlan plan(String nameOrFile) {
        try {
            return LessonPlan.of(new LessonLoader().load(nameOrFile));
        } catch (LessonException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
    }

    /** {@code lesson list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the built-in lessons.",
            exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:listed", "2:bad usage"})
    static final class ListLessons implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--lang", description = "language of the titles: en, de, fr or es (default: en)",
                defaultValue = "en")
        String lang;

        @Override
        public Integer call() {
            checkLang(lang);
            PrintWriter out = spec.commandLine().getOut();
            for (String n : BuiltInLessons.NAMES) {
                try {
                    Lesson l = new LessonLoader().load(n);
                    out.printf(Locale.ROOT, "%-26s %-16s %s%n", n, l.scenario(), l.title().in(lang));
                } catch (LessonException e) {
                    throw new CliException(MailTrailCli.IO_ERROR, "built-in lesson broken: " + e.getMessage(), e);
                }
            }
            out.flush();
            return MailTrailCli.OK;
        }
    }

    /** {@code lesson check FILE}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks a lesson: the file, and that every checkpoint's condition matches a step of its "
                    + "scenario and every prediction has an answer.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:the lesson is sound", "2:a problem, printed as file:line: message"})
    static final class Check implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE", description = "a built-in lesson or a lesson file (YAML)")
        String lesson;

        @Override
        public Integer call() {
            LessonPlan p = plan(lesson);
            PrintWriter out = spec.commandLine().getOut();
            out.println(p.lesson().source() + ": ok, " + p.stops().size() + " checkpoints (" + p.predictions()
                    + " predictions) in " + String.join(", ", p.lesson().languages()));
            out.flush();
            return MailTrailCli.OK;
        }
    }

    /** {@code lesson show NAME|FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints a worksheet with the questions and, on a separate page, the answer key.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:printed", "2:bad usage or a lesson with a problem", "3:a local I/O error"})
    static final class Show implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE", description = "a built-in lesson or a lesson file (YAML)")
        String lesson;

        @Option(names = "--lang", description = "en, de, fr or es (default: en)", defaultValue = "en")
        String lang;

        @Option(names = "--format", description = "text or html (default: text)", defaultValue = "text")
        String format;

        @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output; written "
                + "whole or not at all")
        java.nio.file.Path output;

        @Override
        public Integer call() {
            checkLang(lang);
            if (!format.equals("text") && !format.equals("html")) {
                throw new CliException(MailTrailCli.USAGE, "--format must be text or html, not '" + format + "'");
            }
            if (output != null) {
                try {
                    org.mailtrail.export.Exporter.checkTarget(output, org.mailtrail.export.Exporter.Format.TEXT);
                } catch (IllegalArgumentException e) {
                    throw new CliException(MailTrailCli.IO_ERROR, "-o: " + e.getMessage(), e);
                }
            }
            LessonPlan p = plan(lesson);
            if (!p.lesson().languages().contains(lang)) {
                throw new CliException(MailTrailCli.USAGE, p.lesson().source() + ": the lesson is written in "
                        + String.join(", ", p.lesson().languages()) + ", not in " + lang);
            }
            LessonWords w = new LessonWords(Locale.forLanguageTag(lang));
            String sheet = format.equals("html") ? Worksheet.html(p, w) : Worksheet.text(p, w);
            if (output != null) {
                try {
                    org.mailtrail.export.AtomicFile.write(output, sheet);
                } catch (java.io.IOException e) {
                    throw new CliException(MailTrailCli.IO_ERROR, "cannot write " + output + ": "
                            + org.mailtrail.dns.IoProblem.of(e), e);
                }
                return MailTrailCli.OK;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(sheet);
            out.flush();
            return MailTrailCli.OK;
        }
    }

    static void checkLang(String lang) {
        if (!Lesson.LANGUAGES.contains(lang)) {
            throw new CliException(MailTrailCli.USAGE, "--lang must be one of " + String.join(", ", Lesson.LANGUAGES)
                    + ", not '" + lang + "'");
        }
    }
}
