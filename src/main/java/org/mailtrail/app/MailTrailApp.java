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
 * scenario once the window is up.
 */
public class MailTrailApp extends Application {
    private FxTaskRunner tasks;
    private MainViewModel vm;
    private final Presentation presentation = new Presentation();
    private Scene scene;
    private MainView view;

    public static void launchApp(String[] args) {
        Application.launch(MailTrailApp.class, args);
    }

    /** The UI texts for a language. */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.mailtrail.app.messages", locale);
    }

    @Override
    public void start(Stage stage) {
        boolean smoke = getParameters() != null && getParameters().getRaw().contains("--smoke");
        tasks = new FxTaskRunner();
        vm = new MainViewModel(tasks, Boolean.getBoolean("mailtrail.noPrefs") ? null
                : java.util.prefs.Preferences.userNodeForPackage(MailTrailApp.class));
        // The first frame is the window with a light frame of its own; the full window, whose
        // controls take about a second to load and style, replaces it right after.
        scene = new Scene(shell(), 1280, 800);
        stage.setTitle("Mail Trail");
        stage.setScene(scene);
        stage.show();
        FirstFrame.afterNextPulse(scene, () -> {
            if (smoke) {
                FirstFrame.print("first frame");
            }
            addIcons(stage);
            scene.getStylesheets().add(MailTrailApp.class.getResource("mailtrail.css").toExternalForm());
            scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> view.handleKey(e));
            rebuild(presentation.localeProperty().get());
            presentation.localeProperty().addListener((o, a, l) -> rebuild(l));
            FirstFrame.afterNextPulse(scene, () -> {
                if (smoke) {
                    FirstFrame.print("ready");
                    Platform.exit();
                    return;
                }
                java.nio.file.Path session = sessionArgument();
                if (session != null) {
                    vm.openSession(session);
                } else {
                    vm.scenarioProperty().set(WorldLoader.DEFAULT_SCENARIO);
                }
                tasks.run(vm::recoverable, this::offerRecovery, e -> { });
            });
        });
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

    /** The session file given on the command line (the first {@code *.json} argument), or null. */
    private java.nio.file.Path sessionArgument() {
        if (getParameters() == null) {
            return null;
        }
        for (String arg : getParameters().getRaw()) {
            if (!arg.startsWith("--") && arg.toLowerCase(Locale.ROOT).endsWith(".json")) {
                try {
                    return java.nio.file.Path.of(arg);
                } catch (java.nio.file.InvalidPathException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The window icon (rendered from assets/icons/mailtrail.svg); after the first frame, off its path. */
    private static void addIcons(Stage stage) {
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            java.net.URL url = MailTrailApp.class.getResource("icons/mailtrail-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new javafx.scene.image.Image(url.toExternalForm()));
            }
        }
    }

    /** The window's first content: the name on the colours of the tool bar, nothing that takes time. */
    private static javafx.scene.Parent shell() {
        javafx.scene.control.Label name = new javafx.scene.control.Label("Mail Trail");
        name.setStyle("-fx-font-size: 28px; -fx-text-fill: #1565c0; -fx-font-weight: bold;");
        javafx.scene.layout.StackPane p = new javafx.scene.layout.StackPane(name);
        p.setStyle("-fx-background-color: #f4f5f7;");
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
        }
        if (tasks != null) {
            tasks.close();
        }
    }
}
