package org.mailtrail.world;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code layout:} of a world file (docs/worlds.md "Placing hosts on the map"): for a host or the resolver, the
 * cell of the network map's grid it is drawn in, {@code {x: COLUMN, y: ROW}}, instead of the cell its role gives it.
 */
final class WorldLayout {
    /** The map's grid: columns 0..5 by role; more columns and rows are allowed for a crowded world. */
    static final int MAX_COLUMN = 11;
    static final int MAX_ROW = 19;

    private WorldLayout() {
    }

    static Map<String, World.Position> read(String file, Map<String, WorldFile.PositionFile> raw, Set<String> hosts,
                                            String resolver) throws WorldException {
        Map<String, World.Position> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (Map.Entry<String, WorldFile.PositionFile> e : raw.entrySet()) {
            String where = "layout." + e.getKey();
            String name = e.getKey() == null ? "" : World.normalise(e.getKey());
            if (!hosts.contains(name) && !name.equals(resolver)) {
                throw new WorldException(file, 0, where + ": no host (or resolver) named '" + e.getKey() + "'");
            }
            WorldFile.PositionFile p = e.getValue();
            if (p == null) {
                continue; // "~": the base's position removed, the role's cell again
            }
            if (p.x == null || p.y == null) {
                throw new WorldException(file, 0, where + ": a position needs both x (column) and y (row)");
            }
            if (p.x < 0 || p.x > MAX_COLUMN) {
                throw new WorldException(file, 0, where + ".x: a column from 0 to " + MAX_COLUMN + ", not " + p.x);
            }
            if (p.y < 0 || p.y > MAX_ROW) {
                throw new WorldException(file, 0, where + ".y: a row from 0 to " + MAX_ROW + ", not " + p.y);
            }
            out.put(name, new World.Position(p.x, p.y));
        }
        return out;
    }
}
