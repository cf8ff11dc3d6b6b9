package org.mailtrail.app.view;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.Presentation;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.world.Route;

/**
 * The controls: the top bar (scenario, route, Run, export, presenter settings) and the player bar
 * (first, back, play/pause, forward, last, speed, timeline slider).
 */
public final class ControlBar extends javafx.scene.layout.Region {
    private static final double GAP = 6;
    /**
     * Scenario, route and Run on the left; sessions, export, presenter controls and language on the right;
     * the text size buttons in the top right corner, at a fixed size, so that A+ stays under the pointer
     * however large the text grows.
     */
    private final FlowPane left = new FlowPane(GAP, GAP);
    private final FlowPane right = new FlowPane(GAP, GAP);
    private final HBox zoom = new HBox(GAP);
    final ChoiceBox<String> scenario = new ChoiceBox<>();
    final Button open = new Button();
    final ChoiceBox<Route> route = new ChoiceBox<>();
    final Button run = new Button();
    final Button reset = new Button("|◀◀");
    final Button back = new Button("◀");
    final Button play = new Button();
    final Button forward = new Button("▶");
    final Button last = new Button("▶▶|");
    final HBox player = new HBox(6);
    final Slider speed = new Slider(0.5, 20, 4);
    final Slider position = new Slider(0, 0, 0);
    final javafx.scene.control.MenuButton export = new javafx.scene.control.MenuButton();
    final javafx.scene.control.MenuButton sessions = new javafx.scene.control.MenuButton();
    final Button zoomOut = new Button("A-");
    final Button zoomIn = new Button("A+");
    final ToggleButton contrast = new ToggleButton();
    final ToggleButton focusLayout = new ToggleButton();
    final ChoiceBox<Locale> language = new ChoiceBox<>();
    private final java.util.List<Runnable> tooltips = new java.util.ArrayList<>();

    /** True while the scenario box is set to what the window shows (not a choice of the user's). */
    private boolean following;

    /**
     * The scenario box follows the window's scenario both ways, but a choice that would give up unsaved edits to the
     * world asks first ({@link DiscardEdits}); Cancel puts the box back.
     */
    private void guardScenario(MainViewModel vm, ResourceBundle ui, ViewScope scope) {
        ResourceBundle editorTexts = org.mailtrail.app.model.WorldEditorViewModel.bundle(ui.getLocale());
        scenario.setValue(vm.scenarioProperty().get());
        scope.listen(vm.scenarioProperty(), (o, a, name) -> {
            following = true;
            scenario.setValue(name);
            following = false;
        });
        scenario.valueProperty().addListener((o, was, name) -> {
            if (following || name == null || name.equals(vm.scenarioProperty().get())) {
                return;
            }
            if (DiscardEdits.mayDiscard(this, vm.editor(), editorTexts)) {
                vm.scenarioProperty().set(name);
            } else {
                javafx.application.Platform.runLater(() -> { // not from within this change
                    following = true;
                    scenario.setValue(vm.scenarioProperty().get());
                    following = false;
                });
            }
        });
    }

