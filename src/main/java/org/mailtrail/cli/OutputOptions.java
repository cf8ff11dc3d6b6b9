package org.mailtrail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.Exporter;
import org.mailtrail.world.Route;
import picocli.CommandLine.Option;

/** The output options shared by the commands that write a session log. */
final class OutputOptions {
    /** The languages --lang accepts: those the app offers (Presentation.LANGUAGES). */
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

    @Option(names = "--format", description = "text, json, html, pcap, eml or png (default: text)", defaultValue = "text")
    String format;

    @Option(names = {"-o", "--output"}, description = "write to this file (a directory for several .eml files or the PNG pictures) "
            + "instead of standard output; written whole or not at all")
    Path output;

    @Option(names = "--journey", description = "pcap, eml and png: the journey (direct or relay) when there are two")
    String journey;

    @Option(names = "--decrypted", description = "pcap: show SMTP after STARTTLS as plain text (a teaching view)")
    boolean decrypted;

    @Option(names = "--lang",
            description = "text and html: language of the transcript or handout, en, de, fr or es (default: en)",
            defaultValue = "en")
    String lang;

    @Option(names = "--keep-secrets", description = "keep the AUTH credentials of live sessions in the output (default:"
            + " redacted); simulations and the lab never record theirs (the documented lab password)")
    boolean keepSecrets;

    /** Checks the options before any work is done. */
    Exporter.Format checkedFormat() {
        Exporter.Format f = Exporter.Format.parse(format);
        if (f == null) {
            throw new CliException(MailTrailCli.USAGE, "--format must be text, json, html, pcap, eml or png, not '" + format + "'");
        }
        if (f == Exporter.Format.PCAP && output == null) {
            throw new CliException(MailTrailCli.USAGE, "PCAP is binary: give -o FILE");
        }
        if (f == Exporter.Format.PNG && output == null) {
            throw new CliException(MailTrailCli.USAGE, "PNG gives two pictures (sequence diagram, network map): give -o DIRECTORY");
        }
        if (f == Exporter.Format.PNG && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new CliException(MailTrailCli.USAGE, "PNG gives two pictures (sequence diagram, network map): give -o DIRECTORY, not "
                    + output.getFileName());
        }
        if (journey != null && journeyRoute() == null) {
            throw new CliException(MailTrailCli.USAGE, "--journey must be direct or relay, not '" + journey + "'");
        }
        if (!LANGUAGES.contains(lang)) {
            throw new CliException(MailTrailCli.USAGE, "--lang must be en, de, fr or es, not '" + lang + "'");
        }
        if (output != null) {
            try {
                // before anything is sent: a retrying script must not deliver the message twice over a bad -o
                Exporter.checkTarget(output, f);
            } catch (IllegalArgumentException e) {
                throw new CliException(MailTrailCli.IO_ERROR, "-o: " + e.getMessage(), e);
            }
        }
        return f;
    }

    private Route journeyRoute() {
        Route r = journey == null ? null : Route.parse(journey);
        return r == Route.BOTH ? null : r;
    }

    /**
     * Renders and writes the session as asked; {@code err} hears which journey a one-journey format shows when the
     * session has two and none was chosen.
     */
    /** The hosts' cells on the network map from the world's {@code layout:} (docs/worlds.md), for the PNG map. */
    java.util.Map<String, int[]> layout = java.util.Map.of();

    void write(SimulationResult result, PrintWriter out, PrintWriter err) {
        Exporter.Format f = checkedFormat();
        boolean oneJourney = f == Exporter.Format.PCAP || f == Exporter.Format.PNG || f == Exporter.Format.EML;
        if (oneJourney && journey == null && result.journeys().size() > 1) {
            String shown = result.journeys().get(0).route().name().toLowerCase(Locale.ROOT);
            String other = result.journeys().get(1).route().name().toLowerCase(Locale.ROOT);
            err.println("mailtrail: this session has two journeys (" + shown + " and " + other + "); "
                    + f.name().toLowerCase(Locale.ROOT) + " shows one, the " + shown + " one: give --journey " + other
                    + " for the other");
            err.flush();
        }
        List<Exporter.Document> docs;
        try {
            docs = Exporter.render(result, f, new Exporter.Options(journeyRoute(), decrypted, Locale.forLanguageTag(lang),
                    keepSecrets).withLayout(layout));
        } catch (IllegalArgumentException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
        if (docs.isEmpty()) {
            throw new CliException(result.exitCode() == 0 ? MailTrailCli.USAGE : result.exitCode(),
                    "no message was delivered in this journey, so there is no .eml to write");
        }
        if (output == null) {
            if (docs.size() != 1) {
                throw new CliException(MailTrailCli.USAGE, docs.size() + " messages were delivered: give -o DIRECTORY "
                        + "for their .eml files");
            }
            out.print(new String(docs.get(0).bytes(), StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        try {
            Exporter.write(docs, output, f);
        } catch (IllegalArgumentException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.IO_ERROR, "cannot write " + output + ": "
                    + org.mailtrail.dns.IoProblem.of(e), e);
        }
    }
}
