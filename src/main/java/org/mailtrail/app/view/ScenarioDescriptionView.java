package org.mailtrail.app.view;

import java.util.ResourceBundle;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.mailtrail.world.World;

/**
 * The chosen scenario's title and what it shows (the world file's {@code title} and {@code description}), above the
 * list of steps; the whole text also as a tooltip when it does not fit.
 */
public final class ScenarioDescriptionView extends Label {
    public ScenarioDescriptionView(ObservableValue<World> world, ResourceBundle ui, ViewScope scope) {
        this(world, null, ui, scope);
    }

    /**
     * The description, with a note when the chosen {@code route} is not the one the scenario describes (its default):
     * "mail.example.org sends the bounce" is not what happens on the relay route.
     */
    public ScenarioDescriptionView(ObservableValue<World> world, ObservableValue<org.mailtrail.world.Route> route,
                                   ResourceBundle ui, ViewScope scope) {
        this(world, route, null, ui, scope);
    }

    /**
     * As above; while {@code shown} is a session that did not come from the world (a live run, a server session, an
     * opened capture or transcript) its own title and source are shown instead: the world's story would be false.
     */
    public ScenarioDescriptionView(ObservableValue<World> world, ObservableValue<org.mailtrail.world.Route> route,
                                   ObservableValue<org.mailtrail.engine.SimulationResult> shown, ResourceBundle ui,
                                   ViewScope scope) {
        this(world, route, shown, null, ui, scope);
    }

    /**
     * As above; while {@code lesson} is not empty (a lesson under way, {@code LessonSecrets.title}) the lesson's title
     * stands in for the scenario's, whose title and description may give the answers away.
     */
    public ScenarioDescriptionView(ObservableValue<World> world, ObservableValue<org.mailtrail.world.Route> route,
                                   ObservableValue<org.mailtrail.engine.SimulationResult> shown,
                                   ObservableValue<String> lesson, ResourceBundle ui, ViewScope scope) {
        setId("scenarioDescription");
        getStyleClass().add("scenario-description");
        setWrapText(true);
        setMaxWidth(Double.MAX_VALUE);
        setAccessibleText(ui.getString("scenario.description.accessible"));
        Tooltip[] whole = {null}; // made with the first text (a popup window: not on the way to the full window)
        Runnable show = () -> {
            org.mailtrail.timeline.SessionInfo info = shown == null || shown.getValue() == null ? null
                    : shown.getValue().info();
            World w = info != null && !fromWorld(info) ? null : world.getValue();
            String title = w == null ? "" : w.title(ui.getLocale());
            String description = w == null ? "" : w.description(ui.getLocale()).replaceAll("\\s+", " ").strip();
            String text = description.isEmpty() ? title : title + " \u2014 " + description;
            if (w == null && info != null) {
                String source = info.source() == null ? "" : info.source().strip();
                String said = org.mailtrail.export.SessionTitles.in(info.title(), ui.getLocale());
                text = said + (source.isEmpty() || info.title().contains(source) ? ""
                        : " \u2014 " + org.mailtrail.export.SessionTitles.in(source, ui.getLocale()));
            }
            org.mailtrail.world.Route chosen = route == null ? null : route.getValue();
            if (w != null && chosen != null && chosen != org.mailtrail.world.Route.BOTH
                    && chosen != w.defaults().route() && w.defaults().route() != org.mailtrail.world.Route.BOTH) {
                String described = ui.getString("route." + w.defaults().route().name().toLowerCase(java.util.Locale.ROOT));
                text = java.text.MessageFormat.format(ui.getString("scenario.description.otherRoute"), described)
                        + " " + text;
            }
            String lessonTitle = lesson == null || lesson.getValue() == null ? "" : lesson.getValue();
            if (!lessonTitle.isEmpty()) {
                text = java.text.MessageFormat.format(ui.getString("scenario.description.lesson"), lessonTitle);
            }
            setText(text);
            setVisible(!text.isEmpty());
            setManaged(!text.isEmpty());
            if (!text.isEmpty() && whole[0] == null) {
                whole[0] = new Tooltip();
                whole[0].setWrapText(true);
                whole[0].setMaxWidth(460);
            }
            if (whole[0] != null) {
                whole[0].setText(text);
            }
            setTooltip(text.isEmpty() ? null : whole[0]);
        };
        scope.listen(world, (o, a, w) -> show.run());
        if (route != null) {
            scope.listen(route, (o, a, r) -> show.run());
        }
        if (shown != null) {
            scope.listen(shown, (o, a, r) -> show.run());
        }
        if (lesson != null) {
            scope.listen(lesson, (o, a, t) -> show.run());
        }
        show.run();
    }

    /** A session the world's description tells: a simulation or a lab run of the world. */
    static boolean fromWorld(org.mailtrail.timeline.SessionInfo info) {
        return "simulation".equals(info.mode()) || "lab".equals(info.mode());
    }
}
