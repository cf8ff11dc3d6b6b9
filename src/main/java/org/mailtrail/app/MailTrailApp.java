package org.mailtrail.app;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.Presentation;
import org.mailtrail.app.view.MainView;
import org.mailtrail.world.WorldLoader;

/**
 * The desktop application and its composition root: it builds the view models and the window,
 * owns the background executor, and rebuilds the window when the language changes.
 * {@code --smoke} prints the milliseconds from JVM start to the first frame and exits. A {@code *.json}
 * argument (a saved session, e.g. opened from the file manager) is opened instead of the default
 * scenario once the window is up; on macOS, so is a file that the Finder hands over as an Apple
 * event ({@link MacOpenFiles}).
 */
public class MailTrailApp extends Application {
    private FxTaskRunner tasks;
    private MainViewModel vm;
    private final Presentation presentation = new Presentation();
    private Scene scene;
    private MainView view;

    /** Session files opened through the desktop (macOS) before the window was ready. */
    private static final java.util.List<java.nio.file.Path> PENDING_OPENS = new java.util.ArrayList<>();
    /** The running application once its window is ready (for files opened through the desktop). */
    private static MailTrailApp ready;

    public static void launchApp(String[] args) {
        // AWT only on macOS: elsewhere neither MacOpenFiles nor java.awt.Desktop is ever loaded
        if (System.getProperty("os.name", "").startsWith("Mac")) {
            MacOpenFiles.install(MailTrailApp::openFromDesktop);
        }
        // the saved preferences are read while the toolkit starts, not on the FX thread before the first frame
        // (the first use of java.util.prefs reads its files and starts its timer: 40-100 ms here)
        Thread t = new Thread(PREFERENCES, "mailtrail-preferences");
        t.setDaemon(true);
        preferencesStarted = true;
        t.start();
        Application.launch(MailTrailApp.class, args);
    }

    /** The user's preferences, read on a thread of their own by {@link #launchApp}. */
    private static volatile boolean preferencesStarted;
    private static final java.util.concurrent.FutureTask<java.util.prefs.Preferences> PREFERENCES =
            new java.util.concurrent.FutureTask<>(MailTrailApp::preferences);

    private static java.util.prefs.Preferences preferences() {
        if (Boolean.getBoolean("mailtrail.noPrefs")) {
            return null;
        }
        java.util.prefs.Preferences p = java.util.prefs.Preferences.userNodeForPackage(MailTrailApp.class);
        // read the saved values here too: the node reads its file on first use, which was the window's first get()
        // on the FX thread (the recent files: 10-15 ms before the first frame)
        p.get("recent.0", null);
        return p;
    }

    /** The preferences: from the reading thread if {@link #launchApp} started it, else read here (tests). */
    private static java.util.prefs.Preferences savedPreferences() {
        if (preferencesStarted) {
            try {
                return PREFERENCES.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // read again below, where a failure shows
            }
        }
        return preferences();
    }

    /**
     * Opens a session file that the desktop handed over (macOS: an Apple event, not an argument), on
     * the FX thread; one that comes before the window is ready is opened instead of the default world.
     */
    static void openFromDesktop(java.nio.file.Path file) {
        MailTrailApp app;
        synchronized (PENDING_OPENS) {
            if (ready == null) {
                PENDING_OPENS.add(file);
                return;
            }
            app = ready;
        }
        Platform.runLater(() -> app.vm.openSession(file));
    }

