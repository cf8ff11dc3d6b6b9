package org.mailtrail.app.view;

import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mailtrail.app.model.LessonViewModel;
import org.mailtrail.app.model.LessonViewModel.State;
import org.mailtrail.lesson.BuiltInLessons;
import org.mailtrail.lesson.LessonWords;

/**
 * The Lesson menu, the predict-mode switch and, while a lesson or predict mode runs, the lesson bar: progress,
 * score, the checkpoint's text, the answer buttons, a field for a typed reply code, the reveal button and what the
 * answer showed. Thin over {@link LessonViewModel} (docs/lessons.md).
 *
 * <p>Keys, for a class at a projector: 1–4 select (highlight) a choice without answering, so the class can still talk
 * about it; Enter answers the selected choice and shows why the others were wrong (without a selection it reveals, or
 * goes on at a note), and so does the reveal button; only a further Enter, or Continue, goes on. A click on a
 * choice answers at once.
 */
public final class LessonBar extends VBox {
    private final LessonViewModel vm;
    private final LessonWords w;
    private final javafx.event.EventHandler<KeyEvent> keys = this::key;
    private final ViewScope scope;
    /** The lesson bar and its controls: built when a lesson or predict mode first starts (null until then). */
    private VBox bar;
    /** The Lesson menu's row; during a lesson it also shows the progress and the score (one row less in the bar). */
    private final HBox tools;
    private FlowPane answers;
    private TextField typed;
    private Button reveal;
    /** The choice selected by key 1–4 (from 0) at the checkpoint shown, not answered yet; -1 for none. */
    private int selected = -1;
    /** How a choice selected by key stands out (inline, as the bar's own style). */
    private static final String SELECTED_STYLE = "-fx-border-color: #ff9800; -fx-border-width: 3;"
            + " -fx-border-radius: 3; -fx-font-weight: bold;";

