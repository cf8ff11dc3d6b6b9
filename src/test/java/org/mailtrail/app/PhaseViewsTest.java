package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.LadderRows;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.app.view.SequenceDiagramView;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The parts of the journey in the views: headers in the steps list, the transcript and the ladder; the scenario. */
@ExtendWith(ApplicationExtension.class)
class PhaseViewsTest {
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

    private void runRelay(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        robot.interact(() -> vm().scenarioProperty().set("relay"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals("relay") && !vm().busyProperty().get());
        assertThat(vm().routeProperty().get()).isEqualTo(Route.RELAY);
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The phase headers the steps list shows now, by the index of the step whose cell holds them. */
    private static List<String> shownHeaders(FxRobot robot, ListView<TimelineEvent> list, int index) {
        List<String> out = new ArrayList<>();
        for (Node n : robot.lookup("#phaseHeader").queryAll()) {
            ListCell<?> cell = cellOf(n);
            if (n.isVisible() && cell != null && cell.getListView() == list && !cell.isEmpty()
                    && cell.getIndex() == index) {
                out.add(((Label) n).getText());
            }
        }
        return out;
    }

    private static ListCell<?> cellOf(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof ListCell<?> c) {
                return c;
            }
        }
        return null;
    }

    @Test
    void theStepsListHeadsEachPartOfTheJourney(FxRobot robot) throws Exception {
        runRelay(robot);
        ListView<TimelineEvent> list = robot.lookup("#timelineList").queryListView();
        List<PhaseSegment> segments = vm().session().segments();
        assertThat(segments).extracting(s -> s.phase().id())
                .containsExactly("submission", "relay", "transfer", "delivery", "retrieval");
        PhaseText words = new PhaseText(Locale.ENGLISH);
        for (PhaseSegment s : segments) {
            robot.interact(() -> list.scrollTo(s.first()));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(shownHeaders(robot, list, s.first())).as("header of " + s).containsExactly(words.header(s));
            // the step's own line is still there, below its header
            if (s.last() > s.first()) {
                assertThat(shownHeaders(robot, list, s.first() + 1)).as("no header inside a part").isEmpty();
            }
        }
        assertThat(words.header(segments.get(1)))
                .isEqualTo("Relay \u00b7 SMTP \u00b7 port 25 \u00b7 mail.example.org \u2192 relay.example.org");
        robot.interact(() -> list.scrollTo(segments.get(1).first()));
        WaitForAsyncUtils.waitForFxEvents();
        Label header = (Label) robot.lookup("#phaseHeader").queryAll().stream()
                .filter(n -> cellOf(n) != null && ((ListCell<?>) cellOf(n)).getIndex() == segments.get(1).first())
                .findFirst().orElseThrow();
        assertThat(header.getStyleClass()).contains("phase-header", "phase-relay");
        assertThat(header.getTooltip().getText()).isEqualTo(words.about(segments.get(1).phase()));
        // selection still goes by step: the row of a step is its index
        robot.interact(() -> list.getSelectionModel().select(segments.get(2).first()));
        assertThat(vm().session().stepProperty().get()).isEqualTo(segments.get(2).first());
        // at the transfer's first step (the MX lookup) the part names no server yet: none has been chosen
        assertThat(robot.lookup("#explanationText").queryAs(TextArea.class).getText())
                .contains("Part of the journey: Transfer · relay.example.org\n")
                .contains(words.about(segments.get(2).phase()));
    }

