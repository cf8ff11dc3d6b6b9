package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.app.view.WorldEditorPane;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The World tab, driven headless (Monocle) by its ids: a fault, MX preferences, undo, Save as, Run. */
@ExtendWith(ApplicationExtension.class)
class WorldEditorTabTest {
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
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor().draftProperty().get() != null
                && !editor().checkingProperty().get());
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
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !editor().checkingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void clickCell(FxRobot robot, String table, String text) {
        TableView<?> t = robot.lookup(table).queryAs(TableView.class);
        int row = 0;
        for (int i = 0; i < t.getItems().size(); i++) {
            if (t.getItems().get(i).toString().contains("=" + text + ",")) {
                row = i;
            }
        }
        int shown = row;
        robot.interact(() -> t.scrollTo(shown));
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.from(t).lookup((TableCell<?, ?> c) -> text.equals(c.getText())).query();
        assertThat(cell).as(text + " in " + table).isNotNull();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(t.getSelectionModel().getSelectedIndex()).as("the click on " + text + " selected its row")
                .isEqualTo(shown);
    }

    @Test
    void everyIdIsThere(FxRobot robot) {
        for (String id : new String[] {"#worldEditor", "#hostTable", "#addHostButton", "#removeHostButton",
                "#dnsRecordTable", "#addRecordButton", "#faultChoice", "#saveWorldButton", "#undoButton",
                "#redoButton", "#mxOrderList", "#worldModifiedLabel"}) {
            Node n = robot.lookup(id).query();
            assertThat(n).as(id).isNotNull();
            assertThat(n.getAccessibleText() != null || n instanceof Label || n.getId().equals("worldModifiedLabel"))
                    .as(id).isTrue();
        }
        assertThat(robot.lookup("#undoButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#worldModifiedLabel").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aFieldIsCheckedAsItIsTypedAndLeavingItMakesTheEdit(FxRobot robot) throws Exception {
        clickCell(robot, "#hostTable", "mail.example.org");
        TextField smart = robot.lookup("#host-smartHost").queryAs(TextField.class);
        Label typing = robot.lookup("#host-smartHost-typing").queryAs(Label.class);
        assertThat(smart.getText()).isEqualTo("relay.example.org");
        robot.interact(() -> {
            stage.toFront();
            stage.requestFocus();
            smart.requestFocus();
            smart.selectAll();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, smart::isFocused);
        robot.write("nowhere.example.org");
        assertThat(smart.getText()).isEqualTo("nowhere.example.org");
        String said = "host mail.example.org: smartHost names 'nowhere.example.org', which is not a host of this world";
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> said.equals(typing.getText()));
        assertThat(typing.getText()).as("said while typing, with the loader's words")
                .isEqualTo("host mail.example.org: smartHost names 'nowhere.example.org', which is not a host of this world");
        assertThat(typing.isVisible()).isTrue();
        assertThat(smart.getPseudoClassStates()).extracting(Object::toString).contains("problem");
        assertThat(editor().canUndoProperty().get()).as("no edit yet").isFalse();
        robot.interact(() -> { // scrolled to the field, as one who types in it has
            for (Node n = smart; n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane sp) {
                    sp.setVvalue(sp.getVmax());
                    break;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        write(SwingFXUtils.fromFXImage(img[0], null), "world-editor-typing");

        robot.interact(() -> smart.setText("mx2.example.net"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> typing.getText().isEmpty());
        assertThat(typing.isVisible()).isFalse();
        assertThat(smart.getPseudoClassStates()).extracting(Object::toString).doesNotContain("problem");

        robot.interact(() -> robot.lookup("#hostTable").query().requestFocus()); // leaving the field makes the edit
        idle();
        assertThat(editor().canUndoProperty().get()).isTrue();
        assertThat(vm().worldProperty().get().host("mail.example.org").orElseThrow().smartHost())
                .isEqualTo("mx2.example.net");
    }

    @Test
    void theComposedMessageAndTheRetrievalBecomeTheWorldsDefaults(FxRobot robot) throws Exception {
        robot.interact(() -> vm().compose().subjectProperty().set("Field trip on Monday"));
        press(robot, "#useMessageAsDefaultButton");
        idle();
        assertThat(vm().worldProperty().get().defaults().subject()).isEqualTo("Field trip on Monday");
        ChoiceBox<String> retrieval = robot.lookup("#retrievalDefaultChoice").queryAs(ChoiceBox.class);
        assertThat(retrieval.getValue()).isEqualTo("imap");
        robot.interact(() -> retrieval.setValue("pop3"));
        idle();
        assertThat(vm().worldProperty().get().defaults().retrieval()).isEqualTo(org.mailtrail.world.Retrieval.POP3);
        assertThat(robot.lookup("#worldModifiedLabel").queryAs(Label.class).isVisible()).isTrue();
    }

    @Test
    void takeMx1DownRunAndTheBackupMxTakesTheMessage(FxRobot robot) throws Exception {
        clickCell(robot, "#hostTable", "mx1.example.net");
        ChoiceBox<HostFault> fault = robot.lookup("#faultChoice").queryAs(ChoiceBox.class);
        robot.interact(() -> fault.setValue(HostFault.DOWN));
        idle();
        assertThat(robot.lookup("#worldModifiedLabel").queryAs(Label.class).isVisible()).isTrue();
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().smtp().down()).isTrue();
        ListView<String> mx = robot.lookup("#mxOrderList").queryListView();
        assertThat(mx.getItems()).contains(
                "Mail for example.net goes to mx1.example.net (10, down), then mx2.example.net (20)");
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != null
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        var journey = vm().session().resultProperty().get().journeys().get(0);
        assertThat(journey.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(journey.timeline().events()).anyMatch(e -> e.kind() == EventKind.TCP_FAILED
                && "mx1.example.net".equals(e.source()));
        assertThat(journey.timeline().events()).anyMatch(e -> "mx2.example.net".equals(e.destination()));

        press(robot, "#undoButton");
        idle();
        assertThat(robot.lookup("#worldModifiedLabel").queryAs(Label.class).isVisible()).isFalse();
        assertThat(vm().worldProperty().get().host("mx1.example.net").orElseThrow().smtp().down()).isFalse();
    }

    @Test
    void changeMxPreferencesAndTheOrderChanges(FxRobot robot) throws Exception {
        robot.interact(() -> editor().domainProperty().set("example.net"));
        ListView<String> mx = robot.lookup("#mxOrderList").queryListView();
        assertThat(mx.getItems()).contains("Mail for example.net goes to mx1.example.net (10), then mx2.example.net (20)");
        clickCell(robot, "#dnsRecordTable", "10 mx1.example.net.");
        TextField pref = robot.lookup("#recordPreferenceField").queryAs(TextField.class);
        assertThat(pref.getText()).isEqualTo("10");
        robot.interact(() -> pref.setText("30"));
        press(robot, "#applyRecordButton");
        idle();
        assertThat(mx.getItems()).contains("Mail for example.net goes to mx2.example.net (20), then mx1.example.net (30)");

        // a record of our own, then a host of our own, each undone in turn
        robot.interact(() -> {
            robot.lookup("#recordTypeChoice").queryAs(ChoiceBox.class).setValue("MX");
            robot.lookup("#recordNameField").queryAs(TextField.class).setText("example.net");
            robot.lookup("#recordValueField").queryAs(TextField.class).setText("mx0.example.net");
            pref.setText("5");
        });
        press(robot, "#addRecordButton");
        idle();
        assertThat(mx.getItems()).anyMatch(l -> l.startsWith("Mail for example.net goes to mx2.example.net (20)"));
        robot.interact(() -> robot.lookup("#hostNameField").queryAs(TextField.class).setText("mx0.example.net"));
        press(robot, "#addHostButton");
        idle();
        assertThat(editor().inputErrorProperty().get()).isEmpty();
        assertThat(mx.getItems()).contains("Mail for example.net goes to mx0.example.net (5), then "
                + "mx2.example.net (20), then mx1.example.net (30)");
        TableView<WorldEditorViewModel.HostRow> hosts = robot.lookup("#hostTable").queryTableView();
        robot.interact(() -> hosts.getSelectionModel().select(hosts.getItems().stream()
                .filter(r -> r.name().equals("mx0.example.net")).findFirst().orElseThrow()));
        press(robot, "#removeHostButton");
        idle();
        assertThat(robot.lookup("#hostTable").queryTableView().getItems()).noneMatch(r -> r.toString().contains("mx0."));
        press(robot, "#undoButton");
        press(robot, "#undoButton");
        press(robot, "#undoButton");
        press(robot, "#undoButton");
        idle();
        assertThat(mx.getItems()).contains("Mail for example.net goes to mx1.example.net (10), then mx2.example.net (20)");
        assertThat(robot.lookup("#worldModifiedLabel").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void savedWorldReloadsIdenticalAndRunsTheSame(FxRobot robot, @TempDir Path dir) throws Exception {
        clickCell(robot, "#hostTable", "mx1.example.net");
        robot.interact(() -> robot.lookup("#faultChoice").queryAs(ChoiceBox.class).setValue(HostFault.GREYLIST));
        idle();
        Path file = dir.resolve("greylist-world.yaml");
        robot.interact(() -> robot.lookup("#worldEditor").queryAs(WorldEditorPane.class).setSaveTarget(() -> file));
        press(robot, "#saveWorldButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(file) && !editor().modifiedProperty().get());
        idle();
        assertThat(robot.lookup("#editorNoticeLabel").queryAs(Label.class).getText())
                .isEqualTo("Saved greylist-world.yaml and greylist-world.zone");
        WorldDraft again = WorldDraft.open(new WorldLoader(), new WorldSource.FileSource(file));
        assertThat(again).isEqualTo(editor().draftProperty().get());
        World edited = vm().worldProperty().get();
        World loaded = new WorldLoader().load(file.toString());
        assertThat(loaded.host("mx1.example.net").orElseThrow().smtp().greylist()).isTrue();
        var a = new SimulationEngine(edited).runDefaults().journeys().get(0);
        var b = new SimulationEngine(loaded).runDefaults().journeys().get(0);
        assertThat(b.timeline().events()).isEqualTo(a.timeline().events());
        assertThat(a.timeline().events()).anyMatch(e -> e.summary().contains("451") || e.summary().contains("450"));
    }

    /** The World tab in the main window, as a user sees it, with mx1 down, mx2 at preference 5 and mx1 selected. */
    @Test
    void screenshot(FxRobot robot) throws Exception {
        robot.interact(() -> {
            editor().setFault("mx1.example.net", HostFault.DOWN, "");
            editor().setMxPreference(indexOf("mx2.example.net"), 5);
        });
        idle();
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm().session().resultProperty().get() != null
                && !vm().busyProperty().get());
        robot.interact(() -> {
            editor().domainProperty().set("example.net");
            TableView<?> hosts = robot.lookup("#hostTable").queryAs(TableView.class);
            hosts.getSelectionModel().select(3);
        });
        idle();
        assertThat(robot.lookup("#mxOrderList").queryListView().getItems()).contains(
                "Mail for example.net goes to mx2.example.net (5), then mx1.example.net (10, down)");
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS); // the map's last frame
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        write(SwingFXUtils.fromFXImage(img[0], null), "world-editor");
    }

    private int indexOf(String mxTarget) {
        var rs = editor().draftProperty().get().records();
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).type().equals("MX") && rs.get(i).target().equals(mxTarget)) {
                return i;
            }
        }
        throw new AssertionError(mxTarget);
    }

    /** Presses a button that is shown and enabled (fired: some sit below the fold of a scroll pane here). */
    private static void press(FxRobot robot, String id) {
        Button b = robot.lookup(id).queryAs(Button.class);
        assertThat(b.isDisabled()).as(id + " enabled").isFalse();
        assertThat(b.isVisible() && b.getScene() != null).as(id + " shown").isTrue();
        robot.interact(b::fire);
    }

    private static void write(BufferedImage b, String name) throws Exception {
        for (String d : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!d.isEmpty()) {
                Files.createDirectories(Path.of(d));
                ImageIO.write(b, "png", Path.of(d, name + ".png").toFile());
            }
        }
    }
}
