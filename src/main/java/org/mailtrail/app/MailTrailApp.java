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
 * {@code --smoke} prints the milliseconds from JVM start to the first frame and exits.
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
        scene = new Scene(new javafx.scene.layout.Pane(), 1280, 800);
        scene.getStylesheets().add(MailTrailApp.class.getResource("mailtrail.css").toExternalForm());
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> view.handleKey(e));
        rebuild(presentation.localeProperty().get());
        presentation.localeProperty().addListener((o, a, l) -> rebuild(l));
        stage.setTitle("Mail Trail");
        stage.setScene(scene);
        if (smoke) {
            FirstFrame.reportThenExit(scene);
        }
        stage.show();
        // the default world loads once the first frame is up, so it does not compete with it
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(() -> vm.scenarioProperty().set(WorldLoader.DEFAULT_SCENARIO));
        };
        scene.addPostLayoutPulseListener(once[0]);
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
        if (tasks != null) {
            tasks.close();
        }
    }
}
