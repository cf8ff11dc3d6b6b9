package org.mailtrail.app.view;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Orientation;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.mailtrail.app.model.LessonSecrets;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.Presentation;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.export.Exporter;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.TimelineEvent;

/** The main window's content: it only lays out the views and forwards user actions to the view models. */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final Presentation presentation;
    private final ResourceBundle ui;
    private final ComposePane compose;
    private final ControlBar bar;
    private final Label status = new Label();
    private final Label error = new Label();
    private final Timeline player = new Timeline();
    private final ViewScope scope = new ViewScope();
    private final Locale locale;
    private final Panel stepsBox = new Panel();
    private final Panel mapBox = new Panel();
    private final Panel ladderBox = new Panel();
    private final Panel explanationBox = new Panel();
    private final Panel inspectorBox = new Panel();
    private final TabPane bottom = new TabPane();
    private final SplitPane upper = new SplitPane(mapBox, explanationBox);
    private final SplitPane middle = new SplitPane(ladderBox, inspectorBox);
    private final SplitPane left;
    private final SplitPane centre;
    private final SplitPane main;
    /** The focus layout: the map over the ladder, the explanation as a caption band beneath them. */
    private final SplitPane focusSplit = new SplitPane();
    private final BorderPane focusPane = new BorderPane(focusSplit);
    /** The normal layout's divider positions (main, centre, upper, middle) while the focus layout is shown. */
    private double[][] normalDividers;
    private TimelineListView steps;
    private BottomTabs tabs;

    /** Builds the window's content in one language. */
    public MainView(MainViewModel vm, Presentation presentation, ResourceBundle ui, Locale locale) {
        this.vm = vm;
        this.locale = locale;
        this.presentation = presentation;
        this.ui = ui;
        SessionViewModel s = vm.session();
        getStyleClass().add("main-view");
        bar = new ControlBar(vm, presentation, ui, scope);
        vm.useMessages(ui);
        compose = new ComposePane(vm.compose(), ui, scope);
        // the message scrolls rather than squeeze the steps to a line or two at large text sizes
        javafx.scene.control.ScrollPane composeScroll = new javafx.scene.control.ScrollPane(compose);
        composeScroll.setFitToWidth(true);
        composeScroll.setFitToHeight(true);
        composeScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        composeScroll.getStyleClass().add("compose-scroll");
        Panel composeBox = new Panel(ui.getString("compose.title"), composeScroll);
        stepsBox.setText(ui.getString("steps.title"));
        mapBox.setText(ui.getString("map.title"));
        ladderBox.setText(ui.getString("ladder.title"));
        explanationBox.setText(ui.getString("explanation.title"));
        inspectorBox.setText(ui.getString("inspector.title"));
        // the side panes keep a readable width (in em: it grows with the text) when the map takes its share
        explanationBox.getStyleClass().add("side-panel");
        inspectorBox.getStyleClass().add("side-panel");
        left = new SplitPane(composeBox, stepsBox);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.5);
        left.setPrefWidth(330);
        left.setMinWidth(240);

        upper.setDividerPositions(0.74); // room for whole host names on the map
        middle.setDividerPositions(0.62);
        centre = new SplitPane(upper, middle, bottom);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.36, 0.7);
        main = new SplitPane(left, centre);
        main.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(left, false);
        bottom.setId("bottomTabs");

        status.setId("statusLabel");
        status.getStyleClass().add("status");
        error.setId("errorLabel");
        error.getStyleClass().add("status-error");
        error.textProperty().bind(vm.errorProperty());
        Label notice = new Label();
        notice.setId("noticeLabel");
        notice.getStyleClass().add("status-notice");
        notice.textProperty().bind(vm.noticeProperty());
        error.setWrapText(true);
        // a long error (a refused file with its path) wraps in the room left; the step's status stays whole
        status.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox statusBar = new HBox(16, status, notice, error);
        statusBar.getStyleClass().add("status-bar");
        HBox.setHgrow(error, Priority.ALWAYS);

        setTop(bar);
        setCenter(main);
        LessonBar lessonBar = new LessonBar(vm.lessons(), locale, scope, presentation.focusLayoutProperty());
        lessonBar.setMayLeaveWorld(this::mayLeaveWorld);
        setBottom(new VBox(lessonBar, bar.player, statusBar)); // lessons.md

        scope.listen(s.stepProperty(), (o, a, v) -> updateStatus());
        scope.listen(s.journeyProperty(), (o, a, v) -> updateStatus());
        scope.listen(s.sizeProperty(), (o, a, v) -> updateStatus()); // another journey of another length
        scope.listen(vm.busyProperty(), (o, a, v) -> updateStatus());
        updateStatus();

        bar.run.setOnAction(e -> {
            if (!vm.run()) {
                compose.focusFirstError();
            } else {
                focusTimeline(); // so that Space plays and the arrows step, instead of pressing Run again
            }
        });
        bar.open.setOnAction(e -> openScenario());
        buildSessionMenu();
        scope.listen(vm.recent().files(), (javafx.collections.ListChangeListener<String>) c -> buildSessionMenu());
        player.setCycleCount(Timeline.INDEFINITE);
        scope.listen(s.playingProperty(), (o, a, playing) -> restartPlayer());
        scope.listen(s.speedProperty(), (o, a, v) -> restartPlayer());
        scope.listen(presentation.fontScaleProperty(), (o, a, v) -> applyFontScale());
        scope.listen(presentation.highContrastProperty(), (o, a, v) -> applyContrast());
        applyFontScale();
        applyContrast();
        buildViews();
        focusPane.setBottom(new CaptionBand(s, ui, locale, scope));
        focusPane.getStyleClass().add("focus-layout");
        focusSplit.setOrientation(Orientation.VERTICAL);
        scope.listen(presentation.focusLayoutProperty(), (o, a, v) -> applyFocusLayout());
        applyFocusLayout();
        EarlySkins.install(this); // skins before the scene: the window is styled in one pass, not about two
    }

    /**
     * Shows the layout the presenter chose: the focus layout moves the map and the ladder into a pane of
     * their own (compose pane, steps, inspector and tabs out of sight); the normal layout puts them back
     * where they were, dividers included.
     */
    private void applyFocusLayout() {
        boolean focus = presentation.focusLayoutProperty().get();
        if (focus == (getCenter() == focusPane)) {
            return;
        }
        mapBox.setTitleShown(!focus);
        ladderBox.setTitleShown(!focus);
        if (focus) {
            normalDividers = new double[][] {main.getDividerPositions(), centre.getDividerPositions(),
                upper.getDividerPositions(), middle.getDividerPositions()};
            upper.getItems().remove(mapBox);
            middle.getItems().remove(ladderBox);
            focusSplit.getItems().setAll(mapBox, ladderBox);
            focusSplit.setDividerPositions(0.38);
            setCenter(focusPane);
        } else {
            focusSplit.getItems().clear();
            upper.getItems().setAll(mapBox, explanationBox);
            middle.getItems().setAll(ladderBox, inspectorBox);
            setCenter(main);
            if (normalDividers != null) {
                main.setDividerPositions(normalDividers[0]);
                centre.setDividerPositions(normalDividers[1]);
                upper.setDividerPositions(normalDividers[2]);
                middle.setDividerPositions(normalDividers[3]);
            }
        }
        // a focused control that the switch took out of the window (a compose field) gives the keyboard back
        if (getScene() != null && !shown(getScene().getFocusOwner())) {
            focusTimeline();
        }
    }

    private boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (p == this) {
                return true;
            }
        }
        return false;
    }

    /** Gives the keyboard to the steps list, or in the focus layout to the sequence diagram. */
    private void focusTimeline() {
        if (presentation.focusLayoutProperty().get()) {
            ladderBox.requestFocus();
        } else {
            steps.requestFocus();
        }
    }

    /** The views inside the panes. */
    private void buildViews() {
        SessionViewModel s = vm.session();
        steps = new TimelineListView(s, locale, presentation.fontScaleProperty(), scope);
        VBox stepsPane = new VBox(new ScenarioDescriptionView(vm.worldProperty(), vm.routeProperty(),
                vm.session().resultProperty(), LessonSecrets.title(vm.lessons()), ui, scope), steps);
        VBox.setVgrow(steps, Priority.ALWAYS);
        stepsBox.setContent(stepsPane);

        NetworkMapView map = new NetworkMapView(vm, ui, scope);
        SequenceDiagramView ladder = new SequenceDiagramView(s, presentation.fontScaleProperty(),
                presentation.highContrastProperty(), locale, LessonSecrets.kept(vm.lessons()), scope);
        ExplanationView explanation = new ExplanationView(s, ui, locale, scope);
        MessageInspectorView inspector = new MessageInspectorView(s, ui, scope,
                org.mailtrail.app.model.LessonSecrets.copyAsked(vm.lessons()));
        mapBox.setContent(map);
        ladderBox.setContent(ladder);
        explanationBox.setContent(explanation);
        inspectorBox.setContent(inspector);

        tabs = new BottomTabs(bottom, vm, presentation, ui, locale, scope, centre, middle);
        buildExportMenu(map, ladder, locale);

    }

    /** Lets go of the view models: stops playback and removes every listener this window added. */
    public void close() {
        player.stop();
        if (tabs != null) {
            tabs.close();
        }
        scope.close();
    }

    /** The language chooser, so the application can rebuild the window in another language. */
    public javafx.scene.control.ChoiceBox<Locale> languageChoice() {
        return bar.language;
    }

    private void restartPlayer() {
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / Math.max(0.1, vm.session().speedProperty().get())),
                e -> vm.session().tick()));
        if (vm.session().playingProperty().get()) {
            player.play();
        }
    }

    private void applyFontScale() {
        long px = Math.round(13 * presentation.fontScaleProperty().get());
        // 13 px is the stylesheet's (.main-view): no inline style, whose parsing would load the CSS parser at start
        setStyle(px == 13 ? "" : "-fx-font-size: " + px + "px;");
    }

    private void applyContrast() {
        getStyleClass().remove("high-contrast");
        if (presentation.highContrastProperty().get()) {
            getStyleClass().add("high-contrast");
        }
    }

    private void updateStatus() {
        SessionViewModel s = vm.session();
        if (vm.busyProperty().get()) {
            status.setText(ui.getString("status.busy"));
            return;
        }
        TimelineEvent e = s.currentProperty().get();
        if (e == null) {
            status.setText(ui.getString("status.none"));
            return;
        }
        status.setText(new MessageFormat(ui.getString("status.step"), ui.getLocale()).format(new Object[] {
            e.index() + 1, s.sizeProperty().get(), TextTranscript.clock(e.timeMicros())}));
    }

    /**
     * Keyboard stepping (Right/Left, Space, Home/End), font scaling (Ctrl+ / Ctrl-) and the focus layout
     * (F11, Ctrl+Shift+F), for the whole scene.
     */
    public void handleKey(KeyEvent e) {
        Scene scene = getScene();
        if (scene != null) {
            if (e.getCode() == KeyCode.F11 && !e.isShortcutDown() && !e.isAltDown()
                    || e.getCode() == KeyCode.F && e.isShortcutDown() && e.isShiftDown() && !e.isAltDown()) {
                presentation.toggleFocusLayout();
                e.consume();
                return;
            }
            if (e.isShortcutDown() && (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS
                    || e.getCode() == KeyCode.ADD)) {
                presentation.zoomIn();
                e.consume();
                return;
            }
            if (e.isShortcutDown() && (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT)) {
                presentation.zoomOut();
                e.consume();
                return;
            }
            javafx.scene.Node focus = scene.getFocusOwner();
            // an editable field keeps its keys; a read-only one (the explanation) does not stop the stepping
            if (focus instanceof TextInputControl t && t.isEditable() || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            // a focused button, choice or slider keeps its own keys (Space presses, arrows move)
            boolean control = focus instanceof javafx.scene.control.ButtonBase
                    || focus instanceof javafx.scene.control.ChoiceBox || focus instanceof javafx.scene.control.Slider;
            if (control && (e.getCode() == KeyCode.SPACE || focus instanceof javafx.scene.control.Slider)) {
                return;
            }
            SessionViewModel s = vm.session();
            switch (e.getCode()) {
                case RIGHT -> s.forward();
                case LEFT -> s.back();
                case SPACE -> s.togglePlay();
                case HOME -> s.first();
                case END -> s.last();
                default -> {
                    return;
                }
            }
            e.consume();
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Whether the world's unsaved edits may go (asked when there are any). */
    private boolean mayLeaveWorld() {
        return DiscardEdits.mayDiscard(this, vm.editor(), org.mailtrail.app.model.WorldEditorViewModel.bundle(
                ui.getLocale()));
    }

    private void openScenario() {
        FileChooser fc = new FileChooser();
        fc.setTitle(ui.getString("open.accessible"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ui.getString("open.filter"), "*.yaml", "*.yml"));
        File f = fc.showOpenDialog(window());
        if (f != null && mayLeaveWorld()) {
            vm.openScenarioFile(f.getPath());
        }
    }

    private void buildExportMenu(NetworkMapView map, SequenceDiagramView ladder, Locale locale) {
        bar.export.getItems().setAll(
                item("export.text", () -> exportAs(Exporter.Format.TEXT, false, locale)),
                item("export.json", () -> exportAs(Exporter.Format.JSON, false, locale)),
                item("export.html", () -> exportAs(Exporter.Format.HTML, false, locale)),
                item("export.pcap", () -> exportAs(Exporter.Format.PCAP, false, locale)),
                item("export.pcapDecrypted", () -> exportAs(Exporter.Format.PCAP, true, locale)),
                item("export.eml", this::exportEml),
                new SeparatorMenuItem(),
                item("export.pngMap", () -> exportPng(map, "network-map")),
                item("export.pngLadder", () -> exportPng(ladder, "sequence-diagram")));
    }

    private MenuItem item(String key, Runnable action) {
        MenuItem m = new MenuItem(ui.getString(key));
        m.setId(key.replace('.', '-'));
        m.setOnAction(e -> action.run());
        return m;
    }

    private void buildSessionMenu() {
        MenuItem open = item("sessions.open", this::openSession);
        List<MenuItem> items = new ArrayList<>();
        items.add(open);
        if (!vm.recent().files().isEmpty()) {
            items.add(new SeparatorMenuItem());
            for (String f : vm.recent().files()) {
                MenuItem m = new MenuItem(f);
                m.setOnAction(e -> vm.openSession(Path.of(f)));
                items.add(m);
            }
        }
        bar.sessions.getItems().setAll(items);
    }

    private void openSession() {
        FileChooser fc = new FileChooser();
        fc.setTitle(ui.getString("sessions.open"));
        ResourceBundle cap = org.mailtrail.capture.CaptureTexts.bundle(ui.getLocale()); // issue 17: captures too
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(cap.getString("open.filter.all"), "*.json",
                        "*.pcap", "*.pcapng", "*.cap", "*.txt", "*.log"),
                new FileChooser.ExtensionFilter(ui.getString("export.json"), "*.json"),
                new FileChooser.ExtensionFilter(cap.getString("open.filter.capture"), "*.pcap", "*.pcapng", "*.cap"),
                new FileChooser.ExtensionFilter(cap.getString("open.filter.transcript"), "*.txt", "*.log"));
        File f = fc.showOpenDialog(window());
        if (f != null) {
            vm.openSession(f.toPath());
        }
    }

    private Exporter.Options options(boolean decrypted, Locale locale) {
        var j = vm.session().journeyProperty().get();
        return new Exporter.Options(j == null ? null : j.route(), decrypted, locale)
                .withLayout(NetworkMapView.cells(vm.worldProperty().get())); // hosts where the map shows them
    }

    private void exportAs(Exporter.Format format, boolean decrypted, Locale locale) {
        var result = vm.session().resultProperty().get();
        if (result == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(ui.getString("export.accessible"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name(), "*." + format.extension()));
        fc.setInitialFileName(result.info().name() + "." + format.extension());
        File f = fc.showSaveDialog(window());
        if (f != null) {
            vm.export(format, f.toPath(), options(decrypted, locale));
        }
    }

    private void exportEml() {
        if (vm.session().resultProperty().get() == null) {
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(ui.getString("export.eml"));
        File dir = dc.showDialog(window());
        if (dir == null) {
            return;
        }
        String[] existing = dir.list((d, name) -> name.endsWith(".eml"));
        if (existing != null && existing.length > 0) {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION,
                    MessageFormat.format(ui.getString("export.overwrite"), existing.length, dir), ButtonType.OK,
                    ButtonType.CANCEL);
            if (ask.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
                return;
            }
        }
        vm.export(Exporter.Format.EML, dir.toPath(), options(false, Locale.ENGLISH));
    }

    private void exportPng(javafx.scene.Node node, String name) {
        FileChooser fc = new FileChooser();
        fc.setTitle(ui.getString("export.accessible"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        fc.setInitialFileName(name + ".png");
        File f = fc.showSaveDialog(window());
        if (f != null) {
            vm.savePng(SwingFXUtils.fromFXImage(node.snapshot(null, null), null), f.toPath());
        }
    }
}
