package org.mailtrail.app.model;

import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.lesson.LessonWords;

/**
 * The teacher's side of lessons: notes and predictions added at steps of the session shown, saved as a lesson file
 * (docs/lessons.md, "Making a lesson in the app"). The draft belongs to one session: {@link LessonViewModel} forgets
 * it when another is opened. Owns no threads: the file is written through the {@link TaskRunner}.
 */
public final class LessonMaker {
    private final TaskRunner tasks;
    private final SessionViewModel session;
    /** The lesson words in the language shown (it changes with the window's). */
    private final Supplier<LessonWords> words;
    private final StringProperty error;
    private final StringProperty draftNotice = new SimpleStringProperty("");
    private org.mailtrail.lesson.LessonDraft draft;
    /** The key of the notice shown, written again in another language; null for a file name or nothing. */
    private String notice;

    LessonMaker(TaskRunner tasks, SessionViewModel session, Supplier<LessonWords> words, StringProperty error) {
        this.tasks = tasks;
        this.session = session;
        this.words = words;
        this.error = error;
    }

    /** Another session: the draft is dropped. */
    void forget() {
        draft = null;
        notice = null;
        draftNotice.set("");
    }

    /** Writes the notice again in the current language. */
    void retell() {
        if (notice != null) {
            draftNotice.set(words.get().format(notice, draft == null ? 0 : draft.size()));
        }
    }

    /**
     * Teacher: adds a note at the step shown to the lesson being made from this session; false when there is no
     * session or the step stands before the last one added on the same route.
     */
    public boolean addNoteHere(String note) {
        return addToDraft(d -> d.addNote(journeyIndex(), session.stepProperty().get(), note));
    }

    /** Teacher: adds a prediction of the next step (a command, a reply code or a connection); false otherwise. */
    public boolean addPredictionHere() {
        return addToDraft(d -> d.addPrediction(journeyIndex(), session.stepProperty().get()));
    }

    private boolean addToDraft(java.util.function.Predicate<org.mailtrail.lesson.LessonDraft> add) {
        SimulationResult r = session.resultProperty().get();
        if (r == null || journeyIndex() < 0 || session.stepProperty().get() < 0) {
            return false;
        }
        if (draft == null || draft.result() != r) {
            draft = new org.mailtrail.lesson.LessonDraft(r);
        }
        boolean ok = add.test(draft);
        notice = ok ? "bar.draft" : "bar.draftNo";
        retell();
        return ok;
    }

    private int journeyIndex() {
        SimulationResult r = session.resultProperty().get();
        return r == null ? -1 : r.journeys().indexOf(session.journeyProperty().get());
    }

    /** Teacher: the lesson made so far, as a lesson file, or null when nothing was added. */
    public String draftYaml(String title) {
        return draft == null || draft.size() == 0 ? null : draft.yaml(title);
    }

    /** Teacher: saves the lesson made so far in the background, written whole or not at all. */
    public void saveDraft(java.nio.file.Path target, String title) {
        String yaml = draftYaml(title);
        if (yaml == null) {
            return;
        }
        write(tasks, target, yaml, t -> {
            notice = null;
            draftNotice.set(t.getFileName().toString());
        }, error);
    }

    /** Writes a file in the background, whole or not at all (UTF-8); a failure is set as the error. */
    static void write(TaskRunner tasks, java.nio.file.Path target, String content,
                      java.util.function.Consumer<java.nio.file.Path> done, StringProperty error) {
        tasks.run(() -> {
            try {
                org.mailtrail.export.AtomicFile.write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return target;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(target + ": cannot write: "
                        + org.mailtrail.dns.IoProblem.of(e), e);
            }
        }, done, e -> error.set(e.getMessage()));
    }

    /** What the last teacher's action did ("3 checkpoints in the new lesson"). */
    public StringProperty draftNoticeProperty() { return draftNotice; }
}
