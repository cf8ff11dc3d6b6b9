package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.view.AlignedLadders;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegments;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The tabs under the diagrams that are not in front at start (compare and the tools) are made when first shown, not
 * on the way to the full window; made late, they show the session and step of the moment, with their node ids.
 */
@ExtendWith(ApplicationExtension.class)
class LazyTabsTest {
    private MailTrailApp app;

    @Start
    void start(Stage stage) {
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private static Tab tab(FxRobot robot, String id) {
        return robot.lookup("#bottomTabs").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }

    @Test
    void onlyTheTranscriptIsMadeAtStart(FxRobot robot) {
        assertThat(tab(robot, "transcriptTab").getContent()).isNotNull();
        for (String id : new String[] {"compareTab", "liveTab", "serverTab", "proxyTab", "labTab", "worldTab"}) {
            assertThat(tab(robot, id).getContent()).as(id).isNull();
        }
        assertThat(robot.lookup("#compareView").tryQuery()).isEmpty();
        assertThat(robot.lookup("#transcriptView").tryQuery()).isPresent();
    }

    @Test
    void theCompareTabMadeLateShowsTheRunAndTheStepChosenBefore(FxRobot robot) throws Exception {
        // a tool in front stays in front when a run on both routes ends, so the compare tab is not shown (nor made)
        BottomTab.select(robot, "serverTab");
        assertThat(robot.lookup("#serverStatusLabel").tryQuery()).as("the server tab made when shown").isPresent();
        robot.interact(() -> vm().scenarioProperty().set("relay"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals("relay") && !vm().busyProperty().get());
        robot.interact(() -> vm().routeProperty().set(Route.BOTH));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Tab compare = tab(robot, "compareTab");
        assertThat(compare.isSelected()).isFalse();
        assertThat(compare.getContent()).as("not made while not shown").isNull();
        var journeys = vm().session().resultProperty().get().journeys();
        int directTransfer = PhaseSegments.of(journeys.get(0).timeline().events()).stream()
                .filter(x -> x.phase() == Phase.TRANSFER).findFirst().orElseThrow().first();
        int relayTransfer = PhaseSegments.of(journeys.get(1).timeline().events()).stream()
                .filter(x -> x.phase() == Phase.TRANSFER).findFirst().orElseThrow().first();
        robot.interact(() -> vm().session().stepProperty().set(directTransfer + 2));
        WaitForAsyncUtils.waitForFxEvents();

        BottomTab.select(robot, "compareTab");
        Node view = robot.lookup("#compareView").query();
        assertThat(view).isSameAs(compare.getContent());
        assertThat(view.getAccessibleText()).isNotBlank();
        // the run made before the view: its figures and both ladders, at the step chosen before
        assertThat(robot.lookup("#compare-hops-direct").queryAs(Label.class).getText()).isEqualTo("2");
        AlignedLadders ladders = (AlignedLadders) robot.lookup("#compareLadderDirect").query().getParent();
        assertThat(ladders.steps()).containsExactly(directTransfer + 2, relayTransfer + 2);
        // and it follows the session from then on
        robot.interact(() -> vm().session().stepProperty().set(directTransfer + 3));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladders.steps()).containsExactly(directTransfer + 3, relayTransfer + 3);
    }

    @Test
    void aTabInFrontIsMadeAgainInTheWindowOfAnotherLanguage(FxRobot robot) {
        BottomTab.select(robot, "compareTab");
        robot.interact(() -> app.presentation().localeProperty().set(Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        Tab compare = tab(robot, "compareTab");
        assertThat(compare.isSelected()).isTrue();
        assertThat(compare.getContent()).isNotNull();
        assertThat(robot.lookup("#compareView").queryAs(Node.class)).isSameAs(compare.getContent());
    }
}
