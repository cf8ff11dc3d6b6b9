package org.mailtrail.lesson;

import java.util.List;
import org.mailtrail.world.WorldSource;

/** The lessons that come with Mail Trail, each a file {@code assets/lessons/NAME.yaml} (docs/lessons.md). */
public final class BuiltInLessons {
    /** In the order a course would take them. */
    public static final List<String> NAMES = List.of("how-mail-finds-its-way", "mx-preference-and-backup",
            "when-delivery-fails", "who-may-send", "before-mx");

    private BuiltInLessons() {
    }

    /** The built-in file of a lesson. */
    public static WorldSource source(String name) {
        return new WorldSource.BuiltIn("assets/lessons/" + name + ".yaml");
    }
}