    /** The UI texts for a language. */
    public static ResourceBundle bundle(Locale locale) {
        // no fallback to the machine's default locale: on a German system English must stay English
        return ResourceBundle.getBundle("org.mailtrail.app.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    @Override
    public void start(Stage stage) {
        boolean smoke = getParameters() != null && getParameters().getRaw().contains("--smoke");
        tasks = new FxTaskRunner();
        vm = new MainViewModel(tasks, savedPreferences());
        // The first frame is the window with a light frame of its own; the full window, whose
        // controls take most of the start to load and style, replaces it right after.
        javafx.geometry.Dimension2D size = initialSize(javafx.stage.Screen.getPrimary().getVisualBounds());
        scene = new Scene(shell(), size.getWidth(), size.getHeight());
        stage.setTitle("Mail Trail");
        stage.setScene(scene);
        stage.show();
        FirstFrame.afterNextPulse(scene, () -> {
            if (smoke) {
                FirstFrame.print("first frame");
            }
            FirstFrame.Trace trace = FirstFrame.trace();
            Runnable icons = loadIcons(stage);
            scene.getStylesheets().add(MailTrailApp.class.getResource("mailtrail.css").toExternalForm());
            scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> view.handleKey(e));
            rebuild(presentation.localeProperty().get());
            trace.phase("build");
            if (trace.on()) { // the pulse would do the same; done here only to time the two apart
                scene.getRoot().applyCss();
                trace.phase("css");
                scene.getRoot().layout();
                trace.phase("layout");
                trace.print();
            }
            presentation.localeProperty().addListener((o, a, l) -> rebuild(l));
            FirstFrame.afterNextPulse(scene, () -> {
                if (smoke) {
                    trace.printThreads();
                    FirstFrame.print("ready");
                    Platform.exit();
                    return;
                }
                icons.run();
                java.nio.file.Path session = sessionArgument();
                synchronized (PENDING_OPENS) {
                    if (!PENDING_OPENS.isEmpty()) {
                        session = PENDING_OPENS.get(PENDING_OPENS.size() - 1);
                        PENDING_OPENS.clear();
                    }
                    ready = this;
                }
                if (session != null) {
                    vm.openSession(session);
                } else {
                    vm.scenarioProperty().set(WorldLoader.DEFAULT_SCENARIO);
                }
                tasks.run(vm::recoverable, this::offerRecovery, e -> { });
            });
        });
    }

    /** The size the window prefers: room for every view at the normal text size. */
    static final javafx.geometry.Dimension2D PREFERRED_SIZE = new javafx.geometry.Dimension2D(1280, 800);

    /**
     * The size the window opens at: the preferred size, but never larger than the screen's visible area
     * (a 1024x768 or 1280x720 projector, a laptop with a task bar).
     */
    static javafx.geometry.Dimension2D initialSize(javafx.geometry.Rectangle2D visualBounds) {
        return new javafx.geometry.Dimension2D(Math.min(PREFERRED_SIZE.getWidth(), visualBounds.getWidth()),
                Math.min(PREFERRED_SIZE.getHeight(), visualBounds.getHeight()));
    }

    /** Offers the newest live session left behind by a crash; the others stay for a later start. */
    private void offerRecovery(java.util.List<java.nio.file.Path> files) {
        if (files.isEmpty()) {
            return;
        }
        java.nio.file.Path newest = files.get(files.size() - 1);
        ResourceBundle ui = bundle(presentation.localeProperty().get());
        javafx.scene.control.ButtonType open = new javafx.scene.control.ButtonType(ui.getString("recovery.open"),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType later = new javafx.scene.control.ButtonType(ui.getString("recovery.later"),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                java.text.MessageFormat.format(ui.getString("recovery.text"), newest), open, later);
        ask.setHeaderText(ui.getString("recovery.title"));
        ask.getDialogPane().setId("recoveryDialog");
        ask.initOwner(scene.getWindow());
        if (ask.showAndWait().orElse(later) == open) {
            vm.recover(newest);
        }
    }

    /** The session file given on the command line (the first argument named as one: a session, capture or text). */
    private java.nio.file.Path sessionArgument() {
        if (getParameters() == null) {
            return null;
        }
        for (String arg : getParameters().getRaw()) {
            if (!arg.startsWith("--") && org.mailtrail.capture.SessionFiles.openableName(arg)) {
                try {
                    return java.nio.file.Path.of(arg);
                } catch (java.nio.file.InvalidPathException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The window icon (rendered from assets/icons/mailtrail.svg). The PNGs are decoded in the
     * background from now on (about 80 ms of the FX thread's time otherwise); the returned action, run
     * once the full window is ready, gives the window those decoded by then and each other one when it
     * is. Not before: handing an icon to the window scales it for the window system on the FX thread,
     * a few ms that used to fall between the built window and the pulse that shows it.
     */
    private static Runnable loadIcons(Stage stage) {
        java.util.List<javafx.scene.image.Image> icons = new java.util.ArrayList<>();
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            java.net.URL url = MailTrailApp.class.getResource("icons/mailtrail-" + size + ".png");
            if (url != null) {
                icons.add(new javafx.scene.image.Image(url.toExternalForm(), true));
            }
        }
        return () -> {
            for (javafx.scene.image.Image icon : icons) {
                if (icon.getProgress() >= 1) { // progress is updated on the FX thread: no change between the two
                    addIcon(stage, icon);
                } else {
                    icon.progressProperty().addListener((o, a, p) -> {
                        if (p.doubleValue() >= 1) {
                            addIcon(stage, icon);
                        }
                    });
                }
            }
        };
    }

    private static void addIcon(Stage stage, javafx.scene.image.Image icon) {
        if (!icon.isError()) {
            stage.getIcons().add(icon);
        }
    }

    /**
     * The window's first content: the name on the colours of the tool bar, nothing that takes time (set in code,
     * not as inline CSS: the CSS parser is not needed before the window's own stylesheet, which is binary).
     */
    private static javafx.scene.Parent shell() {
        javafx.scene.control.Label name = new javafx.scene.control.Label("Mail Trail");
        name.setFont(javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, 28));
        name.setTextFill(javafx.scene.paint.Color.web("#1565c0"));
        javafx.scene.layout.StackPane p = new javafx.scene.layout.StackPane(name);
        p.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
                javafx.scene.paint.Color.web("#f4f5f7"), null, null)));
        return p;
    }

    /** The view model (tests). */
    public MainViewModel viewModel() {
        return vm;
    }

    /** Presenter settings (tests). */
    public Presentation presentation() {
        return presentation;
    }

    private void rebuild(Locale locale) {
        ResourceBundle ui = bundle(locale);
        if (view != null) {
            view.close();
        }
        view = new MainView(vm, presentation, ui, locale);
        view.languageChoice().valueProperty().addListener((o, a, l) -> {
            if (l != null && !l.equals(presentation.localeProperty().get())) {
                Platform.runLater(() -> presentation.localeProperty().set(l));
            }
        });
        scene.setRoot(view);
    }

    @Override
    public void stop() {
        if (vm != null) {
            vm.live().shutdown(); // a deliberate quit: the session ends and removes its recovery file
            vm.server().shutdown();
            vm.proxy().shutdown(); // open proxied sessions get 421 and are recorded
            vm.lab().shutdown(); // open sessions get 421, every lab address is free again
        }
        if (tasks != null) {
            tasks.close();
        }
    }
}
