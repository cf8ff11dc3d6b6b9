package org.mailtrail.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;

/**
 * A lesson placed on its sessions: every checkpoint resolved to the step where the player stops and, for a
 * prediction, the right answer read from the timeline. A checkpoint whose condition matches no step, or a prediction
 * with nothing to predict, is an error with the lesson's file and line ({@code lesson check}).
 */
public record LessonPlan(Lesson lesson, Map<String, SimulationResult> sessions, List<Stop> stops) {

    public LessonPlan {
        sessions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
        stops = List.copyOf(stops);
    }

    /**
     * One resolved checkpoint.
     *
     * @param number     from 1
     * @param checkpoint the checkpoint as written
     * @param journey    the index of its route's journey in the session of its scenario
     * @param matched    the step its condition matched
     * @param stop       the step the player stops at (the one before a hidden step)
     * @param reveal     the step shown once it is answered or passed
     * @param answer     the answer of a prediction, else null
     */
    public record Stop(int number, Lesson.Checkpoint checkpoint, int journey, int matched, int stop, int reveal,
                       Answers.Answer answer) {
    }

    /** Runs every scenario the lesson names and resolves its checkpoints. */
    public static LessonPlan of(Lesson lesson) throws LessonException {
        Map<String, SimulationResult> sessions = new LinkedHashMap<>();
        WorldLoader loader = new WorldLoader();
        for (Lesson.Checkpoint c : lesson.checkpoints()) {
            if (!sessions.containsKey(c.scenario())) {
                sessions.put(c.scenario(), run(loader, lesson, c.scenario(), c.line()));
            }
        }
        return of(lesson, sessions);
    }

    /** Resolves the checkpoints against sessions already run (one per scenario). */
    public static LessonPlan of(Lesson lesson, Map<String, SimulationResult> sessions) throws LessonException {
        List<Stop> stops = new ArrayList<>();
        String scenario = null;
        Route route = null;
        int from = 0;
        int lastStop = -1;
        for (int n = 0; n < lesson.checkpoints().size(); n++) {
            Lesson.Checkpoint c = lesson.checkpoints().get(n);
            SimulationResult r = sessions.get(c.scenario());
            if (!c.scenario().equals(scenario) || c.route() != route) {
                from = 0; // another journey: its steps are searched from the start
                lastStop = -1;
                scenario = c.scenario();
                route = c.route();
            }
            int j = journeyIndex(r, c.route());
            String where = c.where() + " (" + c.placement().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + c.condition() + ")";
            if (j < 0) {
                throw new LessonException(lesson.source(), c.line(), where + ": the session has no " + c.route()
                        + " route");
            }
            Journey journey = r.journeys().get(j);
            int matched = c.condition().find(journey.timeline().events(), from);
            if (matched < 0) {
                throw new LessonException(lesson.source(), c.line(), where + ": no step of the " + name(c.route())
                        + " route of " + scenarioName(c.scenario()) + " matches"
                        + (from > 0 ? " after step " + (from + 1) : ""));
            }
            boolean before = c.placement() == Lesson.Placement.BEFORE;
            if (before && matched == 0) {
                throw new LessonException(lesson.source(), c.line(), where + ": matches the very first step; "
                        + "nothing comes before it (use at:)");
            }
            int stop = before ? matched - 1 : matched;
            int hidden = before ? matched : matched + 1;
            if (stop < lastStop) {
                throw new LessonException(lesson.source(), c.line(), where + ": stands at step " + (stop + 1)
                        + ", before the previous checkpoint's step " + (lastStop + 1));
            }
            Answers.Answer answer = null;
            int reveal = stop;
            if (c.type() == Lesson.Type.PREDICT) {
                answer = Answers.of(c.ask(), journey, r.info(), stop, hidden, before, c.choices(), n * 7919L + 17);
                if (answer == null) {
                    throw new LessonException(lesson.source(), c.line(), where + ": nothing to predict ("
                            + c.ask().key() + ") after step " + (stop + 1));
                }
                for (int i = 0; i < c.choices().size(); i++) {
                    if (Answers.clashes(answer, c.choices().get(i))) {
                        int line = c.choices().get(i).line() > 0 ? c.choices().get(i).line() : c.line(); // the choice's
                        throw new LessonException(lesson.source(), line, c.where() + ".choices[" + i + "]: '"
                                + c.choices().get(i).answer() + "' is the right answer, not a wrong one");
                    }
                }
                reveal = Math.max(stop, answer.step());
            }
            stops.add(new Stop(n + 1, c, j, matched, stop, reveal, answer));
            from = matched;
            lastStop = stop;
        }
        return new LessonPlan(lesson, sessions, stops);
    }

    /** The predictions among the stops: the score is out of this many. */
    public int predictions() {
        return (int) stops.stream().filter(s -> s.answer() != null).count();
    }

    private static int journeyIndex(SimulationResult r, Route route) {
        for (int i = 0; i < r.journeys().size(); i++) {
            if (r.journeys().get(i).route() == route) {
                return i;
            }
        }
        return -1;
    }

    private static String name(Route r) {
        return r.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String scenarioName(String s) {
        return s.startsWith("builtin:") ? s.substring("builtin:".length()) : s;
    }

    private static SimulationResult run(WorldLoader loader, Lesson lesson, String scenario, int line)
            throws LessonException {
        World w;
        try {
            w = loader.load(WorldLoader.BUILT_IN.contains(scenario) ? scenario : org.mailtrail.world.WorldSource.of(scenario)
                    .name());
        } catch (WorldException e) {
            throw new LessonException(lesson.source(), line, "scenario: " + e.getMessage(), e);
        }
        World.Defaults d = w.defaults();
        Lesson.Message m = scenario.equals(lesson.scenario()) ? lesson.message() : null;
        Compose c = new Compose(m != null && m.from() != null ? m.from() : d.from(),
                m != null && m.to() != null ? m.to() : d.to(), m != null && m.to() != null ? List.of() : d.cc(),
                m != null && m.subject() != null ? m.subject() : d.subject(),
                m != null && m.body() != null ? m.body() : d.body());
        Route route = lesson.routes().size() > 1 ? Route.BOTH : lesson.routes().get(0);
        try {
            return new SimulationEngine(w).run(c, route, d.retrieval(), w.seed());
        } catch (IllegalArgumentException e) {
            throw new LessonException(lesson.source(), line, "the scenario cannot carry the lesson's message: "
                    + e.getMessage(), e);
        }
    }
}
