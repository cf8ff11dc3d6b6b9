package org.mailtrail.app.view;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.mailtrail.app.model.LiveViewModel;
import org.mailtrail.smtp.TlsMode;

/**
 * The Live tab: where a real delivery is set up and stepped through. The message comes from the compose form; the
 * steps appear in the main views as they happen. A live send asks for confirmation first.
 */
public final class LivePane extends VBox {
    private final LiveViewModel vm;
    private final ResourceBundle ui;
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tickOnce()));
    final Button start = new Button();
    final Button step = new Button();
    final Button runRest = new Button();
    final Button stop = new Button();

    public LivePane(LiveViewModel vm, ResourceBundle ui, ViewScope scope) {
        this.vm = vm;
        this.ui = ui;
        vm.useMessages(ui); // its errors in the window's language
        getStyleClass().add("live-pane");
        setSpacing(6);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(4);
        int row = 0;
        form.addRow(row++, Forms.label(ui, "live.dns"), Forms.field(ui, "liveDnsField", "live.dns", vm.dnsProperty()));
        form.addRow(row++, Forms.label(ui, "live.smarthost"), Forms.field(ui, "liveSmartHostField", "live.smarthost", vm.smartHostProperty()));
        form.addRow(row++, Forms.label(ui, "live.mxport"), Forms.field(ui, "liveMxPortField", "live.mxport", vm.mxPortProperty()));
        ChoiceBox<TlsMode> tls = new ChoiceBox<>();
        tls.getItems().setAll(TlsMode.AUTO, TlsMode.REQUIRE, TlsMode.OFF);
        tls.setId("liveStartTlsChoice");
        tls.setAccessibleText(ui.getString("live.starttls.accessible"));
        tls.setConverter(new StringConverter<>() {
            @Override
            public String toString(TlsMode m) {
                return m == null ? "" : ui.getString("live.starttls." + m.name().toLowerCase(java.util.Locale.ROOT));
            }

            @Override
            public TlsMode fromString(String s) {
                return null;
            }
        });
        tls.valueProperty().bindBidirectional(vm.tlsProperty());
        form.addRow(row++, Forms.label(ui, "live.starttls"), tls);
        form.addRow(row++, Forms.label(ui, "live.timeout"), Forms.field(ui, "liveTimeoutField", "live.timeout", vm.timeoutProperty()));
        form.addRow(row++, Forms.label(ui, "live.trustcert"), Forms.field(ui, "liveTrustCertField", "live.trustcert", vm.trustCertProperty()));
        form.addRow(row++, Forms.label(ui, "live.user"), Forms.field(ui, "liveUserField", "live.user", vm.authUserProperty()));
        javafx.scene.control.PasswordField password = new javafx.scene.control.PasswordField();
        password.setId("livePasswordField");
        password.setPrefColumnCount(18);
        password.setAccessibleText(ui.getString("live.password.accessible"));
        password.textProperty().bindBidirectional(vm.authPasswordProperty());
        form.addRow(row, Forms.label(ui, "live.password"), password);

        Forms.button(ui, start, "liveStartButton", "live.start");
        Forms.button(ui, step, "liveStepButton", "live.step");
        Forms.button(ui, runRest, "liveRunButton", "live.run");
        Forms.button(ui, stop, "liveStopButton", "live.stop");
        start.disableProperty().bind(vm.runningProperty());
        step.disableProperty().bind(vm.waitingProperty().not());
        runRest.disableProperty().bind(vm.runningProperty().not());
        stop.disableProperty().bind(vm.runningProperty().not());
        start.setOnAction(e -> confirmAndStart());
        step.setOnAction(e -> vm.step());
        runRest.setOnAction(e -> vm.runRest());
        stop.setOnAction(e -> vm.stop());
        FlowPane buttons = new FlowPane(6, 6, start, step, runRest, stop);

        Label next = new Label();
        next.setId("liveNextLabel");
        next.getStyleClass().add("live-next");
        next.setWrapText(true);
        Label status = new Label();
        status.setId("liveStatusLabel");
        status.setWrapText(true);
        Label warning = new Label();
        warning.setId("liveWarningLabel");
        warning.getStyleClass().add("status-error");
        warning.setWrapText(true);
        Label settingsError = new Label();
        settingsError.setId("liveSettingsError");
        settingsError.getStyleClass().add("field-error");
        settingsError.setWrapText(true);
        settingsError.textProperty().bind(vm.settingsErrorProperty());
        Runnable texts = () -> {
            next.setText(vm.waitingProperty().get() ? MessageFormat.format(ui.getString("live.next"),
                    vm.nextProperty().get()) : "");
            String detail = vm.statusDetailProperty().get();
            status.setText(ui.getString(vm.statusProperty().get()) + (detail.isEmpty() ? "" : ": " + detail));
            int waited = vm.waitedSecondsProperty().get();
            warning.setText(waited > 0 ? MessageFormat.format(ui.getString("live.warning"), waited,
                    LiveViewModel.SERVER_TIMEOUT.toSeconds()) : "");
        };
        scope.listen(vm.waitingProperty(), (o, a, v) -> texts.run());
        scope.listen(vm.nextProperty(), (o, a, v) -> texts.run());
        scope.listen(vm.statusProperty(), (o, a, v) -> texts.run());
        scope.listen(vm.statusDetailProperty(), (o, a, v) -> texts.run());
        scope.listen(vm.waitedSecondsProperty(), (o, a, v) -> texts.run());
        texts.run();
        ticker.setCycleCount(Timeline.INDEFINITE);
        if (vm.waitingProperty().get()) { // built while a step already waits (the window was rebuilt)
            ticker.play();
        }
        scope.listen(vm.waitingProperty(), (o, a, w) -> {
            if (w) {
                ticker.play();
            } else {
                ticker.stop();
            }
        });
        Label intro = new Label(ui.getString("live.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("live-intro");
        getChildren().addAll(intro, new HBox(16, form, new VBox(6, buttons, next, status, warning, settingsError)));
    }

    private void tickOnce() {
        vm.tick();
    }

    /** Stops the warning timer (the window is being replaced). */
    public void close() {
        ticker.stop();
    }




    private void confirmAndStart() {
        if (!vm.ready()) {
            return; // the errors show beside the fields; nothing to confirm yet
        }
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, vm.confirmationText(ui) + "\n\n" + ui.getString("live.confirm"),
                ButtonType.OK, ButtonType.CANCEL);
        ask.setHeaderText(ui.getString("live.confirm.title"));
        ask.getDialogPane().setId("liveConfirmDialog");
        if (getScene() != null) {
            ask.initOwner(getScene().getWindow());
        }
        if (ask.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK) {
            vm.start(true);
        }
    }
}
