package org.mailtrail.lesson;

import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.WorldLoader;

/**
 * A lesson a teacher makes in the app from the session being shown (docs/lessons.md, "Making a lesson in the
 * app"): notes and predictions added at steps, each turned into a condition on the timeline that matches exactly
 * that step, and saved as a lesson file (in English, for translations to be added).
 */
public final class LessonDraft {
    private final SimulationResult result;
    private final List<Map<String, Object>> checkpoints = new ArrayList<>();
    private final List<int[]> placed = new ArrayList<>(); // {journey, matched step}

    public LessonDraft(SimulationResult result) {
        this.result = result;
    }

    /** The session the draft is about. */
    public SimulationResult result() {
        return result;
    }

    public int size() {
        return checkpoints.size();
    }

    /** Adds a note shown at step {@code step} of journey {@code journey}; false when it would stand before the last. */
    public boolean addNote(int journey, int step, String text) {
        if (!inOrder(journey, step)) {
            return false;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("note", oneLine(text));
        add(c, journey, step, "at");
        return true;
    }

    /** Adds a prediction of the step after {@code step}; false when that step is nothing to predict. */
    public boolean addPrediction(int journey, int step) {
        List<TimelineEvent> ev = result.journeys().get(journey).timeline().events();
        if (step + 1 >= ev.size() || !inOrder(journey, step + 1)) {
            return false;
        }
        TimelineEvent next = ev.get(step + 1);
        Ask ask = next.kind() == EventKind.SMTP_COMMAND && !next.verb().isEmpty() ? Ask.NEXT_COMMAND
                : next.kind() == EventKind.SMTP_REPLY && next.replyCode() > 0 ? Ask.REPLY_CODE
                : next.kind() == EventKind.TCP_SYN ? Ask.NEXT_HOST : null;
        if (ask == null) {
            return false;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("predict", ask.key());
        add(c, journey, step + 1, "before");
        return true;
    }

    private boolean inOrder(int journey, int step) {
        return placed.isEmpty() || placed.get(placed.size() - 1)[0] != journey
                || placed.get(placed.size() - 1)[1] <= step;
    }

    private void add(Map<String, Object> c, int journey, int step, String placement) {
        Journey j = result.journeys().get(journey);
        List<TimelineEvent> ev = j.timeline().events();
        int last = placed.isEmpty() ? -1 : placed.get(placed.size() - 1)[0];
        int from = last == journey ? placed.get(placed.size() - 1)[1] : 0;
        Map<String, String> keys = keysOf(ev, ev.get(step));
        Condition cond = new Condition(keys, 1);
        int nth = 0;
        for (int i = from; i <= step; i++) {
            if (cond.matches(ev, i)) {
                nth++;
            }
        }
        if (last != journey && (last >= 0 || journey != 0)) {
            c.put("route", j.route().name().toLowerCase(Locale.ROOT));
        }
        Map<String, Object> where = new LinkedHashMap<>(keys);
        if (nth > 1) {
            where.put("nth", nth);
        }
        c.put(placement, where);
        checkpoints.add(c);
        placed.add(new int[] {journey, step});
    }

    /** The keys that pick out a step: its kind and what names it (command, reply, DNS question, hosts). */
    static Map<String, String> keysOf(List<TimelineEvent> ev, TimelineEvent e) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("kind", e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        switch (e.kind()) {
            case SMTP_COMMAND -> {
                if (!e.verb().isEmpty()) {
                    k.put("command", commandText(e));
                }
                k.put("from", e.source());
            }
            case SMTP_REPLY -> {
                TimelineEvent c = Condition.commandBefore(ev, e);
                if (c != null && !c.verb().isEmpty()) {
                    k.put("reply-to", commandText(c));
                }
                k.put("from", e.source());
            }
            case DNS_QUERY, DNS_ANSWER -> {
                k.put("type", e.detail(org.mailtrail.timeline.Details.QTYPE));
                k.put("name", e.detail(org.mailtrail.timeline.Details.QNAME));
            }
            default -> {
                k.put("from", e.source());
                if (!e.destination().equals(e.source())) {
                    k.put("to", e.destination());
                }
            }
        }
        k.values().removeIf(String::isEmpty);
        return k;
    }

    /** {@code MAIL FROM:<alice@example.org>} without its parameters; {@code AUTH PLAIN} without the secret. */
    private static String commandText(TimelineEvent c) {
        String line = c.lines().get(0);
        int gt = line.indexOf('>');
        if (gt > 0) {
            return line.substring(0, gt + 1);
        }
        String[] w = line.split(" ");
        return w.length > 1 && c.verb().equalsIgnoreCase("AUTH") ? w[0] + " " + w[1] : w[0];
    }

    /** The lesson file (YAML). */
    public String yaml(String title) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", oneLine(title));
        root.put("languages", List.of("en"));
        String name = result.info().name();
        root.put("scenario", WorldLoader.BUILT_IN.contains(name) ? name : result.info().source());
        List<String> routes = new ArrayList<>();
        for (Journey j : result.journeys()) {
            routes.add(j.route().name().toLowerCase(Locale.ROOT));
        }
        root.put("routes", routes);
        root.put("checkpoints", checkpoints);
        try {
            return "# Made in Mail Trail from a session (docs/lessons.md); add de, fr and es texts to teach in more "
                    + "languages.\n" + YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replace('\r', ' ').replace('\n', ' ').strip();
        return t.isEmpty() ? "-" : t;
    }
}
