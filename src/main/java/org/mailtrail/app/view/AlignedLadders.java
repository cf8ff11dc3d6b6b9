package org.mailtrail.app.view;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.mailtrail.app.model.LadderRows;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;

/**
 * The direct and the relayed journey as two ladder diagrams side by side ({@code #compareLadderDirect},
 * {@code #compareLadderRelay}), aligned part by part: each part of the journey starts at the same height in both
 * (the direct ladder leaves the relay leg empty), and they scroll together. For the compare view.
 */
public final class AlignedLadders extends HBox {
    private final SessionViewModel direct = new SessionViewModel();
    private final SessionViewModel relay = new SessionViewModel();
    private final SequenceDiagramView directLadder;
    private final SequenceDiagramView relayLadder;

    public AlignedLadders(DoubleProperty fontScale, BooleanProperty highContrast, Locale locale, ViewScope scope) {
        super(6);
        getStyleClass().add("aligned-ladders");
        directLadder = new SequenceDiagramView(direct, fontScale, highContrast, locale, null, scope);
        relayLadder = new SequenceDiagramView(relay, fontScale, highContrast, locale, null, scope);
        directLadder.setId("compareLadderDirect");
        relayLadder.setId("compareLadderRelay");
        java.util.ResourceBundle ui = java.util.ResourceBundle.getBundle("org.mailtrail.app.messages", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_DEFAULT));
        directLadder.setAccessibleText(ui.getString("ladder.direct.accessible"));
        relayLadder.setAccessibleText(ui.getString("ladder.relay.accessible"));
        HBox.setHgrow(directLadder, Priority.ALWAYS);
        HBox.setHgrow(relayLadder, Priority.ALWAYS);
        directLadder.setPrefWidth(300);
        relayLadder.setPrefWidth(300);
        getChildren().addAll(directLadder, relayLadder);
        directLadder.firstRowProperty().bindBidirectional(relayLadder.firstRowProperty());
    }

    /** Shows a session's direct and relayed journeys (none when it lacks either), each at its first step. */
    public void show(SimulationResult r) {
        direct.resultProperty().set(r);
        relay.resultProperty().set(r);
        int d = index(r, Route.DIRECT);
        int rl = index(r, Route.RELAY);
        if (d < 0 || rl < 0) {
            direct.resultProperty().set(null);
            relay.resultProperty().set(null);
        } else {
            direct.showJourney(d);
            relay.showJourney(rl);
        }
        List<LadderRows.Slot> slots = LadderRows.align(direct.segments(), relay.segments());
        directLadder.alignTo(slots);
        relayLadder.alignTo(slots);
        direct.first();
        relay.first();
    }

    /** Goes to step n of each journey (clamped to each). */
    public void follow(int step) {
        direct.goTo(step);
        relay.goTo(step);
    }

    /**
     * Follows the step shown in the main views on {@code route}: that journey goes to it, the other to the matching
     * step of the same part of the journey, so both ladders show the same phase together.
     */
    public void follow(Route route, int step) {
        SessionViewModel shown = route == Route.RELAY ? relay : direct;
        SessionViewModel other = route == Route.RELAY ? direct : relay;
        shown.goTo(step);
        int match = LadderRows.matchingStep(shown.segments(), step, other.segments());
        if (match >= 0) {
            other.goTo(match);
        }
    }

    /** The step each ladder shows: [direct, relay]. */
    public int[] steps() {
        return new int[] {direct.stepProperty().get(), relay.stepProperty().get()};
    }

    public SequenceDiagramView directLadder() {
        return directLadder;
    }

    public SequenceDiagramView relayLadder() {
        return relayLadder;
    }

    private static int index(SimulationResult r, Route route) {
        if (r == null) {
            return -1;
        }
        List<Journey> js = r.journeys();
        for (int i = 0; i < js.size(); i++) {
            if (js.get(i).route() == route) {
                return i;
            }
        }
        return -1;
    }
}
