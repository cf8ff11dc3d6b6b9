package org.mailtrail.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;

/** Every session-log format behind one call, for the command line and the GUI. */
public final class Exporter {
    /** The formats of SPEC §7; PNG gives two pictures, the sequence diagram and the network map. */
    public enum Format {
        TEXT("txt"), JSON("json"), HTML("html"), PCAP("pcap"), EML("eml"), PNG("png");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** The format named {@code text|json|html|pcap|eml|png}, case-insensitively; null when unknown. */
        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * Choices for the formats that have them.
     *
     * @param route     for PCAP and EML: the journey to take when there are two (null: the first)
     * @param decrypted for PCAP: show SMTP after STARTTLS as plain text (a teaching view)
     * @param locale    for HTML: the language of the explanations
     * @param keepSecrets keep AUTH credentials; by default every format shows them redacted ({@link Redaction})
     * @param layout    for PNG and the HTML handout: the cells the world's {@code layout:} gives hosts on the network map, host →
     *                  {column, row} (docs/worlds.md "Placing hosts on the map"); empty: by role
     */
    public record Options(Route route, boolean decrypted, Locale locale, boolean keepSecrets,
                          java.util.Map<String, int[]> layout) {
        public Options {
            layout = layout == null ? java.util.Map.of() : java.util.Map.copyOf(layout);
        }

        public Options(Route route, boolean decrypted, Locale locale, boolean keepSecrets) {
            this(route, decrypted, locale, keepSecrets, java.util.Map.of());
        }

        /** Options that redact secrets. */
        public Options(Route route, boolean decrypted, Locale locale) {
            this(route, decrypted, locale, false);
        }

        /** The same options with the hosts' cells on the map. */
        public Options withLayout(java.util.Map<String, int[]> cells) {
            return new Options(route, decrypted, locale, keepSecrets, cells);
        }

        public static Options defaults() {
            return new Options(null, false, Locale.ENGLISH);
        }
    }

    /** A finished document: a suggested file name and its bytes. */
    public record Document(String name, byte[] bytes) {
    }

    private Exporter() {
    }

    /**
     * Renders a session; EML gives one document per delivered message, the rest exactly one. AUTH credentials are
     * redacted unless the options keep them.
     */
    public static List<Document> render(SimulationResult session, Format f, Options o) {
        SimulationResult r = o.keepSecrets() ? session : Redaction.redact(session);
        String base = r.info().name().replaceAll("[^A-Za-z0-9._-]", "_");
        switch (f) {
            case TEXT:
                return List.of(new Document(base + ".txt", TextTranscript.render(r, o.locale()).getBytes(StandardCharsets.UTF_8)));
            case JSON:
                return List.of(new Document(base + ".json", JsonSession.renderBytes(r)));
            case HTML:
                return List.of(new Document(base + ".html",
                        HtmlHandout.render(r, o.locale(), ScenarioDescriptions.of(r.info(), o.locale()), o.layout())
                                .getBytes(StandardCharsets.UTF_8)));
            case PCAP:
                return List.of(new Document(base + ".pcap", PcapExport.render(r, journeyIndex(r, o.route()), o.decrypted())));
            case PNG: {
                var events = r.journeys().get(journeyIndex(r, o.route())).timeline().events();
                return List.of(new Document(base + "-sequence-diagram.png", PngDiagrams.ladder(events, r.info())),
                        new Document(base + "-network-map.png", PngDiagrams.map(events, r.info(), o.layout())));
            }
            default:
                return EmlExport.render(r.journeys().get(journeyIndex(r, o.route())));
        }
    }

    /** The index of the journey along a route; the first when none is asked for. */
    public static int journeyIndex(SimulationResult r, Route route) {
        if (route != null) {
            for (int i = 0; i < r.journeys().size(); i++) {
                Journey j = r.journeys().get(i);
                if (j.route() == route) {
                    return i;
                }
            }
            throw new IllegalArgumentException("this session has no " + route.name().toLowerCase(Locale.ROOT) + " journey");
        }
        if (r.journeys().isEmpty()) {
            throw new IllegalArgumentException("this session has no journey");
        }
        return 0;
    }

    /**
     * Writes documents atomically. A single document goes to {@code target}. EML and PNG go into
     * {@code target} as a directory (created when missing), one file per message or picture, unless the target
     * names a single {@code .eml} file and there is exactly one message.
     */
    public static void write(List<Document> docs, Path target, Format f) throws IOException {
        boolean single = writesOneFile(target, f);
        if (single) {
            if (docs.size() != 1) {
                throw new IllegalArgumentException(docs.size() + " messages were delivered: give a directory, not "
                        + target.getFileName());
            }
            AtomicFile.write(target, docs.get(0).bytes());
            return;
        }
        Path created = firstMissing(target.toAbsolutePath());
        Files.createDirectories(target);
        // every file is written into a hidden staging folder first and only then renamed into place,
        // so a failure while writing (a full disk, say) leaves the target folder as it was
        Path staging = null;
        boolean done = false;
        try {
            staging = Files.createTempDirectory(target, ".export-");
            for (Document d : docs) {
                Files.write(staging.resolve(d.name()), d.bytes());
            }
            for (Document d : docs) {
                Files.move(staging.resolve(d.name()), target.resolve(d.name()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
        } finally {
            if (staging != null) {
                try (var left = Files.list(staging)) {
                    for (Path p : (Iterable<Path>) left::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(staging);
            }
            if (!done && created != null) {
                removeEmptyFolders(target.toAbsolutePath(), created);
            }
        }
    }

    /** Whether the export to {@code target} is one file (rather than a folder of files). */
    public static boolean writesOneFile(Path target, Format f) {
        return f == Format.EML ? target.getFileName().toString().endsWith(".eml") : f != Format.PNG;
    }

    /**
     * Checks, before any work is done, that an export in this format can be written to {@code target}: a file in an
     * existing, writable folder that is not itself a folder, or a folder that is not a file and can be created.
     *
     * @throws IllegalArgumentException saying what is wrong with the path, in words (never the JDK's exception)
     */
    public static void checkTarget(Path target, Format f) {
        Path abs = target.toAbsolutePath().normalize();
        if (writesOneFile(target, f)) {
            if (Files.isDirectory(abs)) {
                throw new IllegalArgumentException(target + " is a folder: give a file name");
            }
            Path parent = abs.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("cannot write " + target + ": the folder " + parent
                        + (parent != null && Files.exists(parent) ? " is a file" : " does not exist"));
            }
            if (!Files.isWritable(parent) || (Files.exists(abs) && !Files.isWritable(abs))) {
                throw new IllegalArgumentException("cannot write " + target + ": permission denied");
            }
            return;
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + " is a file: " + f.name().toLowerCase(java.util.Locale.ROOT)
                    + " export writes several files, give a folder");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("cannot create the folder " + target + ": " + existing + " is a file");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("cannot write into " + (existing.equals(abs) ? target : existing)
                    + ": permission denied");
        }
    }

    /** The outermost folder of {@code dir} that does not exist yet, or null if it exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the folders this export created, from {@code dir} up to {@code top}, if they are empty. */
    private static void removeEmptyFolders(Path dir, Path top) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException notEmptyOrGone) {
                return;
            }
            if (p.equals(top)) {
                return;
            }
        }
    }
}
