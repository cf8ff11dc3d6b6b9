package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.lesson.AnswerSheet;
import org.mailtrail.lesson.Answers;
import org.mailtrail.lesson.Lesson;
import org.mailtrail.lesson.LessonException;
import org.mailtrail.lesson.LessonLoader;
import org.mailtrail.lesson.LessonPlan;
import org.mailtrail.lesson.LessonWords;
import org.mailtrail.lesson.PredictMode;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/**
 * A lesson or predict mode over the session being shown (docs/lessons.md): the player stops at each checkpoint, a
 * prediction hides its step until it is answered, the answer is revealed with its explanation and why the other
 * choices were wrong, and the score runs. Owns no threads: a lesson loads through the {@link TaskRunner}.
 */
public final class LessonViewModel {
    /** Where the class is at the current checkpoint. */
    public enum State {
        /** No lesson and no predict mode. */
        OFF,
        /** Playing towards the next checkpoint. */
        WAITING,
        /** Stopped at a checkpoint: a note to read, a question to discuss, a prediction to make. */
        ASKING,
        /** A prediction answered (or given up): its step and the reasons are shown. */
        REVEALED,
        /** Every checkpoint is done: the summary. */
        FINISHED
    }

    private final TaskRunner tasks;
    private final SessionViewModel session;
    private LessonWords words;
    private Explanations explanations;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.OFF);
    private final ObjectProperty<LessonPlan> plan = new SimpleObjectProperty<>();
    private final BooleanProperty predictMode = new SimpleBooleanProperty(false);
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty feedback = new SimpleStringProperty("");
    private final StringProperty progress = new SimpleStringProperty("");
    private final StringProperty scoreText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    /** The hosts the current checkpoint is about ({@code highlight:}), lit on the network map while it is shown. */
    private final ObservableList<String> highlighted = FXCollections.observableArrayList();
    private final BooleanProperty typed = new SimpleBooleanProperty(false);
    private final IntegerProperty score = new SimpleIntegerProperty(0);
    private final IntegerProperty answered = new SimpleIntegerProperty(0);
    private final IntegerProperty given = new SimpleIntegerProperty(-1);
    private final List<AnswerSheet.Entry> entries = new ArrayList<>();
    /** The checkpoint of each entry: its question is written again in another language. */
    private final List<LessonPlan.Stop> asked = new ArrayList<>();
    /** The step a revealed prediction showed, for its explanation in another language. */
    private TimelineEvent revealedStep;
    private List<LessonPlan.Stop> stops = List.of();
    private final LessonMaker maker;
    private int index;
    private boolean moving;

    public LessonViewModel(TaskRunner tasks, SessionViewModel session, Locale locale) {
        this.tasks = tasks;
        this.session = session;
        this.maker = new LessonMaker(tasks, session, () -> words, error);
        useLocale(locale);
        session.stepProperty().addListener((o, a, s) -> onStep());
        session.resultProperty().addListener((o, a, r) -> {
            if (!moving) {
                maker.forget(); // notes added to one session do not belong to the next
            }
            if (!moving && state.get() != State.OFF) {
                stop(); // another session was opened or run: the lesson or predict mode does not belong to it
            }
        });
        predictMode.addListener((o, a, on) -> {
            if (on && plan.get() == null) {
                startPredicting();
            } else if (!on && plan.get() == null) {
                stop();
            }
        });
    }

    /**
     * The language of the words the view model writes (a lesson's own texts follow it too). What is shown is written
     * again in it at once (the window rebuilt in another language calls this; a tester saw the old language kept).
     */
    public void useLocale(Locale locale) {
        this.words = new LessonWords(Lesson.LANGUAGES.contains(locale.getLanguage()) ? locale : Locale.ENGLISH);
        this.explanations = new Explanations(locale);
        retell();
    }

    /** Writes every text shown again from the state, in the current language. */
    private void retell() {
        for (int i = 0; i < entries.size(); i++) {
            AnswerSheet.Entry e = entries.get(i);
            entries.set(i, new AnswerSheet.Entry(e.number(), words.question(asked.get(i)), e.given(), e.right(),
                    e.correct()));
        }
        switch (state.get()) {
            case OFF -> text.set(text.get().isEmpty() ? "" : words.get("bar.predictNone"));
            case WAITING -> text.set(words.get("bar.waiting"));
            case ASKING -> text.set(question(stops.get(index)));
            case REVEALED -> {
                AnswerSheet.Entry e = entries.get(entries.size() - 1); // the answer to the checkpoint shown
                text.set(question(stops.get(index)));
                feedback.set(revealed(stops.get(index), e.given(), e.correct()));
            }
            case FINISHED -> finish();
        }
        if (!stops.isEmpty()) {
            updateCounters();
        }
        maker.retell();
    }

    /** Loads a built-in lesson (by name) or a lesson file in the background, runs its scenarios and starts it. */
    public void open(String nameOrFile) {
        error.set("");
        tasks.run(() -> {
            try {
                return LessonPlan.of(new LessonLoader().load(nameOrFile));
            } catch (LessonException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, this::start, e -> error.set(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    /** Whether opening another lesson would end one under way (started, not finished, or with answers given). */
    public boolean underWay() {
        State s = state.get();
        return s != State.OFF && s != State.FINISHED && (plan.get() != null || answered.get() > 0);
    }

    /** Starts a resolved lesson from its first checkpoint. */
    public void start(LessonPlan p) {
        predictMode.set(false);
        plan.set(p);
        begin(p.stops());
    }

    private void startPredicting() {
        SimulationResult r = session.resultProperty().get();
        int j = r == null ? -1 : r.journeys().indexOf(session.journeyProperty().get());
        if (j < 0) {
            text.set(words.get("bar.predictNone"));
            return;
        }
        begin(PredictMode.stops(r, j, session.stepProperty().get()));
    }

    private void begin(List<LessonPlan.Stop> s) {
        stops = s;
        index = 0;
        entries.clear();
        asked.clear();
        score.set(0);
        answered.set(0);
        feedback.set("");
        if (stops.isEmpty()) {
            text.set(words.get("bar.predictNone"));
            state.set(State.FINISHED);
            return;
        }
        enter(plan.get() != null); // a lesson starts from the first step; predict mode from where the class is
    }

    /** Ends the lesson or predict mode. */
    public void stop() {
        plan.set(null);
        stops = List.of();
        session.horizonProperty().set(Integer.MAX_VALUE); // every step in view again
        state.set(State.OFF);
        choices.clear();
        highlighted.clear();
        text.set("");
        feedback.set("");
        progress.set("");
        scoreText.set("");
        if (predictMode.get()) {
            predictMode.set(false);
        }
    }

    /** Shows the session and journey of the current checkpoint and plays towards it. */
    private void enter(boolean fromStart) {
        LessonPlan.Stop s = stops.get(index);
        moving = true;
        try {
            // nothing after the checkpoint is in any view (steps, ladder, transcript) until it is revealed
            session.horizonProperty().set(s.stop());
            LessonPlan p = plan.get();
            if (p != null) {
                SimulationResult r = p.sessions().get(s.checkpoint().scenario());
                if (session.resultProperty().get() != r) {
                    session.resultProperty().set(r);
                    fromStart = true;
                }
                if (session.journeyProperty().get() != r.journeys().get(s.journey())) {
                    session.showJourney(s.journey());
                    fromStart = true;
                }
            }
            session.playingProperty().set(false);
            if (fromStart) {
                session.goTo(0);
            }
            if (session.stepProperty().get() > s.stop()) {
                session.goTo(s.stop());
            }
        } finally {
            moving = false;
        }
        choices.clear();
        given.set(-1);
        highlighted.clear();
        typed.set(false);
        feedback.set("");
        text.set(words.get("bar.waiting"));
        state.set(State.WAITING);
        updateCounters();
        onStep();
    }

    private void onStep() {
        if (moving || (state.get() != State.WAITING && state.get() != State.ASKING) || index >= stops.size()) {
            return;
        }
        LessonPlan.Stop s = stops.get(index);
        int step = session.stepProperty().get();
        if (step > s.stop()) {
            moving = true; // the hidden step stays hidden: back to the checkpoint, playback paused
            session.playingProperty().set(false);
            session.goTo(s.stop());
            moving = false;
            step = s.stop();
        }
        if (step == s.stop() && state.get() == State.WAITING) {
            session.playingProperty().set(false);
            ask(s);
        } else if (state.get() == State.ASKING && step < s.stop() && s.answer() != null) {
            // a prediction is asked at its own step only: answered from an earlier one it would jump over steps not
            // seen (a tester). Predict mode asks anew from here; a lesson asks it again when its step comes.
            SimulationResult r = session.resultProperty().get();
            List<LessonPlan.Stop> from = plan.get() != null ? List.of()
                    : PredictMode.stops(r, r.journeys().indexOf(session.journeyProperty().get()), step);
            if (!from.isEmpty()) {
                stops = from;
                index = 0;
            }
            enter(false);
        } else if (state.get() == State.ASKING) { // a note waits; the map lights its hosts at its own step only
            highlighted.setAll(step == s.stop() ? s.checkpoint().highlight() : List.of());
        }
    }

    private void ask(LessonPlan.Stop s) {
        List<String> hosts = s.checkpoint().highlight();
        // the hosts a note is about, named under it and lit on the map
        highlighted.setAll(hosts);
        text.set(question(s));
        if (s.answer() != null) {
            typed.set(s.checkpoint().typed());
            if (!s.checkpoint().typed()) {
                s.answer().options().forEach(o -> choices.add(o.text()));
            }
        }
        state.set(State.ASKING);
    }

    /** The checkpoint's text, and the hosts it is about named under it. */
    private String question(LessonPlan.Stop s) {
        List<String> hosts = s.checkpoint().highlight();
        return words.question(s) + (hosts.isEmpty() ? "" : "\n▸ " + String.join(", ", hosts));
    }

    /** The hosts the checkpoint shown is about, for the map to light. */
    public ObservableList<String> highlighted() {
        return highlighted;
    }

    /** Answers the current prediction with choice {@code i} (from 0); false when there is no such choice now. */
    public boolean answer(int i) {
        if (state.get() != State.ASKING || i < 0 || i >= choices.size()) {
            return false;
        }
        given.set(i);
        return give(choices.get(i));
    }

    /** Answers the current prediction with a typed reply code ({@code 550} or {@code 550 5.1.1}). */
    public boolean answerTyped(String code) {
        if (state.get() != State.ASKING || !typed.get() || code == null || code.isBlank()) {
            return false;
        }
        return give(code.strip());
    }

    private boolean give(String given) {
        LessonPlan.Stop s = stops.get(index);
        boolean right = s.answer().accepts(given);
        record(s, given, right);
        reveal(s);
        return right;
    }

    /**
     * The reveal button: at a note or question it goes on; at an unanswered prediction it shows the answer (counted
     * wrong); after the answer it goes on to the next checkpoint.
     */
    public void revealOrContinue() {
        switch (state.get()) {
            case ASKING -> {
                LessonPlan.Stop s = stops.get(index);
                if (s.answer() == null) {
                    next();
                } else {
                    record(s, "", false); // nobody answered
                    reveal(s);
                }
            }
            case REVEALED -> next();
            default -> {
            }
        }
    }

    private void reveal(LessonPlan.Stop s) {
        moving = true;
        session.horizonProperty().set(Math.max(session.horizonProperty().get(), s.reveal()));
        session.goTo(s.reveal());
        moving = false;
        revealedStep = session.currentProperty().get();
        AnswerSheet.Entry given = entries.get(entries.size() - 1);
        feedback.set(revealed(s, given.given(), given.correct()));
        state.set(State.REVEALED);
        updateCounters();
    }

    /**
     * What a revealed prediction shows: right, or the answer (a typed one echoed as the class's, a chosen one is
     * marked on its button; given up: the answer without "not quite", a tester); why every other choice is wrong, the
     * one given included; the teacher's words; the step shown and its explanation.
     */
    private String revealed(LessonPlan.Stop s, String given, boolean right) {
        Answers.Answer a = s.answer();
        StringBuilder b = new StringBuilder(right ? words.get("bar.right") : given.isEmpty()
                ? words.format("bar.revealed", shown(a)) : s.checkpoint().typed()
                ? words.format("bar.wrongTyped", given, shown(a)) : words.format("bar.wrong", shown(a)));
        b.append(words.reasons(a));
        if (!s.checkpoint().explain().isEmpty()) {
            b.append("\n\n").append(s.checkpoint().explain().in(words.lang()));
        }
        TimelineEvent e = revealedStep;
        if (e != null) {
            b.append("\n\n").append(new SummaryText(Locale.forLanguageTag(words.lang())).of(e)).append('\n')
                    .append(explanations.text(e.explanationKey()).strip());
        }
        return b.toString();
    }

    private void next() {
        index++;
        choices.clear();
        typed.set(false);
        if (index >= stops.size()) {
            session.horizonProperty().set(Integer.MAX_VALUE); // the whole journey again
            state.set(State.FINISHED);
            finish();
            updateCounters();
            return;
        }
        enter(false);
    }

    /** The summary at the end: the score and every answer. */
    private void finish() {
        long right = entries.stream().filter(AnswerSheet.Entry::correct).count();
        text.set(stops.isEmpty() ? words.get("bar.predictNone") : words.format("bar.finished", right, entries.size()));
        feedback.set(AnswerSheet.summary(entries));
    }

    private void record(LessonPlan.Stop s, String given, boolean right) {
        asked.add(s);
        entries.add(new AnswerSheet.Entry(s.number(), words.question(s), given, shown(s.answer()), right));
        answered.set(answered.get() + 1);
        if (right) {
            score.set(score.get() + 1);
        }
    }

    private static String shown(Answers.Answer a) {
        return a.enhanced().isEmpty() ? a.right() : a.right() + " " + a.enhanced();
    }

    private void updateCounters() {
        int n = stops.size();
        progress.set(n == 0 ? "" : words.format("bar.progress", Math.min(index + 1, n), n));
        int of = plan.get() != null ? plan.get().predictions() : answered.get();
        scoreText.set(words.format("bar.score", score.get(), of));
    }

    /** The answers so far as JSON, for a teacher to collect. */
    public String answersJson() {
        LessonPlan p = plan.get();
        return AnswerSheet.json(p == null ? "predict-mode" : p.lesson().name(), title(), words.lang(), standing(),
                entries);
    }

    /** The answers so far as printable HTML. */
    public String answersHtml() {
        return AnswerSheet.html(title(), words, standing(), entries);
    }

    /** Where the lesson stands, for the answers saved (a tester's said "finished" at checkpoint 2 of 7). */
    private AnswerSheet.Standing standing() {
        int n = stops.size();
        return AnswerSheet.Standing.of(words, state.get() == State.FINISHED, Math.min(index + 1, n), n, entries);
    }

    /** Writes the answers (HTML or JSON by the file's ending) in the background, whole or not at all. */
    public void exportAnswers(java.nio.file.Path target, Runnable done) {
        String content = target.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? answersJson() : answersHtml();
        LessonMaker.write(tasks, target, content, t -> done.run(), error);
    }

    private String title() {
        LessonPlan p = plan.get();
        return p == null ? words.get("bar.predict") : p.lesson().title().in(words.lang());
    }

    /** The teacher's side: a lesson made from the session shown (docs/lessons.md, "Making a lesson in the app"). */
    public LessonMaker maker() {
        return maker;
    }

    /** The answered checkpoints, in order. */
    public List<AnswerSheet.Entry> entries() {
        return List.copyOf(entries);
    }

    /** The current checkpoint, or null. */
    public LessonPlan.Stop current() {
        return index < stops.size() && state.get() != State.OFF ? stops.get(index) : null;
    }

    public ObjectProperty<State> stateProperty() { return state; }

    public ObjectProperty<LessonPlan> planProperty() { return plan; }

    public BooleanProperty predictModeProperty() { return predictMode; }

    /** The note, question or prediction of the checkpoint. */
    public StringProperty textProperty() { return text; }

    /** After an answer: right or wrong, why the other choices were wrong, the step's explanation. */
    public StringProperty feedbackProperty() { return feedback; }

    public StringProperty progressProperty() { return progress; }

    public StringProperty scoreTextProperty() { return scoreText; }

    public StringProperty errorProperty() { return error; }

    public ObservableList<String> choices() { return choices; }

    /** The current prediction wants a typed reply code. */
    public BooleanProperty typedProperty() { return typed; }

    public IntegerProperty scoreProperty() { return score; }

    public IntegerProperty answeredProperty() { return answered; }

    /** The choice (from 0) the current prediction was answered with, marked with the right one; -1: none. */
    public IntegerProperty givenProperty() { return given; }

    /** The words of the lesson bar, in the view model's language. */
    public LessonWords words() { return words; }
}