    @Test
    void anotherJourneyShownAtTheSameStepIsExplainedAsPartOfItsOwnJourney(FxRobot robot) throws Exception {
        runRelay(robot);
        List<PhaseSegment> relay = vm().session().segments();
        assertThat(vm().session().stepProperty().get()).isZero(); // the submission part of the relay journey
        // a journey whose first step is in another part (as a session received by the Server tab is all transfer):
        // the relay journey's steps from its transfer part on, shown from step 0 again (tester finding)
        org.mailtrail.engine.Journey j = vm().session().journeyProperty().get();
        org.mailtrail.timeline.Timeline later = new org.mailtrail.timeline.Timeline();
        List<TimelineEvent> events = j.timeline().events();
        for (int i = relay.get(2).first(); i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            later.append(new TimelineEvent(later.size(), e.timeMicros(), e.endMicros(), e.kind(), e.source(),
                    e.destination(), e.summary(), e.lines(), e.explanationKey(), e.rfc(), e.details()));
        }
        robot.interact(() -> vm().session().journeyProperty().set(
                new org.mailtrail.engine.Journey(j.route(), later, j.outcomes(), j.delivered())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().stepProperty().get()).isZero();
        PhaseSegment first = vm().session().segments().get(0);
        assertThat(first.phase().id()).isEqualTo("transfer");
        PhaseText words = new PhaseText(Locale.ENGLISH);
        assertThat(robot.lookup("#explanationText").queryAs(TextArea.class).getText())
                .contains("Part of the journey: " + words.header(vm().session().segmentUpTo(0)))
                .contains("Part of the journey: Transfer")
                .doesNotContain(words.header(relay.get(0)));
    }

    @Test
    void theTranscriptAndTheLadderHeadEachPart(FxRobot robot) throws Exception {
        runRelay(robot);
        List<PhaseSegment> segments = vm().session().segments();
        PhaseText words = new PhaseText(Locale.ENGLISH);
        List<String> expected = segments.stream().map(words::header).toList();

        ListView<TranscriptLines.Line> transcript = robot.lookup("#transcriptView").queryListView();
        List<String> headerLines = transcript.getItems().stream().filter(TranscriptLines.Line::header)
                .map(TranscriptLines.Line::text).toList();
        assertThat(headerLines).hasSize(segments.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(headerLines.get(i)).endsWith(expected.get(i));
        }

        SequenceDiagramView ladder = robot.lookup("#sequenceDiagram").queryAs(SequenceDiagramView.class);
        assertThat(ladder.headerTexts()).containsExactlyElementsOf(expected);
        LadderRows rows = ladder.rows();
        assertThat(rows.get(0).kind()).isEqualTo(LadderRows.Kind.HEADER);
        // the band is drawn: the phase's bar at the left of the first row, the lane background beside a step
        robot.interact(() -> vm().session().goTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage img = snapshot(robot, ladder);
        int bandY = (int) ladder.rowIndexCenterY(0);
        assertThat(rgb(img, 2, bandY)).as("submission bar").isEqualTo(0x1565c0);
        assertThat(rgb(img, 8, bandY)).as("submission band").isEqualTo(0xe3f2fd);
        int stepY = (int) ladder.rowCenterY(2);
        assertThat(rgb(img, 2, stepY)).as("no band beside a step").isNotEqualTo(0x1565c0);
        // a click on a header band goes to its part's first step
        robot.interact(() -> vm().session().goTo(3));
        robot.clickOn(ladder.localToScreen(ladder.getWidth() / 3, ladder.rowIndexCenterY(rows.rowOf(0) - 1)));
        assertThat(vm().session().stepProperty().get()).isZero();
        // a step's arrow is still where rowCenterY says
        robot.clickOn(ladder.localToScreen(ladder.getWidth() / 2, ladder.rowCenterY(5)));
        assertThat(vm().session().stepProperty().get()).isEqualTo(5);
        save(robot, "/tmp/views-relay.png");
    }

    @Test
    void theScenarioIsDescribedWhenItIsChosen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        robot.interact(() -> vm().scenarioProperty().set("backup-mx"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals("backup-mx"));
        WaitForAsyncUtils.waitForFxEvents();
        Label d = robot.lookup("#scenarioDescription").queryAs(Label.class);
        assertThat(d.getText()).startsWith("The preferred MX is down \u2014 ")
                .contains(vm().worldProperty().get().description().replaceAll("\\s+", " ").strip());
        assertThat(d.isVisible()).isTrue();
        assertThat(d.getAccessibleText()).isNotBlank();
        assertThat(d.getTooltip().getText()).isEqualTo(d.getText());
        // backup-mx describes the direct route: chosen the other way, the description says whose it is
        robot.interact(() -> vm().routeProperty().set(Route.RELAY));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(d.getText()).startsWith("(Described for the Direct route.) The preferred MX is down");
        robot.interact(() -> vm().routeProperty().set(Route.DIRECT));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(d.getText()).startsWith("The preferred MX is down");
    }

    @Test
    void germanHeaders(FxRobot robot) throws Exception {
        robot.interact(() -> app.presentation().localeProperty().set(Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        runRelay(robot);
        ListView<TimelineEvent> list = robot.lookup("#timelineList").queryListView();
        PhaseSegment relay = vm().session().segments().get(1);
        robot.interact(() -> list.scrollTo(relay.first()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownHeaders(robot, list, relay.first())).containsExactly(
                "Weiterleitung \u00b7 SMTP \u00b7 Port 25 \u00b7 mail.example.org \u2192 relay.example.org");
        assertThat(robot.lookup("#sequenceDiagram").queryAs(SequenceDiagramView.class).headerTexts().get(0))
                .startsWith("Einlieferung");
        save(robot, "/tmp/views-relay-de.png");
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    private static BufferedImage snapshot(FxRobot robot, Node n) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = n.snapshot(null, null));
        return SwingFXUtils.fromFXImage(img[0], null);
    }

    private void save(FxRobot robot, String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(file).toFile());
    }
}
