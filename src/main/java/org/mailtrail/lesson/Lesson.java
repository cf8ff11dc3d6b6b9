package org.mailtrail.lesson;

import java.util.List;
import java.util.Map;
import org.mailtrail.world.Route;

/**
 * A lesson (docs/lessons.md): a scenario, the route(s) to show, and an ordered list of checkpoints, each placed by a
 * {@link Condition} on the timeline rather than by a step number, so that it survives changes to the scenario.
 *
 * @param name        the lesson's short name (the file name without {@code .yaml})
 * @param source      where it was read from, for messages
 * @param title       the title in every language of the lesson
 * @param audience    who it is for
 * @param languages   the languages every text of the lesson is given in ({@code en} first)
 * @param scenario    a built-in scenario name or a world file (already resolved against the lesson's folder)
 * @param message     the message to send instead of the scenario's, or null
 * @param routes      the routes the lesson shows, in order
 * @param checkpoints the checkpoints in the order the class meets them
 */
public record Lesson(String name, String source, Texts title, Texts audience, List<String> languages,
                     String scenario, Message message, List<Route> routes, List<Checkpoint> checkpoints) {

    public Lesson {
        languages = List.copyOf(languages);
        routes = List.copyOf(routes);
        checkpoints = List.copyOf(checkpoints);
    }

    /** The languages a lesson may be written in (those of the app and the command line). */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

    /** A text in several languages. */
    public record Texts(Map<String, String> byLanguage) {
        public Texts {
            byLanguage = Map.copyOf(byLanguage);
        }

        /** No text. */
        public static Texts none() {
            return new Texts(Map.of());
        }

        /** The text in {@code lang}, else in English, else "" (a lesson check has made sure it is there). */
        public String in(String lang) {
            String t = byLanguage.get(lang);
            return t != null ? t : byLanguage.getOrDefault("en", "");
        }

        public boolean isEmpty() {
            return byLanguage.isEmpty();
        }
    }

    /** The message a lesson sends instead of its scenario's own; null fields keep the scenario's. */
    public record Message(String from, List<String> to, String subject, String body) {
    }

    /** What a checkpoint does. */
    public enum Type {
        /** The teacher's words in the caption band; the step stays visible. */
        NOTE,
        /** The next step is hidden and the class predicts it. */
        PREDICT,
        /** A question for discussion, answered in free text; not scored. */
        QUESTION
    }

    /** Where a checkpoint stands relative to the step its condition matches. */
    public enum Placement {
        /** Just before the matched step: it is hidden; a prediction asks about it. */
        BEFORE,
        /** On the matched step: it is shown; a prediction asks about what follows. */
        AT,
        /** On the first step at which a state (the message at a host) holds; like {@link #AT}. */
        WHEN
    }

    /**
     * A wrong answer the lesson offers, and why it is wrong.
     *
     * @param line the line of its {@code answer:} in the file (0: not from a file), where {@code lesson check} points
     *             when the answer is in fact right
     */
    public record Choice(String answer, Texts why, int line) {
        public Choice(String answer, Texts why) {
            this(answer, why, 0);
        }
    }

    /**
     * One checkpoint.
     *
     * @param where      its place in the file ({@code checkpoints[2]}) and the line, for messages
     * @param type       note, prediction or question
     * @param placement  before, at or when
     * @param condition  which step it stands at
     * @param scenario   the scenario it belongs to (the lesson's, or its own)
     * @param route      the route (journey) it belongs to
     * @param text       the note, the question (a prediction without one asks in the app's words), or the topic
     * @param ask        what a prediction asks for; null for notes and questions
     * @param choices    wrong answers the lesson supplies (more are generated from the timeline)
     * @param typed      a reply code is typed, not chosen
     * @param highlight  host names to highlight while it is shown
     * @param explain    the teacher's words shown when the answer is revealed (may be empty)
     */
    public record Checkpoint(String where, int line, Type type, Placement placement, Condition condition,
                             String scenario, Route route, Texts text, Ask ask, List<Choice> choices, boolean typed,
                             List<String> highlight, Texts explain) {
        public Checkpoint {
            choices = List.copyOf(choices);
            highlight = List.copyOf(highlight);
        }
    }
}
