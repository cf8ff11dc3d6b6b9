package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In German the steps list, the transcript and the explanation say the steps that are not protocol text in German. */
@ExtendWith(ApplicationExtension.class)
class GermanStepsTest {
    private MailTrailApp app;

    @Start
    void start(Stage stage) {
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    @Test
    void theRelayScenarioInGerman(FxRobot robot) throws Exception {
        robot.interact(() -> app.presentation().localeProperty().set(Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        robot.interact(() -> vm().scenarioProperty().set("relay"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals("relay") && !vm().busyProperty().get());
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        ListView<TimelineEvent> list = robot.lookup("#timelineList").queryListView();
        robot.interact(() -> list.scrollTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = shownSteps(robot, list);
        assertThat(shown).as("the visible non-protocol steps").isNotEmpty()
                .anySatisfy(t -> assertThat(t).contains("TCP-SYN an "));
        assertThat(shown).allSatisfy(t -> assertThat(t).doesNotContain("TCP SYN to", "goes to", " first", " the ", "connected to",
                "takes responsibility", "DNS query", "DNS answer"));

        int mx = indexOf(EventKind.MX_DECISION);
        robot.interact(() -> list.scrollTo(mx));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownSteps(robot, list)).anySatisfy(t -> assertThat(t).contains("Relay-Weg: "));

        List<TranscriptLines.Line> transcript = robot.lookup("#transcriptView").queryListView().getItems().stream()
                .map(TranscriptLines.Line.class::cast).toList();
        assertThat(transcript).anySatisfy(l -> assertThat(l.text()).contains("TCP-SYN an "))
                .noneSatisfy(l -> assertThat(l.text()).contains("TCP SYN to"))
                .anySatisfy(l -> assertThat(l.text()).contains("C: EHLO")); // protocol text stays as it is

        robot.interact(() -> vm().session().goTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        TimelineEvent first = vm().session().events().get(0);
        assertThat(robot.lookup("#explanationText").queryAs(TextArea.class).getText())
                .startsWith(new SummaryText(Locale.GERMAN).of(first)).doesNotContain(first.summary());
    }

    private int indexOf(EventKind kind) {
        List<TimelineEvent> events = vm().session().events();
        for (TimelineEvent e : events) {
            if (e.kind() == kind) {
                return e.index();
            }
        }
        throw new AssertionError("no " + kind);
    }

    /** The texts of the visible cells of steps that are not protocol text. */
    @SuppressWarnings("unchecked")
    private static List<String> shownSteps(FxRobot robot, ListView<TimelineEvent> list) {
        List<String> out = new ArrayList<>();
        for (Node n : robot.from(list).lookup(".list-cell").queryAll()) {
            ListCell<TimelineEvent> cell = (ListCell<TimelineEvent>) n;
            if (!cell.isVisible() || cell.isEmpty() || cell.getItem() == null
                    || SummaryText.isProtocol(cell.getItem().kind())) {
                continue;
            }
            StringBuilder b = new StringBuilder(cell.getText() == null ? "" : cell.getText());
            if (cell.getGraphic() != null) {
                texts(cell.getGraphic(), b);
            }
            out.add(b.toString());
        }
        return out;
    }

    private static void texts(Node n, StringBuilder b) {
        if (n instanceof Labeled l && !"phaseHeader".equals(l.getId())) {
            b.append(l.getText()).append('\n');
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                texts(c, b);
            }
        }
    }
}