    /**
     * @param focusLayout while true (the projector layout, every pixel for the journey), the menu row is shown only
     *                    during a lesson or predict mode
     */
    public LessonBar(LessonViewModel vm, Locale locale, ViewScope scope,
                     javafx.beans.value.ObservableBooleanValue focusLayout) {
        this.vm = vm;
        this.scope = scope;
        vm.useLocale(locale);
        this.w = vm.words();
        getStyleClass().add("lesson-area");

        MenuButton menu = new MenuButton(w.get("bar.menu"));
        menu.setId("lessonMenu");
        for (String name : BuiltInLessons.NAMES) {
            MenuItem m = new MenuItem(w.get("title." + name)); // from the bundle: no file is read on the FX thread
            m.setId("lesson-" + name);
            m.setOnAction(e -> {
                if (mayEnd()) {
                    vm.open(name);
                }
            });
            menu.getItems().add(m);
        }
        MenuItem open = new MenuItem(w.get("bar.open"));
        open.setId("lessonOpenFile");
        open.setOnAction(e -> openFile());
        MenuItem end = new MenuItem(w.get("bar.close"));
        end.setId("lessonEnd");
        end.setOnAction(e -> vm.stop());
        end.disableProperty().bind(vm.stateProperty().isEqualTo(State.OFF)); // nothing to end
        MenuItem html = new MenuItem(w.get("bar.exportHtml"));
        html.setOnAction(e -> export("html"));
        MenuItem json = new MenuItem(w.get("bar.exportJson"));
        json.setOnAction(e -> export("json"));
        html.disableProperty().bind(vm.answeredProperty().isEqualTo(0)); // no answers to save yet
        json.disableProperty().bind(html.disableProperty());
        MenuItem addNote = new MenuItem(w.get("bar.addNote"));
        addNote.setId("lessonAddNote");
        addNote.setOnAction(e -> {
            javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog();
            d.setHeaderText(w.get("bar.addNote"));
            d.showAndWait().filter(s -> !s.isBlank()).ifPresent(vm.maker()::addNoteHere);
        });
        MenuItem addPredict = new MenuItem(w.get("bar.addPredict"));
        addPredict.setId("lessonAddPrediction");
        addPredict.setOnAction(e -> vm.maker().addPredictionHere());
        MenuItem save = new MenuItem(w.get("bar.saveLesson"));
        save.setId("lessonSaveDraft");
        save.setOnAction(e -> saveDraft());
        menu.getItems().addAll(new SeparatorMenuItem(), open, end, new SeparatorMenuItem(), html, json,
                new SeparatorMenuItem(), addNote, addPredict, save);

        ToggleButton predict = new ToggleButton(w.get("bar.predict"));
        predict.setId("predictModeToggle");
        predict.selectedProperty().bindBidirectional(vm.predictModeProperty());
        Label error = new Label();
        error.setId("lessonError");
        error.getStyleClass().add("status-error");
        error.textProperty().bind(vm.errorProperty());
        Label draft = new Label();
        draft.setId("lessonDraftNotice");
        draft.textProperty().bind(vm.maker().draftNoticeProperty());
        tools = new HBox(10, menu, predict, draft, error);
        tools.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        tools.getStyleClass().add("lesson-tools");
        tools.managedProperty().bind(Bindings.not(Bindings.createBooleanBinding(focusLayout::get, focusLayout))
                .or(vm.stateProperty().isNotEqualTo(State.OFF)));
        tools.visibleProperty().bind(tools.managedProperty());

        setSpacing(4);
        getChildren().setAll(tools);
        // the bar is not shown until a lesson or predict mode starts: its controls are built then (or when the
        // Lesson menu is first opened, as a lesson is about to be chosen), not at start-up
        menu.setOnShowing(e -> buildBar());
        scope.listen(vm.stateProperty(), (o, a, state) -> {
            if (state != State.OFF) {
                buildBar();
            }
        });
        if (vm.stateProperty().get() != State.OFF) {
            buildBar(); // a window made during a lesson (another language)
        }
        scope.listen(sceneProperty(), (o, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
    }

    /** The lesson bar: progress, score, the checkpoint, the answers, the typed reply, reveal and feedback. */
    private void buildBar() {
        if (bar != null) {
            return;
        }
        Label progress = new Label();
        progress.setId("lessonProgress");
        progress.textProperty().bind(vm.progressProperty());
        Label score = new Label();
        score.setId("lessonScore");
        score.getStyleClass().add("lesson-score");
        score.textProperty().bind(vm.scoreTextProperty());
        Label text = new Label();
        text.setId("checkpointText");
        text.setWrapText(true);
        text.getStyleClass().add("checkpoint-text");
        text.textProperty().bind(vm.textProperty());
        answers = new FlowPane(8, 6);
        typed = new TextField();
        reveal = new Button();
        answers.setId("answerChoices");
        typed.setId("typedAnswer");
        typed.setPromptText(w.get("bar.typed"));
        // the placeholder whole in every language (at 10 columns a tester read "Tapez le code de ré"): as many columns
        // as it needs in the field's font, which the presentation's text size changes
        fitPrompt(typed);
        scope.listen(typed.fontProperty(), (o, was, font) -> fitPrompt(typed));
        typed.setOnAction(e -> {
            vm.answerTyped(typed.getText());
            typed.clear();
        });
        reveal.setId("revealButton");
        reveal.setOnAction(e -> answerOrGoOn()); // as Enter: a choice selected by key is answered, not given up
        Label feedback = new Label();
        feedback.setId("lessonFeedback");
        feedback.setWrapText(true);
        feedback.textProperty().bind(vm.feedbackProperty());
        // a long feedback (the reasons for every choice, the teacher's note, the step) scrolls within a tenth of the
        // window's height instead of pushing the transcript and the other tabs out of it (a tester saw them vanish)
        javafx.scene.control.ScrollPane feedbackPane = new javafx.scene.control.ScrollPane(feedback);
        feedbackPane.setFitToWidth(true);
        feedbackPane.getStyleClass().add("edge-to-edge");
        feedbackPane.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        feedbackPane.setMinHeight(0);
        feedbackPane.sceneProperty().addListener((o, was, scene) -> {
            feedbackPane.maxHeightProperty().unbind();
            if (scene != null) {
                feedbackPane.maxHeightProperty().bind(scene.heightProperty().multiply(0.1));
            }
        });
        feedbackPane.managedProperty().bind(feedback.textProperty().isNotEmpty());
        feedbackPane.visibleProperty().bind(feedbackPane.managedProperty());
        feedback.visibleProperty().bind(feedbackPane.managedProperty());
        scope.listen(feedback.textProperty(), (o, was, now) -> feedbackPane.setVvalue(0)); // each from its start
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox act = new HBox(10, answers, typed);
        HBox.setHgrow(answers, Priority.ALWAYS);
        // no row of its own for a note, which has no answers: the tabs below keep its height (a tester found the lab's
        // tables down to a row and a half under the bar)
        act.managedProperty().bind(Bindings.isNotEmpty(answers.getChildren()).or(typed.managedProperty()));
        act.visibleProperty().bind(act.managedProperty());
        VBox said = new VBox(6, text, act);
        HBox.setHgrow(said, Priority.ALWAYS);
        // Reveal / Continue to the right of the checkpoint and its answers, at the bottom, where the eye ends
        HBox row = new HBox(10, said, reveal);
        row.setAlignment(javafx.geometry.Pos.BOTTOM_LEFT);
        reveal.setMinWidth(Region.USE_PREF_SIZE);
        bar = new VBox(6, row, feedbackPane);
        bar.setId("lessonBar");
        // the answers wrap at the width they have, not at FlowPane's 400 pixels: the bar asks for the rows it shows
        // (marked answers are longer; asked for more rows, the bar squeezed the tabs below)
        answers.prefWrapLengthProperty().bind(Bindings.max(200, bar.widthProperty().subtract(typed.widthProperty())
                .subtract(reveal.widthProperty()).subtract(60)));
        bar.getStyleClass().add("lesson-bar");
        bar.setStyle("-fx-padding: 6 10 6 10; -fx-background-color: -fx-control-inner-background;"
                + " -fx-border-color: derive(-fx-base, -20%); -fx-border-width: 1 0 1 0;");
        text.setStyle("-fx-font-size: 1.15em; -fx-font-weight: bold;");
        bar.managedProperty().bind(vm.stateProperty().isNotEqualTo(State.OFF));
        bar.visibleProperty().bind(bar.managedProperty());
        // progress and score in the menu's row, whose right side is empty: the centre above keeps that row's height
        for (Node n : new Node[] {progress, score}) {
            n.managedProperty().bind(bar.managedProperty());
            n.visibleProperty().bind(bar.managedProperty());
        }
        tools.getChildren().add(2, progress);
        tools.getChildren().addAll(grow, score);
        typed.managedProperty().bind(vm.typedProperty().and(vm.stateProperty().isEqualTo(State.ASKING)));
        typed.visibleProperty().bind(typed.managedProperty());
        reveal.textProperty().bind(Bindings.createStringBinding(() -> w.get(
                vm.stateProperty().get() == State.ASKING && vm.current() != null && vm.current().answer() != null
                        ? "bar.reveal" : "bar.continue"), vm.stateProperty()));
        reveal.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.ASKING)
                .and(vm.stateProperty().isNotEqualTo(State.REVEALED)));
        getChildren().add(bar);
        // A disabled button gives its focus to the next control (the player's "first step"): Enter pressed again
        // would rewind the lesson. The bar keeps the focus instead, where Enter does nothing.
        scope.listen(reveal.disabledProperty(), (o, was, off) -> {
            if (off && reveal.isFocused()) {
                bar.requestFocus();
            }
        });
        scope.listen(typed.visibleProperty(), (o, was, shown) -> {
            if (!shown && typed.isFocused()) {
                bar.requestFocus();
            }
        });

        scope.listen(vm.choices(), (javafx.collections.ListChangeListener<String>) c -> buildAnswers());
        scope.listen(vm.stateProperty(), (o, a, s) -> buildAnswers());
        buildAnswers();
    }

