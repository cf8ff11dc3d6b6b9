package org.mailtrail.export;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;

/**
 * What a built-in scenario shows (its world file's {@code description}), for a session of it: the session names its
 * scenario and title, and a session log keeps both, so an exported log finds its description too.
 */
public final class ScenarioDescriptions {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private ScenarioDescriptions() {
    }

    /**
     * The description of the built-in scenario a session was made from, or "" (another world file, a live session, or
     * a scenario of the same name with another title).
     */
    public static String of(SessionInfo info) {
        if (info == null || info.name() == null || !WorldLoader.BUILT_IN.contains(info.name())
                || "live".equals(info.mode())) {
            return "";
        }
        String key = info.name();
        String packed = CACHE.computeIfAbsent(key, ScenarioDescriptions::load);
        int cut = packed.indexOf('\n');
        String title = packed.substring(0, cut);
        return title.equals(info.title()) ? packed.substring(cut + 1) : "";
    }

    /** "title\ndescription" of a built-in scenario. */
    private static String load(String name) {
        try {
            World w = new WorldLoader().load(name);
            return w.title().replace('\n', ' ') + "\n" + w.description();
        } catch (WorldException | RuntimeException e) {
            return "\n";
        }
    }
}