    public ControlBar(MainViewModel vm, Presentation presentation, ResourceBundle ui, ViewScope scope) {
        SessionViewModel s = vm.session();
        getStyleClass().add("control-bar");
        for (FlowPane group : new FlowPane[] {left, right}) {
            group.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            group.setRowValignment(javafx.geometry.VPos.CENTER);
        }
        zoom.getStyleClass().add("zoom-buttons");
        getChildren().addAll(left, right, zoom);

        setup(scenario, "scenarioChoice", ui, "scenario");
        scenario.setItems(vm.scenarios());
        guardScenario(vm, ui, scope);
        scenario.setConverter(new StringConverter<>() {
            @Override
            public String toString(String name) {
                return name == null ? "" : java.nio.file.Path.of(name).getFileName().toString();
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        setup(open, "openScenarioButton", ui, "open");
        open.setText(ui.getString("open"));

        setup(route, "routeChoice", ui, "route");
        route.getItems().setAll(Route.DIRECT, Route.RELAY, Route.BOTH);
        route.valueProperty().bindBidirectional(vm.routeProperty());
        route.setConverter(new StringConverter<>() {
            @Override
            public String toString(Route r) {
                return r == null ? "" : ui.getString("route." + r.name().toLowerCase(Locale.ROOT));
            }

            @Override
            public Route fromString(String s) {
                return null;
            }
        });

        setup(run, "runButton", ui, "run");
        run.setText(ui.getString("run"));
        run.setDefaultButton(false);
        run.disableProperty().bind(vm.busyProperty().or(vm.worldProperty().isNull()));
        run.getStyleClass().add("run-button");

        setup(reset, "resetButton", ui, "first");
        setup(back, "stepBackButton", ui, "back");
        setup(play, "playButton", ui, "play");
        setup(forward, "stepForwardButton", ui, "forward");
        setup(last, "lastButton", ui, "last");
        var noSession = s.sizeProperty().isEqualTo(0);
        for (Button b : new Button[] {reset, back, play, forward, last}) {
            b.disableProperty().bind(noSession);
            b.getStyleClass().add("step-button");
        }
        reset.setOnAction(e -> s.reset());
        back.setOnAction(e -> s.back());
        forward.setOnAction(e -> s.forward());
        last.setOnAction(e -> s.last());
        play.setOnAction(e -> s.togglePlay());
        play.textProperty().bind(Bindings.when(s.playingProperty()).then("|| " + ui.getString("pause"))
                .otherwise("▶ " + ui.getString("play")));
        play.getStyleClass().add("play-button");

        setup(speed, "speedSlider", ui, "speed");
        speed.valueProperty().bindBidirectional(s.speedProperty());
        speed.setPrefWidth(90);

        setup(position, "timelineSlider", ui, "position");
        position.maxProperty().bind(Bindings.max(0, s.sizeProperty().subtract(1)));
        position.setBlockIncrement(1);
        position.setPrefWidth(220);
        position.valueProperty().addListener((o, a, v) -> {
            if (Math.round(v.doubleValue()) != s.stepProperty().get()) {
                s.goTo((int) Math.round(v.doubleValue()));
            }
        });
        scope.listen(s.stepProperty(), (o, a, v) -> position.setValue(Math.max(0, v.intValue())));
        position.setValue(Math.max(0, s.stepProperty().get())); // a window made mid-session (new language) starts there
        position.disableProperty().bind(noSession);

        setup(sessions, "sessionMenu", ui, "sessions");
        sessions.setText(ui.getString("sessions"));
        setup(export, "exportButton", ui, "export");
        export.setText(ui.getString("export"));
        export.disableProperty().bind(s.resultProperty().isNull());

        setup(zoomOut, "zoomOutButton", ui, "zoomOut");
        setup(zoomIn, "zoomInButton", ui, "zoomIn");
        zoomOut.setOnAction(e -> presentation.zoomOut());
        zoomIn.setOnAction(e -> presentation.zoomIn());
        zoomOut.getStyleClass().add("zoom-button");
        zoomIn.getStyleClass().add("zoom-button");
        setup(focusLayout, "focusLayoutToggle", ui, "focusLayout");
        focusLayout.setText(ui.getString("focusLayout"));
        focusLayout.selectedProperty().bindBidirectional(presentation.focusLayoutProperty());
        setup(contrast, "contrastToggle", ui, "contrast");
        contrast.setText(ui.getString("contrast"));
        contrast.selectedProperty().bindBidirectional(presentation.highContrastProperty());
        setup(language, "languageChoice", ui, "language");
        language.getItems().setAll(Presentation.LANGUAGES);
        language.setValue(presentation.localeProperty().get());
        language.setConverter(new StringConverter<>() {
            @Override
            public String toString(Locale l) {
                return l == null ? "" : Presentation.languageName(l);
            }

            @Override
            public Locale fromString(String s) {
                return null;
            }
        });

        Label inUse = new Label(); // the world Run uses, when it is not the scenario's as chosen (edited, new)
        inUse.setId("worldInUseLabel");
        inUse.getStyleClass().add("status-error");
        inUse.textProperty().bind(vm.editor().inUseProperty());
        inUse.managedProperty().bind(inUse.textProperty().isNotEmpty());
        inUse.visibleProperty().bind(inUse.textProperty().isNotEmpty());
        left.getChildren().addAll(new Label(ui.getString("scenario")), scenario, open,
                new Label(ui.getString("route")), route, run, inUse); // last: Run does not move when it shows
        right.getChildren().addAll(sessions, export, new Separator(javafx.geometry.Orientation.VERTICAL), contrast,
                focusLayout, language);
        zoom.getChildren().addAll(zoomOut, zoomIn);
        player.getStyleClass().add("player-bar");
        player.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(position, Priority.ALWAYS);
        position.setMaxWidth(Double.MAX_VALUE);
        player.getChildren().addAll(reset, back, play, forward, last, new Label(ui.getString("speed")), speed,
                new Label(ui.getString("position")), position);
        tooltipsOnFirstHover();
        // sized from the items' texts, not by styling the unopened menu; given once items, converter and value are
        // set (the skin rebuilds its menu items at each of them)
        for (ChoiceBox<?> box : new ChoiceBox<?>[] {scenario, route, language}) {
            MeasuredChoiceSkin.install(box);
        }
        for (javafx.scene.layout.Pane box : new javafx.scene.layout.Pane[] {left, right, player}) {
            for (javafx.scene.Node n : box.getChildren()) {
                if (n instanceof javafx.scene.layout.Region r && n != position) {
                    r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                }
            }
        }
    }

    /*
     * One row, the right group next to the text size buttons, when both groups fit; otherwise the right
     * group goes to a second row, and a group wider than the window wraps within itself (large presenter
     * fonts on a 1024-pixel projector), so that no control leaves the window. The text size buttons keep
     * their place in the top right corner whatever happens to the rest.
     */

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    /** The width of a group's controls side by side. */
    private double rowWidth(FlowPane group) {
        double w = 0;
        int shown = 0;
        for (javafx.scene.Node n : group.getChildren()) {
            if (n.isManaged()) {
                w += snapSizeX(n.prefWidth(-1));
                shown++;
            }
        }
        return Math.ceil(w + GAP * Math.max(0, shown - 1) + group.snappedLeftInset() + group.snappedRightInset()) + 1;
    }

    /** The room for the two groups beside the text size buttons. */
    private double groupsWidth(double width) {
        return width - snappedLeftInset() - snappedRightInset() - zoom.prefWidth(-1) - GAP;
    }

    private boolean oneRow(double width) {
        return width < 0 || groupsWidth(width) >= rowWidth(left) + GAP + rowWidth(right);
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + rowWidth(left) + GAP + rowWidth(right) + GAP + zoom.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        double widest = 0;
        for (FlowPane group : new FlowPane[] {left, right}) {
            for (javafx.scene.Node n : group.getChildren()) {
                widest = Math.max(widest, n.prefWidth(-1));
            }
        }
        return snappedLeftInset() + widest + GAP + zoom.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double z = zoom.prefHeight(-1);
        if (oneRow(width)) {
            return snappedTopInset() + Math.max(z, Math.max(left.prefHeight(rowWidth(left)), right.prefHeight(rowWidth(right))))
                    + snappedBottomInset();
        }
        double w = Math.max(1, groupsWidth(width));
        return snappedTopInset() + Math.max(z, left.prefHeight(w) + GAP + right.prefHeight(w)) + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset();
        double zw = zoom.prefWidth(-1);
        zoom.resizeRelocate(x + w - zw, y, zw, zoom.prefHeight(-1));
        double room = groupsWidth(getWidth());
        if (oneRow(getWidth())) {
            double lw = rowWidth(left);
            double rw = rowWidth(right);
            double lh = left.prefHeight(lw);
            double rh = right.prefHeight(rw);
            double h = Math.max(lh, rh);
            left.resizeRelocate(x, y + (h - lh) / 2, lw, lh);
            right.resizeRelocate(x + room - rw, y + (h - rh) / 2, rw, rh);
        } else {
            double lw = Math.min(room, rowWidth(left));
            double rw = Math.min(room, rowWidth(right));
            double lh = left.prefHeight(lw);
            left.resizeRelocate(x, y, lw, lh);
            right.resizeRelocate(x, y + lh + GAP, rw, right.prefHeight(rw));
        }
    }

    private void setup(Control c, String id, ResourceBundle ui, String key) {
        c.setId(id);
        String text = ui.getString(key + ".accessible");
        c.setAccessibleText(text);
        tooltips.add(() -> c.setTooltip(new Tooltip(text)));
    }

    /**
     * Gives the controls their tooltips when the pointer first comes over one of the bars: a
     * tooltip is a popup window of its own, and some twenty of them made the window's start
     * measurably slower for something no one sees before pointing at a control.
     */
    private void tooltipsOnFirstHover() {
        javafx.event.EventHandler<javafx.scene.input.MouseEvent> install = new javafx.event.EventHandler<>() {
            @Override
            public void handle(javafx.scene.input.MouseEvent e) {
                removeEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, this);
                player.removeEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, this);
                tooltips.forEach(Runnable::run);
                tooltips.clear();
            }
        };
        addEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, install);
        player.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, install);
    }

    /** Installs the tooltips now (tests; otherwise on the first hover). */
    void installTooltips() {
        tooltips.forEach(Runnable::run);
        tooltips.clear();
    }
}
