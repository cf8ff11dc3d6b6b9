package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.app.view.SequenceDiagramView;
import org.mailtrail.app.view.ViewScope;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The ladder during a lesson: columns for the hosts reached up to the step shown, not for every host of the journey
 * (a tester saw an mx1 column, and none for mx2, from step 1 of "How mail finds its way", before "Which MX first?").
 */
@ExtendWith(ApplicationExtension.class)
class SequenceDiagramLessonTest {
    private static final String MX1 = "mx1.example.net";
    private final SessionViewModel session = new SessionViewModel();
    private final SimpleBooleanProperty lesson = new SimpleBooleanProperty(true);
    private SequenceDiagramView ladder;

    @Start
    void start(Stage stage) {
        ladder = new SequenceDiagramView(session, new SimpleDoubleProperty(1), new SimpleBooleanProperty(false),
                Locale.ENGLISH, lesson, new ViewScope());
        stage.setScene(new Scene(ladder, 900, 500));
        stage.show();
    }

    /** The relay scenario's direct journey, as the lesson's first route shows it. */
    private void showDirect(FxRobot robot) throws Exception {
        World w = new WorldLoader().load("relay");
        World.Defaults d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                Route.BOTH, d.retrieval(), w.seed());
        int direct = r.journeys().indexOf(r.journeys().stream().filter(j -> j.route() == Route.DIRECT).findFirst()
                .orElseThrow());
        robot.interact(() -> {
            session.resultProperty().set(r);
            session.showJourney(direct);
            session.first();
        });
    }

    private int firstStep(EventKind kind, String host) {
        List<TimelineEvent> events = session.events();
        for (int i = 0; i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            if ((kind == null || e.kind() == kind) && (host == null || e.source().equals(host)
                    || e.destination().equals(host))) {
                return i;
            }
        }
        throw new AssertionError("no step " + kind + " " + host);
    }

    @Test
    void duringALessonOnlyTheHostsReachedHaveAColumn(FxRobot robot) throws Exception {
        showDirect(robot);
        List<String> everyHost = session.journeyProperty().get().timeline().events().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.source(), e.destination())).distinct().toList();
        assertThat(everyHost).contains(MX1);
        assertThat(ladder.hosts()).as("step 1: Alice's laptop and her server").containsExactly(
                session.events().get(0).source(), session.events().get(0).destination());
        int decision = firstStep(EventKind.MX_DECISION, null);
        robot.interact(() -> session.goTo(decision - 1)); // "Which MX first?" stands before the MX decision
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladder.hosts()).as("before the class is asked which MX is tried").doesNotContain(MX1)
                .contains("mail.example.org");
        int toMx1 = firstStep(null, MX1);
        robot.interact(() -> session.goTo(toMx1));
        assertThat(ladder.hosts()).as("once mail connects to it").contains(MX1);
        robot.interact(() -> session.goTo(0));
        assertThat(ladder.hosts()).as("stepping back takes the column away again").doesNotContain(MX1);
        robot.interact(() -> lesson.set(false));
        assertThat(ladder.hosts()).as("outside a lesson: every host of the journey, as before")
                .containsExactlyElementsOf(everyHost);
        robot.interact(() -> lesson.set(true));
        assertThat(ladder.hosts()).doesNotContain(MX1);
    }
}
