package org.mailtrail.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Skin;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.LabelSkin;
import javafx.scene.control.skin.ListViewSkin;
import javafx.scene.control.skin.ScrollBarSkin;
import javafx.scene.control.skin.ScrollPaneSkin;
import javafx.scene.control.skin.TextAreaSkin;
import javafx.scene.control.skin.TextFieldSkin;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Controls of a window not yet in its scene get the skins JavaFX would give them, down into the skins' own controls;
 * a control that makes a skin of its own is left alone; and the window then shows as usual.
 */
@ExtendWith(ApplicationExtension.class)
class EarlySkinsTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** A control of the app's that makes its own skin (EarlySkins must not give it a default one). */
    static final class OwnSkin extends Label {
        @Override
        protected Skin<?> createDefaultSkin() {
            return new LabelSkin(this);
        }
    }

    /** A subclass that keeps its parent's skin, as the window's lists do. */
    static final class Lines extends ListView<String> {
    }

    @Test
    void defaultSkinsBeforeTheSceneAndTheWindowShowsAsUsual(FxRobot robot) {
        Label label = new Label("a");
        TextField field = new TextField("b");
        TextArea area = new TextArea("c");
        Lines lines = new Lines(); // empty, as the window's lists are at start
        Lines held = new Lines();
        held.getItems().setAll("one", "two");
        ScrollPane scroll = new ScrollPane(new Label("inside"));
        OwnSkin own = new OwnSkin();
        VBox root = new VBox(label, field, area, lines, held, scroll, own);
        robot.interact(() -> EarlySkins.install(root));
        assertThat(label.getSkin()).isInstanceOf(LabelSkin.class);
        assertThat(field.getSkin()).isInstanceOf(TextFieldSkin.class);
        assertThat(area.getSkin()).isInstanceOf(TextAreaSkin.class);
        assertThat(lines.getSkin()).isInstanceOf(ListViewSkin.class);
        assertThat(held.getSkin()).as("a list holding items: left to JavaFX").isNull();
        assertThat(scroll.getSkin()).isInstanceOf(ScrollPaneSkin.class);
        assertThat(((Label) scroll.getContent()).getSkin()).as("the content of a skinned control").isNotNull();
        assertThat(own.getSkin()).as("makes its own skin: left to JavaFX").isNull();
        // the controls the skins made have theirs too (the scroll pane's and the text area's scroll bars)
        assertThat(controls(scroll)).filteredOn(c -> c instanceof ScrollBar).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getSkin()).isInstanceOf(ScrollBarSkin.class));

        Skin<?> before = field.getSkin();
        robot.interact(() -> {
            stage.setScene(new Scene(root, 400, 500));
            stage.show();
        });
        robot.interact(() -> root.layout());
        assertThat(field.getSkin()).as("the CSS pass keeps the skin").isSameAs(before);
        assertThat(own.getSkin()).as("JavaFX gave its own in the CSS pass").isInstanceOf(LabelSkin.class);
        assertThat(field.getHeight()).isGreaterThan(10);
        assertThat(held.getSkin()).isInstanceOf(ListViewSkin.class);
        assertThat(held.lookupAll(".list-cell")).isNotEmpty();
    }

    /**
     * A list that already holds its items when the window is made (the window made again in another language) stays
     * where it is put. With a skin given before the scene, its flow measured its rows before they had skins or
     * styles (0 px high each) and kept those sizes in its estimate of the list's length; the first layout then put
     * an unscrolled list of 80 rows at row 58 (a tester: the Steps list showed rows below the step shown).
     */
    @Test
    void aListHoldingItemsIsNotScrolledByItsFirstLayout(FxRobot robot) {
        ListView<String> list = new ListView<>();
        for (int i = 0; i < 80; i++) {
            list.getItems().add("row " + (i + 1));
        }
        VBox root = new VBox(list);
        robot.interact(() -> EarlySkins.install(root));
        robot.interact(() -> {
            stage.setScene(new Scene(root, 300, 200));
            stage.show();
        });
        robot.interact(() -> root.layout());
        javafx.scene.control.skin.VirtualFlow<?> flow =
                (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        assertThat(flow.getFirstVisibleCell()).isNotNull();
        assertThat(flow.getFirstVisibleCell().getIndex()).as("first row shown").isZero();
        assertThat(flow.getPosition()).isZero();
    }

    private static java.util.List<Control> controls(Node n) {
        java.util.List<Control> all = new java.util.ArrayList<>();
        if (n instanceof Control c) {
            all.add(c);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(k -> all.addAll(controls(k)));
        }
        return all;
    }
}
