package org.mailtrail.lesson;

import java.util.List;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/**
 * A printable worksheet of a lesson ({@code lesson show}): the questions with their choices, then, on a page of its
 * own, the answer key with the step that shows each answer and why the other choices are wrong.
 */
public final class Worksheet {
    private Worksheet() {
    }

    /** Plain text. */
    public static String text(LessonPlan plan, LessonWords w) {
        StringBuilder b = new StringBuilder();
        Lesson l = plan.lesson();
        String title = l.title().in(w.lang());
        b.append(title).append(" - ").append(w.get("sheet.worksheet")).append('\n');
        b.append("=".repeat(title.length() + 3 + w.get("sheet.worksheet").length())).append('\n');
        if (!l.audience().isEmpty()) {
            b.append(w.format("sheet.audience", l.audience().in(w.lang()))).append('\n');
        }
        b.append(w.get("sheet.name")).append("\n\n");
        for (LessonPlan.Stop s : plan.stops()) {
            b.append(s.number()).append(". [").append(kind(s, w)).append("] ").append(w.question(s)).append('\n');
            if (s.answer() != null) {
                if (s.checkpoint().typed()) {
                    b.append("   ").append(w.get("sheet.write")).append('\n');
                } else {
                    char letter = 'A';
                    for (Answers.Option o : s.answer().options()) {
                        b.append("   ").append(letter++).append(") ").append(o.text()).append('\n');
                    }
                }
            }
            b.append('\n');
        }
        b.append('\f').append(title).append(" - ").append(w.get("sheet.key")).append("\n\n");
        for (LessonPlan.Stop s : plan.stops()) {
            if (s.answer() == null) {
                continue;
            }
            b.append(s.number()).append(". ").append(w.format("sheet.answer", answerText(s))).append('\n');
            b.append("   ").append(w.format("sheet.step", s.reveal() + 1, step(plan, s, w))).append('\n');
            if (!s.checkpoint().explain().isEmpty()) {
                b.append("   ").append(s.checkpoint().explain().in(w.lang())).append('\n');
            }
            for (Answers.Option o : s.answer().options()) {
                if (!o.right() && !s.checkpoint().typed()) {
                    b.append("   - ").append(w.why(o)).append('\n');
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** HTML for printing: the key starts on a new page. */
    public static String html(LessonPlan plan, LessonWords w) {
        Lesson l = plan.lesson();
        String title = esc(l.title().in(w.lang()));
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(w.lang()).append("\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n<title>").append(title).append("</title>\n<style>\n"
                + "body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4}\n"
                + ".key{page-break-before:always;break-before:page}\nli{margin:.6em 0}\n.kind{color:#555;font-size:.85em}\n"
                + "</style>\n</head>\n<body>\n<section class=\"sheet\">\n<h1>").append(title).append(" – ")
                .append(esc(w.get("sheet.worksheet"))).append("</h1>\n");
        if (!l.audience().isEmpty()) {
            b.append("<p>").append(esc(w.format("sheet.audience", l.audience().in(w.lang())))).append("</p>\n");
        }
        b.append("<p>").append(esc(w.get("sheet.name"))).append("</p>\n<ol>\n");
        for (LessonPlan.Stop s : plan.stops()) {
            b.append("<li><span class=\"kind\">").append(esc(kind(s, w))).append("</span> ")
                    .append(esc(w.question(s)));
            if (s.answer() != null) {
                if (s.checkpoint().typed()) {
                    b.append("<p>").append(esc(w.get("sheet.write"))).append("</p>");
                } else {
                    b.append("<ol type=\"A\">");
                    for (Answers.Option o : s.answer().options()) {
                        b.append("<li>").append(esc(o.text())).append("</li>");
                    }
                    b.append("</ol>");
                }
            }
            b.append("</li>\n");
        }
        b.append("</ol>\n</section>\n<section class=\"key\">\n<h1>").append(title).append(" – ")
                .append(esc(w.get("sheet.key"))).append("</h1>\n<dl>\n");
        for (LessonPlan.Stop s : plan.stops()) {
            if (s.answer() == null) {
                continue;
            }
            b.append("<dt>").append(s.number()).append(". ").append(esc(w.format("sheet.answer", answerText(s))))
                    .append("</dt>\n<dd>").append(esc(w.format("sheet.step", s.reveal() + 1, step(plan, s, w))));
            if (!s.checkpoint().explain().isEmpty()) {
                b.append("<br>").append(esc(s.checkpoint().explain().in(w.lang())));
            }
            b.append("<ul>");
            for (Answers.Option o : s.answer().options()) {
                if (!o.right() && !s.checkpoint().typed()) {
                    b.append("<li>").append(esc(w.why(o))).append("</li>");
                }
            }
            b.append("</ul></dd>\n");
        }
        return b.append("</dl>\n</section>\n</body>\n</html>\n").toString();
    }

    private static String answerText(LessonPlan.Stop s) {
        Answers.Answer a = s.answer();
        return a.enhanced().isEmpty() ? a.right() : a.right() + " " + a.enhanced();
    }

    private static String kind(LessonPlan.Stop s, LessonWords w) {
        return switch (s.checkpoint().type()) {
            case NOTE -> w.get("sheet.note");
            case PREDICT -> w.get("sheet.predict");
            case QUESTION -> w.get("sheet.question");
        };
    }

    private static String step(LessonPlan plan, LessonPlan.Stop s, LessonWords w) {
        List<TimelineEvent> ev = plan.sessions().get(s.checkpoint().scenario()).journeys().get(s.journey())
                .timeline().events();
        return new SummaryText(java.util.Locale.forLanguageTag(w.lang())).of(ev.get(s.reveal()));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
