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
        return of(info, java.util.Locale.ROOT);
    }

    /** {@link #of(SessionInfo)} in {@code locale}'s language when the scenario's world file has a translation. */
    public static String of(SessionInfo info, java.util.Locale locale) {
        if (info == null || info.name() == null || !WorldLoader.BUILT_IN.contains(info.name())
                || "live".equals(info.mode())) {
            return "";
        }
        String lang = locale == null ? "" : locale.getLanguage();
        String packed = CACHE.computeIfAbsent(info.name() + "/" + lang, k -> load(info.name(), locale));
        int cut = packed.indexOf('\n');
        String title = packed.substring(0, cut);
        return title.equals(info.title()) ? packed.substring(cut + 1) : "";
    }

    /** The session's title, in {@code locale}'s language when it is a built-in scenario whose world file has one. */
    public static String title(SessionInfo info, java.util.Locale locale) {
        if (info == null) {
            return "";
        }
        if (of(info).isEmpty()) { // not a built-in scenario (or renamed): its own title, said in the language if known
            return SessionTitles.in(info.title(), locale);
        }
        String lang = locale == null ? "" : locale.getLanguage();
        return TITLES.computeIfAbsent(info.name() + "/" + lang, k -> {
            try {
                return new WorldLoader().load(info.name()).title(locale);
            } catch (WorldException | RuntimeException e) {
                return info.title();
            }
        });
    }

    private static final Map<String, String> TITLES = new ConcurrentHashMap<>();

    /** "title\ndescription" of a built-in scenario. */
    private static String load(String name, java.util.Locale locale) {
        try {
            World w = new WorldLoader().load(name);
            return w.title().replace('\n', ' ') + "\n" + w.description(locale);
        } catch (WorldException | RuntimeException e) {
            return "\n";
        }
    }
}
