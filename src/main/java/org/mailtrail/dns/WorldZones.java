package org.mailtrail.dns;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/** The DNS data of a simulated world: several zones (RFC 1035 §5 master file, one SOA per zone) read from one file. */
public final class WorldZones {

    /** TTL used for records that give none when the file has no $TTL (RFC 2308 §4). */
    public static final long DEFAULT_TTL = 3600;

    /** dnsjava names a stream "&lt;none&gt;" in its messages: "&lt;none&gt;:12: Invalid address". */
    private static final Pattern MASTER_MESSAGE = Pattern.compile("^<none>:(\\d+): (.*)$", Pattern.DOTALL);

    private final List<Zone> zones;
    /** The zones by origin (origins are distinct), for {@link #zoneFor(Name)}. */
    private final Map<Name, Zone> byOrigin = new HashMap<>();

    private WorldZones(List<Zone> zones) {
        List<Zone> sorted = new ArrayList<>(zones);
        sorted.sort(Comparator.comparing(Zone::getOrigin));
        this.zones = List.copyOf(sorted);
        for (Zone z : this.zones) {
            byOrigin.put(z.getOrigin(), z);
        }
    }

    /** Wraps zones that were built elsewhere (for example in code); origins must be distinct. */
    public static WorldZones of(List<Zone> zones) {
        Map<Name, Zone> seen = new LinkedHashMap<>();
        for (Zone z : zones) {
            if (seen.put(z.getOrigin(), z) != null) {
                throw new IllegalArgumentException("two zones with origin " + z.getOrigin());
            }
        }
        return new WorldZones(zones);
    }

