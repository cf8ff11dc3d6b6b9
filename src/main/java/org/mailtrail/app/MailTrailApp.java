package org.mailtrail.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The JavaFX application: the composition root of the desktop app. */
public class MailTrailApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(MailTrailApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("Mail Trail"));
        stage.setTitle("Mail Trail");
        stage.setScene(new Scene(root, 1024, 700));
        stage.show();
    }
}
