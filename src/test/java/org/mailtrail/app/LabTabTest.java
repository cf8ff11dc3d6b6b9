package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.LabViewModel;
import org.mailtrail.app.model.LabRows;
import org.mailtrail.app.model.LabRows.HostRow;
import org.mailtrail.app.model.LabRows.JourneyRow;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.lab.LabPlan;
import org.mailtrail.timeline.EventKind;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Lab tab, driven headless (Monocle): start the lab, send the scenario's message, open its journey, stop. */
@ExtendWith(ApplicationExtension.class)
class LabTabTest {
    private MailTrailApp app;

    @Start
    void start(Stage stage) {
        app = new MailTrailApp();
        app.start(stage);
        // the primary stage is shared by every test class: a size left by another (a small window) must not leak
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @BeforeEach
    void worldLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopLab() {
        vm().lab().shutdown();
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private LabViewModel lab() {
        return vm().lab();
    }

    /** Five ports that are free now on the test's addresses. */
    private static LabPlan.Ports freePorts() throws IOException {
        return org.mailtrail.lab.LabPorts.free("127.79.0.1");
    }

    private void openLabTab(FxRobot robot) {
        BottomTab.select(robot, "labTab");
    }

    @Test
    void startSendOpenAndStop(FxRobot robot) throws Exception {
        LabPlan.Ports ports = freePorts();
        robot.interact(() -> {
            lab().baseProperty().set("127.79.0.0");
            lab().portsProperty().set(ports);
            lab().timeScaleProperty().set(36_000);
        });
        openLabTab(robot);
        for (String id : new String[] {"#labStartButton", "#labSendButton", "#labOpenButton", "#labHostTable",
                "#labJourneyList", "#labStatusLabel", "#labPasswordLabel"}) {
            Node n = robot.lookup(id).query();
            assertThat(n).as(id).isNotNull();
            assertThat(n.getAccessibleText()).as(id + " accessible text").isNotBlank();
        }
        assertThat(robot.lookup("#labPasswordLabel").queryAs(Label.class).getText())
                .isEqualTo("Lab password for every user: mailtrail");
        Button toggle = robot.lookup("#labStartButton").queryAs(Button.class);
        assertThat(toggle.getText()).isEqualTo("Start lab");
        assertThat(robot.lookup("#labSendButton").queryAs(Button.class).isDisabled()).isTrue();
        TableView<HostRow> hosts = robot.lookup("#labHostTable").queryTableView();
        assertThat(hosts.getItems()).as("where the hosts will live").isNotEmpty();
        assertThat(hosts.getItems().get(0).address()).isEqualTo("127.79.0.53");

        robot.clickOn("#labStartButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> lab().runningProperty().get()); // a busy CI machine
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(toggle.getText()).isEqualTo("Stop lab");
        assertThat(robot.lookup("#labStatusLabel").queryAs(Label.class).getText()).startsWith("Lab running:")
                .contains("127.79.0.53:" + ports.dns());

        robot.clickOn("#labSendButton");
        TableView<JourneyRow> journeys = robot.lookup("#labJourneyList").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> journeys.getItems().size() == 1
                && journeys.getItems().get(0).status() == LabRows.Status.DELIVERED);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().events().stream()
                .anyMatch(e -> e.kind() == EventKind.DELIVERED));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().resultProperty().get().info().mode()).isEqualTo("lab");
        assertThat(robot.lookup("#timelineList").queryListView().getItems()).isNotEmpty();
        TabPane tabs = robot.lookup("#bottomTabs").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).as("the lab stays in front").isEqualTo("labTab");

        robot.interact(() -> vm().session().resultProperty().set(null));
        robot.interact(() -> journeys.getSelectionModel().select(0));
        robot.clickOn("#labOpenButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().session().resultProperty().get()).isNotNull();
        assertThat(vm().session().events()).anyMatch(e -> e.kind() == EventKind.DELIVERED);

        robot.clickOn("#labStartButton");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !lab().runningProperty().get()
                && !lab().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(toggle.getText()).isEqualTo("Start lab");
        assertThat(robot.lookup("#labSendButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(journeys.getItems()).hasSize(1);
    }

    @Test
    void quittingTheApplicationStopsARunningLab(FxRobot robot) throws Exception {
        LabPlan.Ports ports = freePorts();
        robot.interact(() -> {
            lab().baseProperty().set("127.79.0.0");
            lab().portsProperty().set(ports);
        });
        openLabTab(robot);
        robot.clickOn("#labStartButton");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> lab().runningProperty().get());
        String mx1 = lab().hosts().stream().filter(h -> h.host().equals("mx1.example.net")).findFirst()
                .orElseThrow().address();
        robot.interact(app::stop); // what JavaFX calls when the last window closes
        try (ServerSocket again = new ServerSocket()) { // nothing of the lab listens any more
            again.bind(new InetSocketAddress(mx1, ports.smtp()));
        }
    }
}
