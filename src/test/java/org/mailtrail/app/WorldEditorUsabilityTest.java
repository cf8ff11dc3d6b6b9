package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.Role;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The World tab as a teacher found it (issue 15, an exploratory tester): the chosen host stays chosen across edits,
 * a new host has a role of its own, names and fault parameters are checked as typed, unsaved edits are not given up
 * without asking, a new world replaces the old one everywhere, and a hand-written world takes no input it ignores.
 */
@ExtendWith(ApplicationExtension.class)
class WorldEditorUsabilityTest {
    private MailTrailApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new MailTrailApp();
        app.start(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @BeforeEach
    void openTheWorldTab() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null);
        idle();
        BottomTab.select(new FxRobot(), "worldTab");
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private WorldEditorViewModel editor() {
        return vm().editor();
    }

    private void idle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor().draftProperty().get() != null
                && !editor().checkingProperty().get() && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableView<WorldEditorViewModel.HostRow> hosts(FxRobot robot) {
        return robot.lookup("#hostTable").queryTableView();
    }

    private void choose(FxRobot robot, String host) throws Exception {
        var t = hosts(robot);
        robot.interact(() -> t.getSelectionModel().select(t.getItems().stream()
                .filter(r -> r.name().equals(host)).findFirst().orElseThrow()));
        idle();
    }

    private String chosen(FxRobot robot) {
        var r = hosts(robot).getSelectionModel().getSelectedItem();
        return r == null ? null : r.name();
    }