    /** Widens a field to its placeholder: a column is a "W" wide, as the skin counts them. */
    private static void fitPrompt(TextField f) {
        javafx.scene.text.Text prompt = new javafx.scene.text.Text(f.getPromptText());
        javafx.scene.text.Text column = new javafx.scene.text.Text("W");
        prompt.setFont(f.getFont());
        column.setFont(f.getFont());
        f.setPrefColumnCount((int) Math.ceil(prompt.getLayoutBounds().getWidth() / column.getLayoutBounds().getWidth())
                + 1);
    }

    private void buildAnswers() {
        if (answers == null) {
            return;
        }
        boolean hadFocus = answers.getChildren().stream().anyMatch(Node::isFocused);
        answers.getChildren().clear();
        selected = -1; // another checkpoint, or this one answered: nothing is selected
        if (hadFocus && bar != null) {
            bar.requestFocus();
        }
        boolean asking = vm.stateProperty().get() == State.ASKING;
        // revealed: the right answer and the one given are marked, in words as well as colour (a tester could not
        // see what had been chosen against the right one)
        boolean revealed = vm.stateProperty().get() == State.REVEALED;
        int right = revealed ? rightChoice() : -1;
        int given = revealed ? vm.givenProperty().get() : -1;
        for (int i = 0; i < vm.choices().size(); i++) {
            int k = i;
            String mark = (i == right ? "   " + w.get("bar.markRight") : "") + (i == given ? "   " + w.get("bar.markGiven")
                    : "");
            // the key that selects it on a key cap of its own: a choice that is itself a number ("2") is not read as
            // part of "1  2" (tester finding)
            Label key = new Label(Integer.toString(i + 1));
            key.getStyleClass().add("answer-key");
            Button b = new Button(vm.choices().get(i) + mark, key);
            b.setAccessibleText((i + 1) + ": " + vm.choices().get(i) + mark);
            b.setId("answer" + (i + 1));
            b.setDisable(!asking);
            b.setOnAction(e -> vm.answer(k));
            if (i == right) {
                b.getStyleClass().add("answer-right");
            }
            if (i == given) {
                b.getStyleClass().add(i == right ? "answer-given" : "answer-given-wrong");
            }
            answers.getChildren().add(b);
        }
    }

