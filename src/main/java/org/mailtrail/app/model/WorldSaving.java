package org.mailtrail.app.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailtrail.export.AtomicFile;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDiff;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldEdits;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;
import org.mailtrail.world.ZoneRecord;

/** The world editor's background work and rows: saving a draft as two files, and the host table's rows. */
final class WorldSaving {
    private WorldSaving() {
    }

    /**
     * Writes {@code d} as a world file extending the built-in default world, and its zone file, each with
     * {@link AtomicFile} (whole or not at all), zone first; reads them back and checks that they give the same
     * draft. Never writes over a file the editor did not write (its comments and layout would be lost). The saved
     * world is named by the file's stem, and a title or description that no longer holds is replaced
     * ({@link WorldDiff#asSaved}); the draft read back, which says so, is returned.
     */
    static WorldDraft save(WorldLoader loader, WorldDraft d, Path file, Path zone, ResourceBundle texts) {
        try {
            for (Path p : List.of(file, zone)) {
                String mark = p == file ? WorldDiff.HEADER : WorldDraft.ZONE_MARK;
                if (Files.exists(p) && !Files.readString(p).startsWith(mark)) {
                    throw new IllegalArgumentException(new MessageFormat(texts.getString("editor.handWritten"),
                            texts.getLocale()).format(new Object[] {p.toString()}));
                }
            }
            WorldDraft base = WorldDraft.open(loader, new WorldSource.BuiltIn("assets/scenarios/world.yaml"));
            WorldDraft named = WorldDiff.inBaseOrder(WorldDiff.asSaved(d, file.getFileName().toString()
                    .replaceAll("\\.ya?ml$", "")), base.tree());
            WorldDiff.Saved s = WorldDiff.save(named, base, "world", zone.getFileName().toString());
            String zoneText = s.zoneText().startsWith(WorldDraft.ZONE_MARK) ? s.zoneText()
                    : WorldDraft.ZONE_MARK + " from " + d.name() + "\n" + s.zoneText();
            AtomicFile.write(zone, zoneText);
            AtomicFile.write(file, s.worldYaml());
            WorldDraft again = WorldDraft.open(loader, new WorldSource.FileSource(file));
            if (!again.equals(named)) {
                throw new IllegalStateException(file + ": written, but it does not read back to the same world");
            }
            return again;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + org.mailtrail.dns.IoProblem.of(e), e);
        } catch (WorldException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Where a world came from: a built-in file under assets/, or a user's file. */
    static WorldSource sourceOf(World w) {
        String s = w.source();
        if (s.startsWith("assets/") && WorldSource.class.getClassLoader().getResource(s) != null) {
            return new WorldSource.BuiltIn(s);
        }
        return new WorldSource.FileSource(Path.of(s));
    }

    /**
     * On the FX thread: the work (to be done in the background) that gives the edited world as a session log carries
     * it, or work that gives null when {@code w} is not the editor's {@code d} (a scenario's own world).
     */
    static java.util.function.Supplier<org.mailtrail.timeline.SessionInfo.EmbeddedWorld> embeddable(WorldDraft d,
                                                                                                   World w) {
        if (d == null || w == null || !w.source().startsWith(WorldDraft.EDITED)) {
            return () -> null;
        }
        return () -> embed(new WorldLoader(), d);
    }

    /** {@code d} as Save world as… would write it, to be carried in a session log (nothing is written to disk). */
    static org.mailtrail.timeline.SessionInfo.EmbeddedWorld embed(WorldLoader loader, WorldDraft d) {
        try {
            WorldDraft base = WorldDraft.open(loader, new WorldSource.BuiltIn("assets/scenarios/world.yaml"));
            String stem = d.name().replaceAll("[^A-Za-z0-9._-]", "-");
            String zoneFile = stem + ".zone";
            WorldDiff.Saved s = WorldDiff.save(d, base, "world", zoneFile);
            return new org.mailtrail.timeline.SessionInfo.EmbeddedWorld(stem + ".yaml", s.worldYaml(), zoneFile,
                    s.zoneText());
        } catch (WorldException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The host table's rows: name, role, the fault in words, whether the loader's problem is about it. */
    static List<WorldEditorViewModel.HostRow> hostRows(WorldDraft d, String problemHost,
                                                      Function<HostFault, String> faultName) {
        List<WorldEditorViewModel.HostRow> rows = new ArrayList<>();
        for (String n : d.hostNames()) {
            var fault = WorldEdits.faultOf(d, n);
            String text = fault.getKey() == HostFault.NONE ? "" : faultName.apply(fault.getKey())
                    + (fault.getValue().isEmpty() ? "" : " " + fault.getValue());
            rows.add(new WorldEditorViewModel.HostRow(n, d.host(n).path("role").asText(""), text,
                    n.equals(problemHost)));
        }
        return rows;
    }

    /** Where the loader's problem is: a field ({@code hosts}, {@code zone}, {@code retry}, …), a host, a record. */
    record Place(String field, String host, int record) {
    }

    private static final Pattern HOST = Pattern.compile("^(?:hosts\\[\\d+\\] \\(([^)]+)\\)|host ([^:\\s]+)):.*",
            Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^(?:wrong kind of value at )?([A-Za-z]+).*", Pattern.DOTALL);

    static Place place(WorldException e, WorldDraft d) {
        if (e == null) {
            return new Place("", "", -1);
        }
        if (e.file().endsWith(".zone")) {
            return new Place("zone", "", d.recordAtLine(e.line()));
        }
        String m = plain(e.getMessage(), d);
        Matcher h = HOST.matcher(m);
        if (h.matches()) {
            return new Place("hosts", h.group(1) != null ? h.group(1) : h.group(2), -1);
        }
        Matcher f = FIELD.matcher(m);
        return new Place(f.matches() ? f.group(1) : "", "", -1);
    }

    /**
     * The loader's message without the pseudo file names of the edited world and its zone (the name of the file it
     * was opened from, and a line of a zone text the editor shows as a table): field, reason (as the CLI says it).
     */
    static String plain(String message, WorldDraft d) {
        String prefix = WorldDraft.EDITED + d.name() + ".yaml: ";
        if (message.startsWith(prefix)) {
            return message.substring(prefix.length());
        }
        Matcher z = Pattern.compile("^" + Pattern.quote(WorldDraft.EDITED + d.name() + ".zone") + "(?::\\d+)?: ",
                Pattern.DOTALL).matcher(message);
        return z.find() ? message.substring(z.end()) : message;
    }

    /** The records of one zone ({@code domain} among the {@code origins}; null: all), with their place in the zone. */
    static List<WorldEditorViewModel.RecordRow> recordRows(WorldDraft d, List<String> origins, String domain,
                                                          int problemRecord) {
        List<WorldEditorViewModel.RecordRow> rows = new ArrayList<>();
        List<ZoneRecord> all = d.records();
        for (int i = 0; i < all.size(); i++) {
            ZoneRecord r = all.get(i);
            if (domain == null || domain.equals(WorldEdits.zoneOf(r.owner(), origins))) {
                rows.add(new WorldEditorViewModel.RecordRow(i, r.owner(), r.ttl(), r.type(), r.data(),
                        i == problemRecord));
            }
        }
        return rows;
    }
}