    /** Reads a master file (UTF-8) that may hold several zones; $INCLUDE is refused. */
    public static WorldZones load(Path file) throws ZoneFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ZoneFileException(file.toString(), 0, "cannot read file: " + IoProblem.of(e), e);
        }
        return parse(text, file.toString());
    }

    /** Parses master-file text; {@code fileNameForMessages} prefixes every error ("FILE:LINE: problem"). */
    public static WorldZones parse(String text, String fileNameForMessages) throws ZoneFileException {
        String file = fileNameForMessages == null ? "<zone text>" : fileNameForMessages;
        // dnsjava ends a line at a lone CR too (old Mac files); counted the same way here, every line number agrees
        String unified = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        String[] lines = unified.split("\n", -1);
        List<Located> records = readRecords(unified, lines, file);

        // Pass 1: every SOA starts a zone at its owner name.
        Map<Name, Located> soas = new LinkedHashMap<>();
        for (Located r : records) {
            if (r.record.getType() == Type.SOA) {
                Located previous = soas.putIfAbsent(r.record.getName(), r);
                if (previous != null) {
                    throw new ZoneFileException(file, r.line, "second SOA for zone " + r.record.getName()
                            + " (the first is on line " + previous.line + ")");
                }
            }
        }
        // Pass 2: every record goes to the zone with the longest matching origin.
        Map<Name, List<Record>> byZone = new LinkedHashMap<>();
        for (Name origin : soas.keySet()) {
            byZone.put(origin, new ArrayList<>());
        }
        for (Located r : records) {
            Name origin = longestMatch(soas.keySet(), r.record.getName());
            if (origin == null) {
                throw new ZoneFileException(file, r.line, "record " + r.record.getName() + " "
                        + Type.string(r.record.getType()) + " is outside every zone (no SOA above it)");
            }
            byZone.get(origin).add(r.record);
        }
        List<Zone> zones = new ArrayList<>();
        for (Map.Entry<Name, List<Record>> e : byZone.entrySet()) {
            try {
                zones.add(new Zone(e.getKey(), e.getValue().toArray(new Record[0])));
            } catch (IOException | RuntimeException ex) {
                throw new ZoneFileException(file, soas.get(e.getKey()).line,
                        "zone " + e.getKey() + " is invalid: " + ex.getMessage(), ex);
            }
        }
        return new WorldZones(zones);
    }

    /** All zones, sorted by origin. */
    public List<Zone> zones() {
        return zones;
    }

    /** The zone whose origin is the longest suffix of {@code name}, if any. */
    public Optional<Zone> zoneFor(Name name) {
        // the name itself, then each parent up to the root: the first origin found is the longest match
        for (int drop = 0; drop < name.labels(); drop++) {
            Zone z = byOrigin.get(drop == 0 ? name : new Name(name, drop));
            if (z != null) {
                return Optional.of(z);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a name lies outside the simulated world: none of these zones covers it, and it is not a reserved name
     * (RFC 2606, RFC 6761: {@code .test}, {@code .example}, {@code .invalid}, {@code .localhost},
     * {@code example.com}/{@code .net}/{@code .org}), which does not exist on the Internet either. The simulated
     * resolver answers NXDOMAIN for it, but only because the world does not know it.
     */
    public boolean outsideWorld(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String n = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (n.isEmpty()) {
            return false;
        }
        try {
            if (zoneFor(org.xbill.DNS.Name.fromString(n + ".")).isPresent()) {
                return false;
            }
        } catch (org.xbill.DNS.TextParseException e) {
            return false;
        }
        String tld = n.substring(n.lastIndexOf('.') + 1);
        boolean reserved = java.util.Set.of("test", "example", "invalid", "localhost").contains(tld)
                || java.util.List.of("example.com", "example.net", "example.org").stream()
                .anyMatch(r -> n.equals(r) || n.endsWith("." + r));
        return !reserved;
    }

    private static Name longestMatch(Iterable<Name> origins, Name name) {
        Name best = null;
        for (Name origin : origins) {
            if (name.subdomain(origin) && (best == null || origin.labels() > best.labels())) {
                best = origin;
            }
        }
        return best;
    }

    private record Located(Record record, int line) {}

    private static List<Located> readRecords(String text, String[] lines, String file) throws ZoneFileException {
        LineCountingStream in = new LineCountingStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<Located> out = new ArrayList<>();
        int consumed = 0;
        try (Master master = new Master(in, null, DEFAULT_TTL)) {
            master.disableIncludes(true);
            Record r;
            while ((r = master.nextRecord()) != null) {
                if (r.getDClass() != DClass.IN) {
                    throw new ZoneFileException(file, firstContentLine(lines, consumed), "record " + r.getName()
                            + " has class " + DClass.string(r.getDClass()) + "; only IN is supported");
                }
                out.add(new Located(r, firstContentLine(lines, consumed)));
                consumed = in.newlines();
            }
        } catch (TextParseException e) {
            throw fromMaster(file, e);
        } catch (IOException e) {
            throw fromMaster(file, e);
        } catch (RuntimeException e) {
            // dnsjava throws unchecked exceptions for some bad records, e.g. RelativeNameException for "@ IN A ..."
            // before any $ORIGIN; they are problems of the file like any other, at the record being read
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e instanceof org.xbill.DNS.RelativeNameException) {
                msg += " (is $ORIGIN missing above it?)";
            }
            throw new ZoneFileException(file, firstContentLine(lines, consumed), msg, e);
        }
        return out;
    }

    private static ZoneFileException fromMaster(String file, IOException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = MASTER_MESSAGE.matcher(msg);
        if (m.matches()) {
            return new ZoneFileException(file, Integer.parseInt(m.group(1)), m.group(2), e);
        }
        return new ZoneFileException(file, 0, msg, e);
    }

    /** First line after {@code consumed} newlines that holds record text (not blank, comment or $directive). */
    private static int firstContentLine(String[] lines, int consumed) {
        for (int i = consumed; i < lines.length; i++) {
            String t = lines[i].trim();
            if (!t.isEmpty() && !t.startsWith(";") && !t.startsWith("$")) {
                return i + 1;
            }
        }
        return Math.min(consumed + 1, lines.length);
    }

    /**
     * Counts the newlines handed to dnsjava's tokenizer. The tokenizer uses a BufferedInputStream as is,
     * so counting here tells how far Master has read: after nextRecord() it has read the record's last newline.
     */
    private static final class LineCountingStream extends BufferedInputStream {
        private int newlines;

        LineCountingStream(InputStream in) {
            super(in);
        }

        int newlines() {
            return newlines;
        }

        @Override
        public synchronized int read() throws IOException {
            int c = super.read();
            if (c == '\n') {
                newlines++;
            }
            return c;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = 0; i < n; i++) {
                if (b[off + i] == '\n') {
                    newlines++;
                }
            }
            return n;
        }
    }
}
