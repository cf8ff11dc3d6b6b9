package org.mailtrail.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answers a class (or a student) gave in a lesson or in predict mode: the summary shown at the end, saved as
 * printable HTML or as JSON for a teacher to collect (docs/lessons.md, "Answers").
 */
public final class AnswerSheet {
    private AnswerSheet() {
    }

    /** One answered checkpoint: what was asked, given and right. */
    public record Entry(int number, String question, String given, String right, boolean correct) {
    }

    /**
     * Where the lesson stood when the answers were saved: its words ("Finished: 2 of 4 right.", "Checkpoint 2 of 7 —
     * 0 of 1 right so far", or the score of a lesson ended), whether it was finished, at which checkpoint of how many
     * (0 of 0 when it was ended).
     */
    public record Standing(String text, boolean finished, int checkpoint, int checkpoints) {
        /** The standing of a lesson at checkpoint {@code k} of {@code n} (n = 0: ended) with these answers. */
        public static Standing of(LessonWords w, boolean finished, int k, int n, List<Entry> entries) {
            long right = entries.stream().filter(Entry::correct).count();
            String text = finished ? w.format("bar.finished", right, entries.size()) : n == 0
                    ? w.format("bar.score", right, entries.size()) : w.format("bar.sofar", k, n, right, entries.size());
            return new Standing(text, finished, k, n);
        }
    }

    /**
     * JSON: {@code {"format": "mailtrail-answers", "version": 1, "lesson": …, "score": …, "status": …, "finished": …,
     * "checkpoint": …, "checkpoints": …, "answers": [...]}}.
     */
    public static String json(String lesson, String title, String lang, Standing standing, List<Entry> entries) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("format", "mailtrail-answers");
        root.put("version", 1);
        root.put("lesson", lesson);
        root.put("title", title);
        root.put("language", lang);
        root.put("score", entries.stream().filter(Entry::correct).count());
        root.put("of", entries.size());
        root.put("status", standing.text());
        root.put("finished", standing.finished());
        root.put("checkpoint", standing.checkpoint());
        root.put("checkpoints", standing.checkpoints());
        ArrayNode a = root.putArray("answers");
        for (Entry e : entries) {
            ObjectNode n = a.addObject();
            n.put("checkpoint", e.number());
            n.put("question", e.question());
            n.put("given", e.given());
            n.put("right", e.right());
            n.put("correct", e.correct());
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answers as lines for the bar at the end: ✓ or ✗, the question, what was given and, if wrong, the answer. */
    public static String summary(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.correct() ? "✓ " : "✗ ").append(e.number()).append(". ").append(e.question()).append(" → ")
                    .append(e.given().isEmpty() ? "—" : e.given()).append(e.correct() ? "" : " (" + e.right() + ")")
                    .append('\n');
        }
        return b.toString();
    }

    /** HTML for printing. */
    public static String html(String title, LessonWords w, Standing standing, List<Entry> entries) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(w.lang())
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Worksheet.esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:52em;margin:2em auto}"
                        + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;"
                        + "text-align:left;vertical-align:top}.no{color:#a00}.ok{color:#060}</style>\n</head>\n<body>\n<h1>")
                .append(Worksheet.esc(title)).append(" – ").append(Worksheet.esc(w.get("summary.title")))
                .append("</h1>\n<p>").append(Worksheet.esc(standing.text()))
                .append("</p>\n<table>\n<tr><th>#</th><th>").append(Worksheet.esc(w.get("sheet.predict")))
                .append("</th><th>").append(Worksheet.esc(w.get("summary.given"))).append("</th><th>")
                .append(Worksheet.esc(w.get("summary.right"))).append("</th><th>")
                .append(Worksheet.esc(w.get("summary.result"))).append("</th></tr>\n");
        for (Entry e : entries) {
            b.append("<tr><td>").append(e.number()).append("</td><td>").append(Worksheet.esc(e.question()))
                    .append("</td><td>").append(Worksheet.esc(e.given())).append("</td><td>")
                    .append(Worksheet.esc(e.right())).append("</td><td class=\"").append(e.correct() ? "ok" : "no")
                    .append("\">").append(Worksheet.esc(w.get(e.correct() ? "summary.ok" : "summary.no")))
                    .append("</td></tr>\n");
        }
        return b.append("</table>\n</body>\n</html>\n").toString();
    }
}
