package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.app.view.SequenceDiagramView;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window, driven headless (Monocle) like a user would. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        // the primary stage is shared by every test class: a size left by another (a small window) must not leak
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().worldProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private void runAndWait(FxRobot robot) throws Exception {
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int step() {
        return vm().session().stepProperty().get();
    }

    @Test
    void everySpecifiedNodeIdExistsWithAccessibleText(FxRobot robot) {
        BottomTab.select(robot, "compareTab"); // #compareView is made when its tab is first shown (LazyTabsTest)
        for (String id : new String[] {"#fromField", "#toField", "#ccField", "#subjectField", "#bodyArea",
                "#scenarioChoice", "#routeChoice", "#runButton", "#stepForwardButton", "#stepBackButton",
                "#playButton", "#resetButton", "#speedSlider", "#timelineList", "#transcriptView",
                "#explanationText", "#networkMap", "#sequenceDiagram", "#messageInspector", "#compareView",
                "#exportButton"}) {
            javafx.scene.Node n = robot.lookup(id).query();
            assertThat(n).as(id).isNotNull();
            assertThat(n.getAccessibleText()).as(id + " accessible text").isNotBlank();
        }
        assertThat(stage.getTitle()).isEqualTo("Mail Trail");
    }

    @Test
    void invalidInputShowsItsErrorAndRunsNothing(FxRobot robot) {
        robot.interact(() -> robot.lookup("#toField").queryAs(TextField.class).setText("bob@@example.net"));
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#toError").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("bob@@example.net");
        assertThat(robot.lookup("#fromError").queryAs(Label.class).isVisible()).isFalse();
        assertThat(vm().session().resultProperty().get()).isNull();
        assertThat(robot.lookup("#timelineList").queryListView().getItems()).isEmpty();
        // the error goes as soon as the field is edited
        robot.interact(() -> robot.lookup("#toField").queryAs(TextField.class).setText("bob@example.net"));
        assertThat(error.isVisible()).isFalse();
    }

    @Test
    void tabLeavesTheBodyInsteadOfTypingATab(FxRobot robot) {
        robot.clickOn("#bodyArea");
        String before = robot.lookup("#bodyArea").queryAs(TextArea.class).getText();
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bodyArea").queryAs(TextArea.class).getText()).isEqualTo(before);
        assertThat(robot.lookup("#bodyArea").queryAs(TextArea.class).isFocused()).isFalse();
    }

    @Test
    void theArrowKeysStepAfterAClickIntoTheExplanation(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.clickOn("#explanationText");
        int before = step();
        robot.type(KeyCode.RIGHT, 2);
        assertThat(step()).isEqualTo(before + 2);
    }

    @Test
    void eachRouteRuns(FxRobot robot) throws Exception {
        for (Route r : Route.values()) {
            robot.interact(() -> robot.lookup("#routeChoice").<ChoiceBox<Route>>query().setValue(r));
            runAndWait(robot);
            assertThat(vm().session().resultProperty().get().journeys()).hasSize(r == Route.BOTH ? 2 : 1);
            assertThat(robot.lookup("#timelineList").queryListView().getItems()).isNotEmpty();
            assertThat(robot.lookup("#transcriptView").queryListView().getItems()).isNotEmpty();
        }
    }

    @Test
    void steppingByButtonAndByKey(FxRobot robot) throws Exception {
        runAndWait(robot);
        assertThat(step()).isZero();
        robot.clickOn("#stepForwardButton").clickOn("#stepForwardButton");
        assertThat(step()).isEqualTo(2);
        robot.clickOn("#stepBackButton");
        assertThat(step()).isEqualTo(1);
        robot.clickOn("#sequenceDiagram");
        int before = step();
        robot.type(KeyCode.RIGHT, 3);
        assertThat(step()).isEqualTo(before + 3);
        robot.type(KeyCode.LEFT);
        assertThat(step()).isEqualTo(before + 2);
        robot.type(KeyCode.END);
        assertThat(step()).isEqualTo(vm().session().sizeProperty().get() - 1);
        robot.type(KeyCode.HOME);
        assertThat(step()).isZero();
        assertThat(robot.lookup("#statusLabel").queryAs(Label.class).getText()).startsWith("Step 1 of ");
        String explanation = robot.lookup("#explanationText").queryAs(TextArea.class).getText();
        assertThat(explanation).contains("TCP SYN").contains("RFC 9293");
    }

    @Test
    void spaceOnTheFocusedRunButtonRunsInsteadOfPlaying(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#runButton").query().requestFocus());
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0);
        assertThat(vm().session().playingProperty().get()).isFalse();
    }

    @Test
    void typingInAFieldDoesNotStep(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.clickOn("#subjectField");
        robot.type(KeyCode.RIGHT, 2);
        assertThat(step()).isZero();
    }

    @Test
    void spaceStartsPlayback(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.clickOn("#sequenceDiagram");
        robot.type(KeyCode.SPACE);
        assertThat(vm().session().playingProperty().get()).isTrue();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> step() >= 2);
        robot.type(KeyCode.SPACE);
        assertThat(vm().session().playingProperty().get()).isFalse();
    }

    @Test
    void clickingATranscriptLineJumpsToItsStep(FxRobot robot) throws Exception {
        runAndWait(robot);
        ListView<TranscriptLines.Line> transcript = robot.lookup("#transcriptView").queryListView();
        int target = -1;
        for (int i = 0; i < transcript.getItems().size(); i++) {
            if (transcript.getItems().get(i).text().contains("C: EHLO")) {
                target = i;
                break;
            }
        }
        int line = target;
        robot.interact(() -> transcript.scrollTo(line));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node cell = robot.lookup(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getListView() == transcript && c.getItem() != null && c.getIndex() == line).query();
        robot.clickOn(cell, javafx.scene.input.MouseButton.PRIMARY);
        assertThat(step()).isEqualTo(transcript.getItems().get(line).event());
        assertThat(vm().session().currentProperty().get().summary()).startsWith("C: EHLO");
    }

    @Test
    void clickingAnArrowInTheSequenceDiagramGoesThere(FxRobot robot) throws Exception {
        runAndWait(robot);
        SequenceDiagramView ladder = robot.lookup("#sequenceDiagram").queryAs(SequenceDiagramView.class);
        double y = ladder.rowCenterY(5);
        robot.clickOn(ladder.localToScreen(ladder.getWidth() / 2, y));
        assertThat(step()).isEqualTo(5);
    }

    @Test
    void compareShowsTheSummary(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#routeChoice").<ChoiceBox<Route>>query().setValue(Route.BOTH));
        runAndWait(robot);
        assertThat(robot.lookup("#compare-hops-direct").queryAs(Label.class).getText()).isEqualTo("2");
        assertThat(robot.lookup("#compare-hops-relay").queryAs(Label.class).getText()).isEqualTo("3");
        assertThat(robot.lookup("#compare-received-relay").queryAs(Label.class).getText()).isEqualTo("3");
        assertThat(robot.lookup("#compare-outcome-direct").queryAs(Label.class).getText()).isEqualTo("1 delivered");
        assertThat(robot.lookup("#compare-tcp-relay").queryAs(Label.class).getText())
                .isEqualTo(Long.toString(vm().session().resultProperty().get().journeys().get(1).stats().tcpConnections()));
        robot.clickOn("#showRelay");
        assertThat(vm().session().journeyProperty().get().route()).isEqualTo(Route.RELAY);
    }

    @Test
    void compareShowsHowEachRouteEnded(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#scenarioChoice").<ChoiceBox<String>>query().setValue("relay-denied"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "relay-denied".equals(vm().worldProperty().get() == null
                ? null : vm().worldProperty().get().name()));
        robot.interact(() -> robot.lookup("#routeChoice").<ChoiceBox<Route>>query().setValue(Route.BOTH));
        runAndWait(robot);
        String direct = robot.lookup("#compare-outcome-direct").queryAs(Label.class).getText();
        String relay = robot.lookup("#compare-outcome-relay").queryAs(Label.class).getText();
        assertThat(direct).isNotEqualTo(relay);
        assertThat(direct + " " + relay).contains("bounced");
    }

    @Test
    void switchingToGermanTranslatesTheWindowAndTheExplanations(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.interact(() -> robot.lookup("#languageChoice").<ChoiceBox<Locale>>query().setValue(Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#runButton").queryButton().getText()).isEqualTo("Start");
        assertThat(robot.lookup("#explanationText").queryAs(TextArea.class).getText()).contains("TCP-Verbindung");
        assertThat(step()).as("the session survives the language switch").isZero();
        assertThat(robot.lookup("#timelineList").queryListView().getItems()).isNotEmpty();
    }

    @Test
    void aLanguageSwitchMidSessionKeepsTheStepSliderWhereTheSessionIs(FxRobot robot) throws Exception {
        runAndWait(robot);
        robot.interact(() -> vm().session().goTo(23));
        robot.interact(() -> robot.lookup("#languageChoice").<ChoiceBox<Locale>>query().setValue(Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(step()).isEqualTo(23);
        assertThat(robot.lookup("#timelineSlider").queryAs(javafx.scene.control.Slider.class).getValue()).isEqualTo(23);
    }

    @Test
    void presenterModeScalesFontsAndSwitchesContrast(FxRobot robot) {
        robot.clickOn("#bodyArea");
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        assertThat(app.presentation().fontScaleProperty().get()).isEqualTo(1.1);
        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        assertThat(app.presentation().fontScaleProperty().get()).isEqualTo(0.9);
        robot.clickOn("#contrastToggle");
        assertThat(robot.lookup(".main-view").query().getStyleClass()).contains("high-contrast");
    }

    @Test
    void aSessionOfHundredThousandEventsStaysResponsive(FxRobot robot) throws Exception {
        org.mailtrail.engine.SimulationResult base = new org.mailtrail.engine.SimulationEngine(vm().worldProperty().get())
                .runDefaults();
        org.mailtrail.engine.Journey j = base.journeys().get(0);
        org.mailtrail.timeline.Timeline big = new org.mailtrail.timeline.Timeline();
        long offset = 0;
        while (big.size() < 100_000) {
            for (org.mailtrail.timeline.TimelineEvent e : j.timeline().events()) {
                big.add(e.timeMicros() + offset, e.endMicros() + offset, e.kind(), e.source(), e.destination(),
                        e.summary(), e.lines(), e.explanationKey(), e.rfc(), e.details());
            }
            offset += j.timeline().durationMicros() + 1;
        }
        org.mailtrail.engine.SimulationResult huge = new org.mailtrail.engine.SimulationResult(base.info(),
                base.compose(), base.seed(), java.util.List.of(new org.mailtrail.engine.Journey(j.route(), big,
                j.outcomes(), j.delivered())));
        robot.interact(() -> vm().show(huge));
        assertThat(robot.lookup("#timelineList").queryListView().getItems()).hasSize(big.size());
        robot.clickOn("#sequenceDiagram");
        robot.type(KeyCode.END);
        assertThat(step()).isEqualTo(big.size() - 1);
        robot.type(KeyCode.LEFT, 5);
        assertThat(step()).isEqualTo(big.size() - 6);
        assertThat(robot.lookup("#statusLabel").queryAs(Label.class).getText())
                .contains(String.format(Locale.ENGLISH, "of %,d", big.size()));
        robot.type(KeyCode.HOME);
        assertThat(step()).isZero();
    }

    @Test
    void controlsGetTheirTooltipsWhenThePointerFirstComesOverABar(FxRobot robot) {
        robot.moveTo("#runButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#runButton").queryButton().getTooltip().getText()).isNotBlank();
        assertThat(robot.lookup("#speedSlider").queryAs(javafx.scene.control.Slider.class).getTooltip()).isNotNull();
    }

    @Test
    void clickingTheDiagramAfterRunLetsSpacePlay(FxRobot robot) throws Exception {
        runAndWait(robot); // the Run button has the focus now
        robot.clickOn("#networkMap");
        robot.type(KeyCode.SPACE);
        assertThat(vm().session().playingProperty().get()).isTrue();
    }

    @Test
    void stepButtonsAreDisabledBeforeARun(FxRobot robot) {
        assertThat(robot.lookup("#stepForwardButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#exportButton").query().isDisabled()).isTrue();
    }

    @Test
    void savedSessionOpensInEveryViewAndADamagedOneChangesNothing(FxRobot robot) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mt");
        robot.interact(() -> vm().routeProperty().set(Route.BOTH));
        runAndWait(robot);
        java.nio.file.Path saved = dir.resolve("s.json");
        robot.interact(() -> vm().export(org.mailtrail.export.Exporter.Format.JSON, saved,
                org.mailtrail.export.Exporter.Options.defaults()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> java.nio.file.Files.exists(saved));
        int size = vm().session().sizeProperty().get();
        robot.interact(() -> vm().show(null));
        robot.interact(() -> vm().openSession(saved));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() == size);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#timelineList").queryListView().getItems()).hasSize(size);
        assertThat(robot.lookup("#compare-hops-relay").queryAs(Label.class).getText()).isEqualTo("3");
        robot.clickOn("#sequenceDiagram");
        int clicked = step();
        robot.type(KeyCode.RIGHT, 4);
        assertThat(step()).isEqualTo(clicked + 4);
        assertThat(vm().recent().files()).first().isEqualTo(saved.toString());

        // a long name: the refusal naming it takes two lines of the status bar
        java.nio.file.Path bad = dir.resolve("bad-" + "a-session-log-someone-copied-from-a-server".repeat(3) + ".json");
        java.nio.file.Files.writeString(bad, "{\"format\": \"mailtrail-session\", \"version\": 1}");
        robot.interact(() -> vm().openSession(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm().errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#errorLabel").queryAs(Label.class).getText()).contains(bad.getFileName().toString()).contains("session");
        // the error wraps beside the step's status, which stays whole (a tester saw it cut to "…" by a long refusal)
        Label status = robot.lookup("#statusLabel").queryAs(Label.class);
        assertThat(status.getWidth()).as("status shown whole").isGreaterThanOrEqualTo(status.prefWidth(-1) - 0.5);
        assertThat(vm().session().sizeProperty().get()).as("what was shown stays").isEqualTo(size);
        assertThat(step()).isEqualTo(clicked + 4);
    }

    @Test
    void aSessionOfAMessageTooLargeForTheFormOpensWithItsBodyHeldNotLaidOut(FxRobot robot) throws Exception {
        // a session of another scenario puts its message into the form (a tester's 16 MB body froze the window)
        org.mailtrail.world.World relay = new org.mailtrail.world.WorldLoader().load("relay");
        org.mailtrail.world.World.Defaults d = relay.defaults();
        String body = "a line of a large message body\n".repeat(40_000); // 1.2 MB
        org.mailtrail.engine.SimulationResult r = new org.mailtrail.engine.SimulationEngine(relay).run(
                new org.mailtrail.engine.Compose(d.from(), d.to(), d.cc(), d.subject(), body), d.route(),
                d.retrieval(), relay.seed());
        robot.interact(() -> vm().show(r));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().compose().heldBodyLengthProperty().get() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextArea area = robot.lookup("#bodyArea").queryAs(javafx.scene.control.TextArea.class);
        assertThat(area.getText().length()).isLessThan(10_000);
        assertThat(area.isEditable()).isFalse();
        assertThat(robot.lookup("#heldBodyNote").queryAs(Label.class).getText())
                .contains(String.format(Locale.ENGLISH, "%,d", body.length()));
        assertThat(robot.lookup("#heldBodyNote").query().isVisible()).isTrue();
        assertThat(vm().compose().toCompose().body()).isEqualTo(body);

        robot.clickOn("#replaceBodyButton");
        assertThat(area.isEditable()).isTrue();
        assertThat(robot.lookup("#heldBodyNote").query().isVisible()).isFalse();
        robot.write("Hi");
        assertThat(vm().compose().toCompose().body()).isEqualTo("Hi");
    }

    @Test
    void liveTabHasItsControlsAndAsksBeforeSendingAnything(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#bottomTabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#liveDnsField", "#liveSmartHostField", "#liveMxPortField", "#liveStartTlsChoice",
                "#liveTimeoutField", "#liveTrustCertField", "#liveUserField", "#livePasswordField", "#liveStartButton", "#liveStepButton", "#liveRunButton",
                "#liveStopButton"}) {
            javafx.scene.Node n = robot.lookup(id).query();
            assertThat(n).as(id).isNotNull();
            assertThat(n.getAccessibleText()).as(id + " accessible text").isNotBlank();
        }
        assertThat(robot.lookup("#liveStepButton").queryAs(Button.class).isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#liveDnsField").queryAs(TextField.class).setText("127.0.0.1:9"));
        robot.clickOn("#liveStartButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#liveConfirmDialog").tryQuery().isPresent());
        javafx.scene.control.DialogPane dialog = robot.lookup("#liveConfirmDialog").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(dialog.getContentText()).contains("alice@example.org", "bob@example.net", "127.0.0.1:9");
        robot.clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().live().runningProperty().get()).isFalse();
        assertThat(vm().session().resultProperty().get()).isNull();
        assertThat(robot.lookup("#liveStatusLabel").queryAs(Label.class).getText()).isEqualTo("No live session yet.");
    }
}