    @Test
    void theChosenHostStaysChosenAndItsDelayCanBeTypedAtOnce(FxRobot robot) throws Exception {
        choose(robot, "mx1.example.net");
        ChoiceBox<HostFault> fault = robot.lookup("#faultChoice").queryAs(ChoiceBox.class);
        robot.interact(() -> fault.setValue(HostFault.GREYLIST));
        idle();
        assertThat(chosen(robot)).as("still chosen after the edit gave new rows").isEqualTo("mx1.example.net");
        TextField delay = robot.lookup("#faultParameterField").queryAs(TextField.class);
        assertThat(delay.isDisabled()).as("the delay can be typed right after choosing greylisting").isFalse();
        assertThat(delay.getText()).isEqualTo("300");
        Label typing = robot.lookup("#faultParameterField-typing").queryAs(Label.class);
        robot.interact(() -> delay.setText("soon"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !typing.getText().isEmpty());
        assertThat(typing.getText()).as("said as it is typed").contains("soon");
        assertThat(typing.getParent()).as("right under the field, not at the top of the form")
                .isSameAs(delay.getParent());
        assertThat(typing.getBoundsInParent().getMinY()).isGreaterThan(delay.getBoundsInParent().getMinY());
        robot.interact(() -> delay.setText("600"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().isEmpty());
        robot.interact(() -> delay.getOnAction().handle(null));
        idle();
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().smtp().greylistDelaySeconds())
                .isEqualTo(600);
        assertThat(chosen(robot)).isEqualTo("mx1.example.net");

        robot.interact(() -> fault.setValue(HostFault.DOWN));
        idle();
        assertThat(delay.isDisabled()).as("down takes no parameter").isTrue();
        press(robot, "#undoButton");
        idle();
        assertThat(chosen(robot)).as("an undo keeps the host chosen too").isEqualTo("mx1.example.net");
        assertThat(fault.getValue()).isEqualTo(HostFault.GREYLIST);
    }

    @Test
    void aNewHostHasARoleOfItsOwnAndItsNameIsCheckedAsTyped(FxRobot robot) throws Exception {
        choose(robot, "mx1.example.net");
        TextField name = robot.lookup("#hostNameField").queryAs(TextField.class);
        Label typing = robot.lookup("#hostTypingLabel").queryAs(Label.class);
        robot.interact(() -> name.setText("mx2.example.net"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !typing.getText().isEmpty());
        assertThat(typing.getText()).as("a duplicate, said before Add").contains("mx2.example.net");
        robot.interact(() -> name.setText("bad name.example.net"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().contains("bad name"));
        robot.interact(() -> {
            name.setText("relay2.example.org");
            robot.lookup("#newHostRoleChoice").queryAs(ChoiceBox.class).setValue(Role.RELAY);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().isEmpty());
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().role())
                .as("choosing the new host's role leaves the chosen host alone").isEqualTo(Role.MX);
        press(robot, "#addHostButton");
        idle();
        assertThat(vm().worldProperty().get().host("relay2.example.org").orElseThrow().role()).isEqualTo(Role.RELAY);
        assertThat(chosen(robot)).as("the new host is chosen").isEqualTo("relay2.example.org");

        robot.interact(() -> name.setText("mx2.example.net"));
        press(robot, "#addHostButton");
        idle();
        assertThat(robot.lookup("#hostInputLabel").queryAs(Label.class).getText())
                .as("a refused edit is said beside the hosts").contains("mx2.example.net");
        Label said = robot.lookup("#hostInputLabel").queryAs(Label.class);
        javafx.scene.control.ScrollPane around = (javafx.scene.control.ScrollPane) said.getParent().getParent()
                .getParent().getParent(); // label → hosts pane → scroll pane's viewport parts → scroll pane
        WaitForAsyncUtils.waitForFxEvents();
        javafx.geometry.Bounds seen = around.localToScene(around.getLayoutBounds());
        assertThat(seen.contains(said.localToScene(said.getLayoutBounds()))).as("in sight, not below the pane's edge: "
                + said.localToScene(said.getLayoutBounds()) + " in " + seen).isTrue();
        assertThat(typing.getText()).as("said once, not by the check while typing too").isEmpty();
        assertThat(robot.lookup("#editorInputLabel").queryAs(Label.class).getText()).as("not twice").isEmpty();
    }

    @Test
    void theUserOfAMailClientHasAPasswordOfItsOwn(FxRobot robot) throws Exception {
        choose(robot, "imap.example.net");
        TextField password = robot.lookup("#host-password").queryAs(TextField.class);
        assertThat(password.isDisabled()).as("a host without a user has no password").isTrue();
        choose(robot, "alice-laptop.example.org");
        assertThat(password.isDisabled()).isFalse();
        assertThat(password.getText()).isEmpty();
        robot.interact(() -> {
            password.setText("s3cret");
            password.getOnAction().handle(null);
        });
        idle();
        assertThat(vm().worldProperty().get().users().passwordOf("alice@example.org")).isEqualTo("s3cret");
        assertThat(password.getText()).isEqualTo("s3cret");
    }

    @Test
    void theLatencyOfALink(FxRobot robot) throws Exception {
        choose(robot, "mail.example.org");
        ChoiceBox<String> peer = robot.lookup("#latencyPeerChoice").queryAs(ChoiceBox.class);
        assertThat(peer.getItems()).contains("mx1.example.net").doesNotContain("mail.example.org");
        TextField ms = robot.lookup("#latencyField").queryAs(TextField.class);
        robot.interact(() -> {
            peer.setValue("mx1.example.net");
            ms.setText("fast");
            ms.getOnAction().handle(null);
        });
        idle();
        assertThat(robot.lookup("#hostInputLabel").queryAs(Label.class).getText()).contains("milliseconds");
        robot.interact(() -> {
            ms.setText("80");
            ms.getOnAction().handle(null);
        });
        idle();
        assertThat(editor().draftProperty().get().tree().path("links").path("latencies").toString())
                .contains("mail.example.org", "mx1.example.net", "80");
        assertThat(chosen(robot)).isEqualTo("mail.example.org");
        robot.interact(() -> peer.setValue("mx2.example.net"));
        assertThat(ms.getText()).as("no latency set for that link").isEmpty();
        robot.interact(() -> peer.setValue("mx1.example.net"));
        assertThat(ms.getText()).isEqualTo("80");
    }

    @Test
    void savedIsNoLongerSaidAfterTheNextEdit(FxRobot robot, @TempDir Path dir) throws Exception {
        choose(robot, "mx1.example.net");
        robot.interact(() -> robot.lookup("#faultChoice").queryAs(ChoiceBox.class).setValue(HostFault.DOWN));
        idle();
        Path file = dir.resolve("down.yaml");
        robot.interact(() -> robot.lookup("#worldEditor").queryAs(org.mailtrail.app.view.WorldEditorPane.class)
                .setSaveTarget(() -> file));
        press(robot, "#saveWorldButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(file) && !editor().modifiedProperty().get());
        idle();
        Label notice = robot.lookup("#editorNoticeLabel").queryAs(Label.class);
        assertThat(notice.getText()).startsWith("Saved down.yaml");
        robot.interact(() -> robot.lookup("#faultChoice").queryAs(ChoiceBox.class).setValue(HostFault.NONE));
        idle();
        assertThat(notice.getText()).isEmpty();
    }

    @Test
    void anotherScenarioAsksBeforeTheEditsAreLost(FxRobot robot) throws Exception {
        choose(robot, "mx1.example.net");
        robot.interact(() -> robot.lookup("#faultChoice").queryAs(ChoiceBox.class).setValue(HostFault.DOWN));
        idle();
        assertThat(robot.lookup("#worldInUseLabel").queryAs(Label.class).getText())
                .isEqualTo("edited, not saved");
        String before = vm().scenarioProperty().get();
        robot.clickOn("#scenarioChoice").clickOn("backup-mx");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#worldDiscardDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        idle();
        assertThat(vm().scenarioProperty().get()).isEqualTo(before);
        assertThat(robot.lookup("#scenarioChoice").queryAs(ChoiceBox.class).getValue()).isEqualTo(before);
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().smtp().down())
                .as("the edit is kept").isTrue();
        robot.clickOn("#scenarioChoice").clickOn("backup-mx");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#worldDiscardDialog").tryQuery().isPresent());
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "backup-mx".equals(vm().worldProperty().get().name()));
        idle();
        assertThat(vm().scenarioProperty().get()).isEqualTo("backup-mx");
        assertThat(robot.lookup("#worldInUseLabel").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aNewWorldReplacesTheOldOneEverywhere(FxRobot robot) throws Exception {
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != null);
        idle();
        choose(robot, "mx1.example.net");
        MenuButton fresh = robot.lookup("#newWorldButton").queryAs(MenuButton.class);
        robot.interact(() -> fresh.getItems().stream().filter(i -> i.getText().contains("two"))
                .findFirst().orElseThrow().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "two-domains".equals(vm().worldProperty().get().name()));
        idle();
        assertThat(robot.lookup("#worldInUseLabel").queryAs(Label.class).getText())
                .isEqualTo("new world two-domains, not saved");
        assertThat(vm().session().resultProperty().get()).as("the old world's session is gone").isNull();
        assertThat(vm().compose().toCompose().to()).isEqualTo(vm().worldProperty().get().defaults().to());
        assertThat(chosen(robot)).as("mx1 is not in the new world").isNull();
        assertThat(robot.lookup("#faultChoice").queryAs(ChoiceBox.class).getValue())
                .as("no fault of a host of the world before").isNull();
    }

    @Test
    void aHandWrittenWorldTakesNoInputItWouldIgnore(FxRobot robot, @TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.yaml");
        Files.writeString(mine, "# my notes\nextends: builtin:world\nname: mine\nretry:\n  intervalMinutes: 15\n");
        robot.interact(() -> vm().openScenarioFile(mine.toString()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor().readOnlyProperty().get());
        idle();
        TextField interval = robot.lookup("#retryIntervalField").queryAs(TextField.class);
        assertThat(interval.getText()).isEqualTo("15");
        assertThat(interval.isDisabled()).as("read-only: no input that would be ignored").isTrue();
        assertThat(robot.lookup("#routeDefaultChoice").query().isDisabled()).isTrue();
        Label note = robot.lookup("#worldReadOnlyLabel").queryAs(Label.class);
        assertThat(note.getText()).contains("mine.yaml");
        for (String id : new String[] {"#undoButton", "#saveWorldButton", "#newWorldButton", "#editCopyButton"}) {
            var b = robot.lookup(id).queryAs(javafx.scene.control.Control.class);
            assertThat(b.getWidth()).as(id + " not squeezed by the note").isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
        }
        press(robot, "#editCopyButton");
        idle();
        assertThat(interval.isDisabled()).isFalse();
        assertThat(interval.getText()).isEqualTo("15");
        robot.interact(() -> {
            interval.setText("45");
            interval.getOnAction().handle(null);
        });
        idle();
        assertThat(vm().worldProperty().get().retry().intervalSeconds()).isEqualTo(45 * 60);
    }

    @Test
    void aNewDomainATitleAndWhatRemovingAnMxTargetTakesWithIt(FxRobot robot) throws Exception {
        TextField domain = robot.lookup("#domainNameField").queryAs(TextField.class);
        Label typing = robot.lookup("#domainTypingLabel").queryAs(Label.class);
        robot.interact(() -> domain.setText("example.net"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().contains("already"));
        robot.interact(() -> domain.setText("school2.test"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().isEmpty());
        press(robot, "#addDomainButton");
        idle();
        assertThat(editor().domainProperty().get()).isEqualTo("school2.test");
        assertThat(robot.lookup("#dnsRecordTable").queryTableView().getItems()).extracting(Object::toString)
                .anyMatch(r -> r.contains("type=SOA")).anyMatch(r -> r.contains("type=NS"));
        assertThat(editor().validProperty().get()).as("a zone of its own checks").isTrue();

        TextField title = robot.lookup("#worldTitleField").queryAs(TextField.class);
        robot.interact(() -> {
            title.setText("Two schools");
            title.getOnAction().handle(null);
        });
        idle();
        assertThat(vm().worldProperty().get().title()).isEqualTo("Two schools");

        choose(robot, "mx1.example.net");
        press(robot, "#removeHostButton");
        idle();
        assertThat(robot.lookup("#editorNoticeLabel").queryAs(Label.class).getText())
                .startsWith("Also removed the records that pointed at mx1.example.net:").contains("MX", "10");
        assertThat(editor().draftProperty().get().records()).noneMatch(r -> r.target().equals("mx1.example.net"));
    }

    @Test
    void theWorldTabStaysInFrontInAnotherLanguage(FxRobot robot) throws Exception {
        robot.interact(() -> editor().setFault("mx1.example.net", HostFault.DOWN, ""));
        idle();
        robot.interact(() -> robot.lookup("#languageChoice").<ChoiceBox<java.util.Locale>>query()
                .setValue(java.util.Locale.GERMAN));
        WaitForAsyncUtils.waitForFxEvents();
        idle();
        assertThat(robot.lookup("#worldInUseLabel").queryAs(Label.class).getText())
                .as("said in the new language").isEqualTo("ge\u00e4ndert, nicht gespeichert");
        TabPane tabs = robot.lookup("#bottomTabs").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("worldTab");
        assertThat(robot.lookup("#hostTable").tryQuery()).isPresent();
    }

    @Test
    void aBadRetryValueStaysMarkedOnceEntered(FxRobot robot) throws Exception {
        TextField interval = robot.lookup("#retryIntervalField").queryAs(TextField.class);
        robot.interact(() -> {
            interval.setText("abc");
            interval.getOnAction().handle(null);
        });
        idle();
        assertThat(editor().validProperty().get()).isFalse();
        assertThat(editor().problemFieldProperty().get()).isEqualTo("retry");
        assertThat(interval.getPseudoClassStates()).extracting(Object::toString).contains("problem");
        press(robot, "#undoButton");
        idle();
        assertThat(interval.getPseudoClassStates()).extracting(Object::toString).doesNotContain("problem");
    }

    /** Found by a tester: after a bad retry value was entered, a click on the field did not reach it. */
    @Test
    void aBadRetryValueCanBeMendedWithTheMouse(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#worldSettingsPane").queryAs(javafx.scene.control.TitledPane.class)
                .setExpanded(true));
        WaitForAsyncUtils.waitForFxEvents();
        TextField interval = robot.lookup("#retryIntervalField").queryAs(TextField.class);
        TextField giveUp = robot.lookup("#retryGiveUpField").queryAs(TextField.class);
        robot.clickOn(interval).eraseText(interval.getText().length()).write("x");
        robot.clickOn(giveUp); // leaving the field makes the edit
        idle();
        assertThat(editor().validProperty().get()).isFalse();
        robot.clickOn(interval);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(interval.isFocused()).as("the click reaches the field").isTrue();
        robot.eraseText(1).write("7");
        robot.clickOn(giveUp);
        idle();
        assertThat(editor().validProperty().get()).isTrue();
        assertThat(vm().worldProperty().get().retry().intervalSeconds()).isEqualTo(7 * 60);
    }

    /** Presses a button that is shown and enabled (fired: some sit below the fold of a scroll pane here). */
    private static void press(FxRobot robot, String id) {
        Button b = robot.lookup(id).queryAs(Button.class);
        assertThat(b.isDisabled()).as(id + " enabled").isFalse();
        assertThat(b.isVisible() && b.getScene() != null).as(id + " shown").isTrue();
        robot.interact(b::fire);
    }
}
