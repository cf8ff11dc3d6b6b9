package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.LessonViewModel;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A whole built-in lesson driven through the window by node ids, answered right and wrong, with the score checked;
 * predict mode on a plain session; a picture of a lesson checkpoint (target/screenshots, and with
 * {@code -Dmailtrail.screenshots=docs/screenshots} the docs).
 */
@ExtendWith(ApplicationExtension.class)
class LessonWindowTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private LessonViewModel lessons() {
        return vm().lessons();
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private void waitFor(LessonViewModel.State s) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> lessons().stateProperty().get() == s);
    }

    private void openLesson(FxRobot robot, String title) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#lessonMenu").tryQuery().isPresent());
        robot.clickOn("#lessonMenu");
        robot.clickOn(title);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#lessonBar").query().isVisible());
    }

    /** Plays on (End: the last step) until the player stops at the checkpoint. */
    private void toCheckpoint(FxRobot robot) throws Exception {
        robot.interact(() -> stage.getScene().getRoot().requestFocus());
        robot.type(KeyCode.END);
        waitFor(LessonViewModel.State.ASKING);
        WaitForAsyncUtils.waitForFxEvents(); // the bar laid out with its answers before a click aims at one
    }

    /** The answer button whose choice is {@code choice}. */
    private String button(FxRobot robot, String choice) {
        for (Node n : robot.lookup("#answerChoices").queryParent().getChildrenUnmodifiable()) {
            if (((Button) n).getText().equals(choice)) {
                return "#" + n.getId();
            }
        }
        throw new AssertionError("no answer " + choice);
    }

    @Test
    void aWholeLessonThroughTheWindow(FxRobot robot) throws Exception {
        openLesson(robot, "When delivery fails");
        assertThat(text(robot, "#lessonProgress")).isEqualTo("Checkpoint 1 of 6");
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 0 of 3");
        toCheckpoint(robot);
        assertThat(text(robot, "#checkpointText")).contains("greylists");
        int hidden = vm().session().stepProperty().get() + 1;
        // what the class must not see yet: in the journey, but in no view
        assertThat(vm().session().journeyProperty().get().timeline().get(hidden).replyCode()).isEqualTo(450);
        assertThat(robot.lookup("#timelineList").queryAs(javafx.scene.control.ListView.class).getItems()).hasSize(hidden);
        robot.clickOn("#typedAnswer").write("450").type(KeyCode.ENTER);
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(vm().session().stepProperty().get()).isEqualTo(hidden);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 3");
        assertThat(robot.lookup("#lessonFeedback").queryAs(Label.class).getText()).startsWith("Right!");
        robot.clickOn("#revealButton"); // Continue

        toCheckpoint(robot); // the note at the retry
        assertThat(text(robot, "#checkpointText")).contains("4xx");
        var map = robot.lookup("#networkMap").queryAs(org.mailtrail.app.view.NetworkMapView.class);
        assertThat(map.litForLesson()).as("the host the note is about, lit on the map").containsExactly("mail.example.org");
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] lit = new WritableImage[1];
        robot.interact(() -> lit[0] = stage.getScene().snapshot(null));
        Files.createDirectories(Path.of("target/screenshots"));
        ImageIO.write(SwingFXUtils.fromFXImage(lit[0], null), "png", Path.of("target/screenshots/lesson-highlight.png").toFile());
        robot.type(KeyCode.ENTER); // Enter goes on
        toCheckpoint(robot); // the second RCPT reply, multiple choice: a wrong answer by key
        assertThat(map.litForLesson()).as("a checkpoint without highlight lights nothing").isEmpty();
        String wrong = button(robot, "550");
        robot.type(KeyCode.valueOf("DIGIT" + wrong.substring("#answer".length()))).type(KeyCode.ENTER);
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 3");
        assertThat(robot.lookup("#lessonFeedback").queryAs(Label.class).getText()).contains("Not quite", "250 2.1.5");
        robot.clickOn("#revealButton");

        toCheckpoint(robot); // unknown-user: the 550, by mouse
        assertThat(vm().session().resultProperty().get().info().name()).isEqualTo("unknown-user");
        var shown = vm().session().resultProperty().get();
        // the scenario box and the world follow the lesson's scenario; the session stays
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "unknown-user".equals(vm().scenarioProperty().get())
                && "unknown-user".equals(vm().worldProperty().get().name()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().resultProperty().get()).isSameAs(shown);
        assertThat(lessons().stateProperty().get()).isEqualTo(LessonViewModel.State.ASKING);
        assertThat(map.mxArrows()).as("the MX records of the world the journey ran in").isNotEmpty();
        robot.clickOn(button(robot, "550"));
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 2 of 3");
        robot.clickOn("#revealButton");
        toCheckpoint(robot);
        robot.clickOn("#revealButton"); // the bounce note
        toCheckpoint(robot);
        assertThat(text(robot, "#lessonProgress")).isEqualTo("Checkpoint 6 of 6");
        robot.clickOn("#revealButton"); // the null MX question
        waitFor(LessonViewModel.State.FINISHED);
        assertThat(text(robot, "#checkpointText")).isEqualTo("Finished: 2 of 3 right.");
        assertThat(robot.lookup("#lessonFeedback").queryAs(Label.class).getText()).contains("✓", "✗");
    }

    /**
     * Found by a tester: after a switch to French the lesson row kept "Checkpoint 1 of 6" and "Score: 0 of 3", the bar
     * its English question (only Continue changed); and the typed reply's placeholder was cut ("Tapez le code de ré").
     */
    @Test
    void aLanguageSwitchRewritesTheLessonBarAndThePlaceholderFits(FxRobot robot) throws Exception {
        openLesson(robot, "When delivery fails");
        toCheckpoint(robot);
        for (java.util.Locale l : java.util.List.of(java.util.Locale.FRENCH, java.util.Locale.GERMAN,
                java.util.Locale.forLanguageTag("es"), java.util.Locale.ENGLISH)) {
            Node before = robot.lookup("#lessonBar").query();
            robot.interact(() -> robot.lookup("#languageChoice")
                    .<javafx.scene.control.ChoiceBox<java.util.Locale>>query().setValue(l));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lessonBar").query() != before);
            WaitForAsyncUtils.waitForFxEvents();
            var w = new org.mailtrail.lesson.LessonWords(l);
            assertThat(text(robot, "#lessonProgress")).isEqualTo(w.format("bar.progress", 1, 6));
            assertThat(text(robot, "#lessonScore")).isEqualTo(w.format("bar.score", 0, 3));
            assertThat(text(robot, "#checkpointText")).isEqualTo(lessons().current().checkpoint().text()
                    .in(l.getLanguage()));
            javafx.scene.control.TextField f = robot.lookup("#typedAnswer").queryAs(javafx.scene.control.TextField.class);
            assertThat(f.getPromptText()).isEqualTo(w.get("bar.typed"));
            javafx.scene.text.Text prompt = new javafx.scene.text.Text(f.getPromptText());
            prompt.setFont(f.getFont());
            assertThat(f.getWidth() - f.snappedLeftInset() - f.snappedRightInset()).as(l + ": the placeholder fits")
                    .isGreaterThanOrEqualTo(prompt.getLayoutBounds().getWidth());
            if (l.equals(java.util.Locale.FRENCH)) {
                WritableImage[] img = new WritableImage[1];
                robot.interact(() -> img[0] = stage.getScene().snapshot(null));
                Files.createDirectories(Path.of("target/screenshots"));
                ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png",
                        Path.of("target/screenshots/lesson-french.png").toFile());
            }
        }
    }

    /** Found by a tester: Enter pressed again after Continue went to the player's first step (it had the focus). */
    @Test
    void enterAfterContinueDoesNotRewindTheLesson(FxRobot robot) throws Exception {
        openLesson(robot, "When delivery fails");
        toCheckpoint(robot);
        robot.clickOn("#typedAnswer").write("450").type(KeyCode.ENTER);
        waitFor(LessonViewModel.State.REVEALED);
        robot.type(KeyCode.ENTER); // Continue, by key: the typed field that had the focus is gone
        waitFor(LessonViewModel.State.WAITING);
        int at = vm().session().stepProperty().get();
        robot.type(KeyCode.ENTER).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().stepProperty().get()).as("Enter while playing on").isEqualTo(at);
        toCheckpoint(robot);
        robot.clickOn("#revealButton"); // Continue at the note, by mouse: the button that had the focus is disabled
        waitFor(LessonViewModel.State.WAITING);
        at = vm().session().stepProperty().get();
        robot.type(KeyCode.ENTER).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().stepProperty().get()).as("Enter after Continue by mouse").isEqualTo(at);
        assertThat(text(robot, "#lessonProgress")).isEqualTo("Checkpoint 3 of 6");
    }

    /**
     * Found by a tester: a number key answered at once, so the Enter after it went on before the class saw why the
     * answer was wrong. A key selects, Enter answers and shows the reasons, a further Enter goes on.
     */
    @Test
    void aNumberKeySelectsAndEnterAnswersWithTheReasons(FxRobot robot) throws Exception {
        openLesson(robot, "MX preference and backup");
        toCheckpoint(robot);
        robot.type(KeyCode.ENTER); // the note about the two MX records
        toCheckpoint(robot);
        assertThat(text(robot, "#lessonProgress")).isEqualTo("Checkpoint 2 of 6");
        String right = button(robot, lessons().current().answer().right());
        String wrong = robot.lookup("#answerChoices").queryParent().getChildrenUnmodifiable().stream()
                .map(n -> "#" + n.getId()).filter(id -> !id.equals(right)).reduce((a, b) -> b).orElseThrow();
        // the key that selects a choice is on a key cap of its own, not run into the choice's words ("1  2")
        Button first = robot.lookup("#answer1").queryAs(Button.class);
        assertThat(first.getGraphic()).isInstanceOf(Label.class);
        assertThat(((Label) first.getGraphic()).getText()).isEqualTo("1");
        assertThat(first.getText()).isEqualTo(lessons().choices().get(0));
        assertThat(first.getAccessibleText()).isEqualTo("1: " + lessons().choices().get(0));
        robot.type(KeyCode.valueOf("DIGIT" + wrong.substring("#answer".length())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lessons().stateProperty().get()).as("a key selects, it does not answer")
                .isEqualTo(LessonViewModel.State.ASKING);
        assertThat(lessons().answeredProperty().get()).isZero();
        assertThat(robot.lookup(wrong).query().getStyleClass()).contains("answer-selected");
        assertThat(robot.lookup(right).query().getStyleClass()).doesNotContain("answer-selected");
        robot.type(KeyCode.ENTER); // answers the selected choice
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 0 of 4");
        assertThat(robot.lookup("#lessonFeedback").queryAs(Label.class).getText())
                .startsWith("Not quite: the answer is mx1.example.net").contains("\n• ");
        // the choice given and the right one are both marked, in words and by colour (tester finding: after the
        // answer nothing showed what had been chosen)
        WaitForAsyncUtils.waitForFxEvents();
        Button given = robot.lookup(wrong).queryAs(Button.class);
        Button rightOne = robot.lookup(right).queryAs(Button.class);
        assertThat(given.getStyleClass()).contains("answer-given-wrong").doesNotContain("answer-right");
        assertThat(given.getText()).endsWith("(your choice)").doesNotContain("right answer");
        assertThat(rightOne.getStyleClass()).contains("answer-right");
        assertThat(rightOne.getText()).contains("mx1.example.net").endsWith("(right answer)");
        assertThat(text(robot, "#lessonProgress")).as("the feedback stays until a further Enter")
                .isEqualTo("Checkpoint 2 of 6");
        robot.type(KeyCode.ENTER); // goes on
        waitFor(LessonViewModel.State.WAITING);
        assertThat(text(robot, "#lessonProgress")).isEqualTo("Checkpoint 3 of 6");
        // the reveal button, clicked with a choice selected by key, answers that choice (it is not given up)
        toCheckpoint(robot);
        String mx1 = button(robot, "mx1.example.net");
        robot.type(KeyCode.valueOf("DIGIT" + mx1.substring("#answer".length())));
        robot.clickOn("#revealButton");
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(lessons().entries().get(1).given()).isEqualTo("mx1.example.net");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(mx1).queryAs(Button.class).getText()).as("given and right: both marks")
                .contains("right answer").endsWith("(your choice)");
        assertThat(robot.lookup(mx1).query().getStyleClass()).contains("answer-right", "answer-given");
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 4");
        // the long feedback of this checkpoint scrolls in its place: the tabs below keep some room (a tester saw
        // them squeezed to nothing at 1280 x 800)
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lessonFeedback").query().isVisible()).isTrue();
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAllAs(javafx.scene.control.TabPane.class)
                .stream().filter(t -> t.getTabs().stream().anyMatch(x -> "transcriptTab".equals(x.getId())))
                .findFirst().orElseThrow();
        assertThat(tabs.getHeight()).as("the tabs below keep a few lines").isGreaterThan(50);
        // and the transcript in front shows four lines or more: the map and the ladder, which draw smaller or
        // scroll, give the lesson bar its height (a tester saw the transcript squeezed to a line)
        Node transcript = robot.lookup("#transcriptView").query();
        double row = robot.lookup("#transcriptView .list-cell").queryAll().stream().mapToDouble(c -> c.getBoundsInLocal()
                .getHeight()).filter(h -> h > 0).min().orElseThrow();
        assertThat(transcript.getBoundsInLocal().getHeight() / row).as("lines of transcript in view")
                .isGreaterThanOrEqualTo(4);
    }

    /** Found by a tester: opening another lesson ended the one under way, answers and all, without asking. */
    @Test
    void openingAnotherLessonAsksFirst(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#lessonMenu").tryQuery().isPresent());
        var items = robot.lookup("#lessonMenu").queryAs(javafx.scene.control.MenuButton.class).getItems();
        var saveHtml = items.stream().filter(i -> "Save answers as HTML…".equals(i.getText())).findFirst().orElseThrow();
        assertThat(saveHtml.isDisable()).as("no answers to save yet").isTrue();
        openLesson(robot, "When delivery fails");
        toCheckpoint(robot);
        robot.clickOn("#typedAnswer").write("450").type(KeyCode.ENTER);
        waitFor(LessonViewModel.State.REVEALED);
        var plan = lessons().planProperty().get();
        assertThat(saveHtml.isDisable()).as("one answer to save").isFalse();
        robot.clickOn("#lessonMenu").clickOn("MX preference and backup");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lessonDiscardDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lessons().planProperty().get()).as("kept after Cancel").isSameAs(plan);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 3");
        robot.clickOn("#lessonMenu").clickOn("MX preference and backup");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lessonDiscardDialog").tryQuery().isPresent());
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> lessons().planProperty().get() != plan
                && lessons().planProperty().get() != null);
        assertThat(lessons().planProperty().get().lesson().name()).isEqualTo("mx-preference-and-backup");
        assertThat(lessons().underWay()).as("the new lesson has not begun answering yet, but is under way").isTrue();
    }

    /**
     * Found by a tester: "How mail finds its way" brought the Compare tab forward by itself, and at checkpoint 1 it
     * showed both routes' figures, the both-routes map and ladders with MAIL FROM, RCPT TO and DATA, before checkpoint 2
     * asks which command comes next. The comparison is held back, with a note, until the lesson is done.
     */
    /** Found by a tester: with the Compare tab in front, a lesson opened with only the comparison's note in view. */
    @Test
    void aLessonOpenedWithTheCompareTabInFrontShowsTheTranscript(FxRobot robot) throws Exception {
        robot.interact(() -> vm().routeProperty().set(Route.BOTH));
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        BottomTab.select(robot, "compareTab");
        javafx.scene.control.TabPane tabs = robot.lookup("#bottomTabs").queryAs(javafx.scene.control.TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("compareTab");
        openLesson(robot, "How mail finds its way");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("transcriptTab");
    }

    @Test
    void theComparisonIsHeldBackWhileALessonAsks(FxRobot robot) throws Exception {
        openLesson(robot, "How mail finds its way");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != null
                && vm().session().resultProperty().get().journeys().size() > 1);
        toCheckpoint(robot);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TabPane tabs = robot.lookup("#bottomTabs").queryAs(javafx.scene.control.TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).as("not brought forward by the lesson")
                .isEqualTo("transcriptTab");
        BottomTab.select(robot, "compareTab");
        assertThat(shown(robot.lookup("#compareHint").query())).isTrue();
        assertThat(text(robot, "#compareHint")).startsWith("The comparison is held back while a lesson is under way");
        for (String id : new String[] {"#compareFigures", "#compareMap", "#compareLadders", "#showDirect"}) {
            java.util.Optional<Node> n = robot.lookup(id).tryQuery();
            assertThat(n.isPresent() && shown(n.get())).as(id).isFalse();
        }
        assertThat(robot.lookup(".compare-value").queryAllAs(Node.class)).as("no figures such as \"Received: lines 2 / 3\"")
                .noneMatch(LessonWindowTest::shown);
        robot.clickOn("#lessonMenu").clickOn("End lesson");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot.lookup("#compareFigures").query()));
        assertThat(shown(robot.lookup("#compareMap").query())).isTrue();
        assertThat(shown(robot.lookup("#compareHint").query())).isFalse();
        assertThat(robot.lookup("#compare-hops-relay").queryAs(Label.class).getText()).isNotEmpty();
    }

    /**
     * Found by a tester: in "MX preference and backup" the map drew mail→mx1 and mail→mx2 ("SMTP 25") from step 1,
     * before the class is asked which host mail tries first and, once mx1 refused, what now (mx2). During a lesson the
     * map draws the links used up to the step shown; the whole journey's once the lesson is ended.
     */
    @Test
    void theMapDrawsOnlyTheLinksReachedWhileALessonAsks(FxRobot robot) throws Exception {
        openLesson(robot, "MX preference and backup");
        var map = robot.lookup("#networkMap").queryAs(org.mailtrail.app.view.NetworkMapView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> "backup-mx".equals(vm().worldProperty().get().name()));
        String mx1 = org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "mx1.example.net");
        String mx2 = org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "mx2.example.net");
        toCheckpoint(robot); // the note before the MX query
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(map.linkLabels()).as("links of steps to come").doesNotContainKeys(mx1, mx2).isNotEmpty();
        robot.interact(() -> lessons().revealOrContinue());
        for (int i = 0; i < 2; i++) { // which host first (mx1), where next after IPv4 failed: given up
            toCheckpoint(robot);
            robot.interact(() -> lessons().revealOrContinue());
            robot.interact(() -> lessons().revealOrContinue());
        }
        toCheckpoint(robot);
        assertThat(text(robot, "#checkpointText")).contains("mx1 refused on both addresses");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(map.linkLabels()).as("mx1 tried, mx2 not yet").containsKey(mx1).doesNotContainKey(mx2);
        robot.clickOn("#lessonMenu").clickOn("End lesson");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> map.linkLabels().containsKey(mx2));
        assertThat(map.linkLabels()).containsEntry(mx2, "SMTP 25").containsKey(mx1);
    }

    /** Found by a tester: the link to Alice's server read "SMTP 587, IMAP 143" long before she fetched the bounce. */
    @Test
    void aLinkNamesOnlyTheProtocolsUsedSoFarWhileALessonAsks(FxRobot robot) throws Exception {
        openLesson(robot, "When delivery fails");
        var map = robot.lookup("#networkMap").queryAs(org.mailtrail.app.view.NetworkMapView.class);
        String alice = org.mailtrail.timeline.HostLinks.Link.key("alice-laptop.example.org", "mail.example.org");
        boolean found = false;
        for (int i = 0; i < 12 && !found; i++) { // to a checkpoint of a part where Alice fetches her bounce later
            toCheckpoint(robot);
            WaitForAsyncUtils.waitForFxEvents();
            var events = vm().session().journeyProperty().get().timeline().events();
            int step = vm().session().stepProperty().get();
            found = events.subList(0, step + 1).stream().noneMatch(e -> e.phase() == org.mailtrail.timeline.Phase.RETRIEVAL)
                    && org.mailtrail.timeline.HostLinks.links(events).stream()
                    .anyMatch(l -> l.key().equals(alice) && l.label().contains("IMAP"));
            if (!found) {
                robot.clickOn("#revealButton");
                if (lessons().stateProperty().get() == LessonViewModel.State.REVEALED) {
                    robot.clickOn("#revealButton");
                }
            }
        }
        assertThat(found).as("a checkpoint before the bounce is fetched over IMAP").isTrue();
        assertThat(map.linkLabels()).containsKey(alice);
        assertThat(map.linkLabels().get(alice)).startsWith("SMTP").doesNotContain("IMAP");
    }

    /**
     * Found by a tester: in "How mail finds its way" the sequence diagram had an mx1 column (and none for mx2) from
     * step 1, before the checkpoint "Which MX first?" asks which one is tried. During a lesson the ladder has columns
     * for the hosts reached up to the step shown, as the map draws the links; every host once the lesson is ended.
     */
    @Test
    void theLadderShowsOnlyTheHostsReachedWhileALessonAsks(FxRobot robot) throws Exception {
        openLesson(robot, "How mail finds its way");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != null
                && vm().session().resultProperty().get().journeys().size() > 1);
        var ladder = robot.lookup("#sequenceDiagram").queryAs(org.mailtrail.app.view.SequenceDiagramView.class);
        String mx1 = "mx1.example.net";
        toCheckpoint(robot); // the note at the first connection
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladder.hosts()).as("step 1").containsExactly("alice-laptop.example.org", "mail.example.org");
        robot.interact(() -> lessons().revealOrContinue());
        for (int i = 0; i < 2; i++) { // the next command, who holds the message: answers shown, then on
            toCheckpoint(robot);
            robot.interact(() -> lessons().revealOrContinue());
            robot.interact(() -> lessons().revealOrContinue());
        }
        toCheckpoint(robot); // the note before the MX query
        robot.interact(() -> lessons().revealOrContinue());
        toCheckpoint(robot);
        assertThat(text(robot, "#checkpointText")).contains("Which host does mail.example.org connect to?");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladder.hosts()).as("which MX first is asked: no column for either").doesNotContain(mx1,
                "mx2.example.net").contains("mail.example.org");
        robot.interact(() -> lessons().revealOrContinue()); // the answer: mail connects to mx1
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladder.hosts()).as("once the answer is shown").contains(mx1);
        robot.clickOn("#lessonMenu").clickOn("End lesson");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ladder.hosts().contains("bob-laptop.example.net"));
        assertThat(ladder.hosts()).as("the whole journey's hosts again").contains(mx1, "imap.example.net");
    }

    /** Found by a tester: the map ("MX 10 (down)") and the scenario's title gave the lesson's answers away. */
    @Test
    void aLessonUnderWayKeepsTheFaultsBack(FxRobot robot) throws Exception {
        openLesson(robot, "MX preference and backup");
        var map = robot.lookup("#networkMap").queryAs(org.mailtrail.app.view.NetworkMapView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> "backup-mx".equals(vm().worldProperty().get().name())
                && !map.mxArrows().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(map.mxArrows()).as("no exchanger drawn as down").noneMatch(a -> a.down());
        assertThat(text(robot, "#scenarioDescription")).startsWith("Lesson: MX preference and backup.")
                .doesNotContain("down", "refuses");
        robot.clickOn("#lessonMenu").clickOn("End lesson");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> map.mxArrows().stream().anyMatch(a -> a.down()));
        assertThat(map.mxArrows()).filteredOn(a -> a.down()).extracting(a -> a.host()).containsExactly("mx1.example.net");
        assertThat(text(robot, "#scenarioDescription")).startsWith("The preferred MX is down");
    }

    /**
     * Found by a tester: the World tab showed "mx1 down" and "(10, down)" during the lesson, and after "End lesson"
     * the status still said "Step 40 of 40" while the steps list had the whole journey. Found by another: during the
     * lesson it said "Step 26 of 26" although the session has 85 steps; it counts the whole session throughout.
     */
    @Test
    void theWorldTabAndTheStepCountFollowTheLesson(FxRobot robot) throws Exception {
        openLesson(robot, "MX preference and backup");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> "backup-mx".equals(vm().worldProperty().get().name()));
        toCheckpoint(robot);
        BottomTab.select(robot, "worldTab");
        assertThat(shown(robot.lookup("#worldKeptBackNote").query())).isTrue();
        assertThat(shown(robot.lookup("#hostTable").query())).as("no fault column to read the answer from").isFalse();
        assertThat(shown(robot.lookup("#mxOrderList").query())).as("no \"(10, down)\"").isFalse();
        int shown = vm().session().events().size();
        int whole = vm().session().journeyProperty().get().timeline().size();
        assertThat(shown).as("a horizon is in force").isLessThan(whole);
        assertThat(text(robot, "#statusLabel")).startsWith("Step " + shown + " of " + whole + " ");
        robot.clickOn("#lessonMenu").clickOn("End lesson");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().events().size() == whole);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#statusLabel")).contains(" of " + whole + " ");
        assertThat(shown(robot.lookup("#hostTable").query())).isTrue();
        assertThat(shown(robot.lookup("#worldKeptBackNote").query())).isFalse();
    }

    /** Found by a tester: a lesson opened over unsaved world edits dropped them silently, and kept the old message. */
    @Test
    void aLessonAsksBeforeUnsavedWorldEditsGoAndShowsItsOwnMessage(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().editor().draftProperty().get() != null && !vm().editor().checkingProperty().get());
        robot.interact(() -> {
            vm().editor().setFault("mx1.example.net", org.mailtrail.world.HostFault.DOWN, "");
            vm().compose().subjectProperty().set("Hello from another world");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().editor().unsavedEdits()
                && !vm().editor().checkingProperty().get());
        robot.clickOn("#lessonMenu").clickOn("MX preference and backup");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#worldDiscardDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lessons().planProperty().get()).as("no lesson after Cancel").isNull();
        assertThat(vm().editor().unsavedEdits()).isTrue();
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        robot.clickOn("#lessonMenu").clickOn("MX preference and backup");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#worldDiscardDialog").tryQuery().isPresent());
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> lessons().planProperty().get() != null
                && "backup-mx".equals(vm().worldProperty().get().name()));
        WaitForAsyncUtils.waitForFxEvents();
        var sent = vm().session().resultProperty().get().compose();
        assertThat(vm().compose().subjectProperty().get()).isEqualTo(sent.subject())
                .isNotEqualTo("Hello from another world");
    }

    /** Visible, and so are all its parents. */
    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    @Test
    void predictModeOnAPlainSession(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && !vm().busyProperty().get() && robot.lookup("#predictModeToggle").tryQuery().isPresent());
        robot.interact(() -> vm().routeProperty().set(Route.DIRECT));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        robot.clickOn("#predictModeToggle");
        toCheckpoint(robot);
        assertThat(text(robot, "#checkpointText")).isEqualTo("Which reply code does the server give?");
        robot.clickOn(button(robot, "220"));
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 1");
        robot.clickOn("#revealButton");
        toCheckpoint(robot);
        assertThat(text(robot, "#checkpointText")).isEqualTo("Which command does the client send next?");
        robot.clickOn(button(robot, "STARTTLS"));
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 1 of 2");
        robot.clickOn("#predictModeToggle");
        waitFor(LessonViewModel.State.OFF);
        assertThat(robot.lookup("#lessonBar").query().isVisible()).isFalse();
    }

    /** The hosts the map marks as holding the message (now) or as having held it. */
    private static java.util.List<String> marked(FxRobot robot, String pseudoClass) {
        javafx.css.PseudoClass p = javafx.css.PseudoClass.getPseudoClass(pseudoClass);
        return robot.lookup("#networkMap").lookup(".host").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.layout.VBox && n.getPseudoClassStates().contains(p))
                .map(n -> String.valueOf(n.getUserData())).toList();
    }

    /**
     * Tester finding: a checkpoint asked who holds the message while the map marked it. While such a question is
     * asked, neither the map nor the message inspector shows who holds it; once answered, both do again.
     */
    /** Found by a tester: the inspector read "3 Received: line(s)" while "How many Received lines…?" was asked. */
    @Test
    void theCountOfReceivedLinesIsNotOnScreenWhileItIsAsked(FxRobot robot) throws Exception {
        openLesson(robot, "How mail finds its way");
        for (int i = 0; i < 12; i++) {
            toCheckpoint(robot);
            var s = lessons().current();
            if (s.answer() != null && s.checkpoint().ask() == org.mailtrail.lesson.Ask.RECEIVED_COUNT) {
                break;
            }
            robot.clickOn("#revealButton");
            if (lessons().stateProperty().get() == LessonViewModel.State.REVEALED) {
                robot.clickOn("#revealButton");
            }
        }
        var s = lessons().current();
        assertThat(s.checkpoint().ask()).isEqualTo(org.mailtrail.lesson.Ask.RECEIVED_COUNT);
        String right = s.answer().right();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".inspector-where").queryAs(Label.class).getText()).startsWith("(kept back")
                .doesNotContain("Received");
        assertThat(robot.lookup("#headerList").queryListView().getItems()).noneMatch(h -> String.valueOf(h)
                .startsWith("Received:"));
        robot.clickOn(button(robot, right));
        waitFor(LessonViewModel.State.REVEALED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".inspector-where").queryAs(Label.class).getText()).contains(right + " Received:");
    }

    @Test
    void whoHoldsTheMessageIsNotOnScreenWhileItIsAsked(FxRobot robot) throws Exception {
        openLesson(robot, "Who may send: submission, AUTH and relaying");
        for (int i = 0; i < 10; i++) {
            toCheckpoint(robot);
            var s = lessons().current();
            if (s.answer() != null && s.checkpoint().ask() == org.mailtrail.lesson.Ask.MESSAGE_AT) {
                break;
            }
            robot.clickOn("#revealButton");
            if (lessons().stateProperty().get() == LessonViewModel.State.REVEALED) {
                robot.clickOn("#revealButton");
            }
        }
        var s = lessons().current();
        assertThat(s.checkpoint().ask()).isEqualTo(org.mailtrail.lesson.Ask.MESSAGE_AT);
        String right = s.answer().right();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(marked(robot, "holder")).as("holder marked while asked").isEmpty();
        assertThat(marked(robot, "held")).as("held marked while asked").isEmpty();
        assertThat(robot.lookup(".inspector-where").queryAs(Label.class).getText()).startsWith("(kept back")
                .doesNotContain(right);
        assertThat(robot.lookup("#headerList").queryListView().getItems()).noneMatch(h -> String.valueOf(h)
                .contains(right));
        robot.clickOn(button(robot, right));
        waitFor(LessonViewModel.State.REVEALED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(marked(robot, "holder")).containsExactly(right);
        assertThat(robot.lookup(".inspector-where").queryAs(Label.class).getText()).contains(right);
    }

    @Test
    void pictureOfALessonCheckpoint(FxRobot robot) throws Exception {
        openLesson(robot, "How mail finds its way");
        for (int i = 0; i < 4; i++) { // note, MAIL FROM, where is the message, the MX note
            toCheckpoint(robot);
            robot.clickOn(lessons().current().answer() == null ? "#revealButton" : button(robot,
                    lessons().current().answer().right()));
            if (lessons().stateProperty().get() == LessonViewModel.State.REVEALED) {
                robot.clickOn("#revealButton");
            }
        }
        toCheckpoint(robot); // which MX first?
        assertThat(text(robot, "#checkpointText")).contains("MX 10 mx1.example.net");
        robot.clickOn(button(robot, "mx2.example.net"));
        waitFor(LessonViewModel.State.REVEALED);
        assertThat(robot.lookup("#lessonFeedback").queryAs(Label.class).getText())
                .contains("Not quite: the answer is mx1.example.net", "mx2 has preference 20");
        assertThat(text(robot, "#lessonScore")).isEqualTo("Score: 2 of 6");
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS); // the map and the ladder finish drawing
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
        assertThat(b.getWidth()).isGreaterThanOrEqualTo(1000);
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(b, "png", Path.of(dir, "15-lesson-checkpoint.png").toFile());
            }
        }
    }
}
