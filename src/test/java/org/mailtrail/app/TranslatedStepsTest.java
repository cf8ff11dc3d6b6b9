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
import java.util.ResourceBundle;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

/**
 * In German, French and Spanish the steps list, the transcript and the explanation say the steps that are not protocol
 * text in that language, and no label of the window is still an English text of the messages bundle.
 */
@ExtendWith(ApplicationExtension.class)
class TranslatedStepsTest {
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

    /** The language, how its steps list says "TCP SYN to " and "Relay route: ", and the scenario's title in it. */
    static Stream<Arguments> languages() {
        return Stream.of(Arguments.of(Locale.GERMAN, "TCP-SYN an ", "Relay-Weg: ", "Weiterleitung über einen Smarthost"),
                Arguments.of(Locale.FRENCH, "TCP SYN vers ", "Route par relais : ", "Passage par un relais (smart host)"),
                Arguments.of(Locale.forLanguageTag("es"), "TCP SYN a ", "Ruta por retransmisión: ",
                        "Retransmisión a través de un smart host"));
    }

    @ParameterizedTest
    @MethodSource("languages")
    void theRelayScenarioInEachLanguage(Locale locale, String syn, String relayRoute, String title, FxRobot robot)
            throws Exception {
        robot.interact(() -> app.presentation().localeProperty().set(locale));
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
                .anySatisfy(t -> assertThat(t).contains(syn));
        assertThat(shown).allSatisfy(t -> assertThat(t).doesNotContain("TCP SYN to", "goes to", " first", " the ", "connected to",
                "takes responsibility", "DNS query", "DNS answer"));

        int mx = indexOf(EventKind.MX_DECISION);
        robot.interact(() -> list.scrollTo(mx));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownSteps(robot, list)).anySatisfy(t -> assertThat(t).contains(relayRoute));

        List<TranscriptLines.Line> transcript = robot.lookup("#transcriptView").queryListView().getItems().stream()
                .map(TranscriptLines.Line.class::cast).toList();
        assertThat(transcript).anySatisfy(l -> assertThat(l.text()).contains(syn))
                .noneSatisfy(l -> assertThat(l.text()).contains("TCP SYN to"))
                .anySatisfy(l -> assertThat(l.text()).contains("C: EHLO")); // protocol text stays as it is

        robot.interact(() -> vm().session().goTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        TimelineEvent first = vm().session().events().get(0);
        assertThat(robot.lookup("#explanationText").queryAs(TextArea.class).getText())
                .startsWith(new SummaryText(locale).of(first)).doesNotContain(first.summary());

        List<String> labels = new ArrayList<>();
        robot.interact(() -> texts(robot.lookup("#scenarioChoice").query().getScene().getRoot(), labels));
        assertThat(String.join("\n", labels)).as("the window's labels").contains(title);
        ResourceBundle english = MailTrailApp.bundle(Locale.ENGLISH);
        ResourceBundle translated = MailTrailApp.bundle(locale);
        List<String> stillEnglish = new ArrayList<>();
        for (String key : english.keySet()) {
            String en = english.getString(key);
            if (!en.equals(translated.getString(key)) && en.matches(".*\\p{L}{3,}.*") && !en.contains("{")
                    && labels.stream().anyMatch(l -> l.strip().equals(en))) {
                stillEnglish.add(key + " = " + en);
            }
        }
        assertThat(stillEnglish).as("labels still in English").isEmpty();
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

    /** The texts of every label, button and tab header under {@code n}. */
    private static void texts(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (n instanceof javafx.scene.text.Text t && t.getText() != null) {
            out.add(t.getText());
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                texts(c, out);
            }
        }
    }
}