    /** The index of the right answer among the choices shown, or -1. */
    private int rightChoice() {
        var s = vm.current();
        if (s == null || s.answer() == null) {
            return -1;
        }
        for (int i = 0; i < s.answer().options().size() && i < vm.choices().size(); i++) {
            if (s.answer().options().get(i).right()) {
                return i;
            }
        }
        return -1;
    }

    /** Marks choice {@code i} (from 0) as the selected one, or none for -1. */
    private void select(int i) {
        selected = i;
        for (int k = 0; k < answers.getChildren().size(); k++) {
            Node b = answers.getChildren().get(k);
            b.getStyleClass().remove("answer-selected");
            b.setStyle("");
            if (k == i) {
                b.getStyleClass().add("answer-selected");
                b.setStyle(SELECTED_STYLE);
            }
        }
    }

    /**
     * Keys 1–4 select a choice, Enter answers the selected one, or else reveals or goes on; a text field keeps its own
     * keys.
     */
    private void key(KeyEvent e) {
        State s = vm.stateProperty().get();
        if (s == State.OFF || e.isShortcutDown() || e.isAltDown() || getScene() == null) {
            return;
        }
        boolean field = getScene().getFocusOwner() instanceof TextInputControl t && t.isEditable();
        KeyCode c = e.getCode();
        int digit = switch (c) {
            case DIGIT1, NUMPAD1 -> 0;
            case DIGIT2, NUMPAD2 -> 1;
            case DIGIT3, NUMPAD3 -> 2;
            case DIGIT4, NUMPAD4 -> 3;
            default -> -1;
        };
        if (digit >= 0 && !field && s == State.ASKING && digit < vm.choices().size()) {
            select(digit);
            e.consume();
        } else if (c == KeyCode.ENTER && !field && (s == State.ASKING || s == State.REVEALED)) {
            answerOrGoOn();
            e.consume();
        }
    }

    /** Enter or the reveal button: answers the choice selected by key, or else reveals or goes on. */
    private void answerOrGoOn() {
        if (vm.stateProperty().get() == State.ASKING && selected >= 0 && selected < vm.choices().size()) {
            vm.answer(selected);
        } else {
            vm.revealOrContinue();
        }
    }

    private void openFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle(w.get("bar.open"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null && mayEnd()) {
            vm.open(f.getPath());
        }
    }

    /** Asked before a lesson opens, which brings its own world: may edits to the world that were not saved go? */
    private java.util.function.BooleanSupplier mayLeaveWorld = () -> true;

    /** Sets what is asked before a lesson opens (the world editor's unsaved edits; found by a tester). */
    public void setMayLeaveWorld(java.util.function.BooleanSupplier ask) {
        mayLeaveWorld = ask;
    }

    /**
     * Asks before a lesson under way is ended by opening another (its answers would be lost), and before the world's
     * unsaved edits are given up to the lesson's world.
     */
    private boolean mayEnd() {
        if (!mayLeaveWorld.getAsBoolean()) {
            return false;
        }
        if (!vm.underWay()) {
            return true;
        }
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                w.format("bar.discard", vm.progressProperty().get()), javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        a.setHeaderText(w.get("bar.discardTitle"));
        a.getDialogPane().setId("lessonDiscardDialog");
        if (getScene() != null) {
            a.initOwner(getScene().getWindow());
        }
        return a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
    }

    private void saveDraft() {
        if (vm.maker().draftYaml("-") == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(w.get("bar.saveLesson"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml"));
        fc.setInitialFileName("my-lesson.yaml");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.maker().saveDraft(f.toPath(), f.getName().replaceAll("\\.ya?ml$", ""));
        }
    }

    private void export(String ext) {
        FileChooser fc = new FileChooser();
        fc.setTitle(w.get(ext.equals("html") ? "bar.exportHtml" : "bar.exportJson"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        fc.setInitialFileName("answers." + ext);
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.exportAnswers(f.toPath(), () -> { });
        }
    }
}
