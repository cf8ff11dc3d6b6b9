package org.mailtrail.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A choice box sized from its items' texts is as wide as its longest item needs, whichever item it shows. */
@ExtendWith(ApplicationExtension.class)
class MeasuredChoiceSkinTest {
    private static final String LONG = "a considerably longer choice than the others";
    private ChoiceBox<String> box;

    @Start
    void start(Stage stage) {
        box = new ChoiceBox<>();
        box.getItems().setAll("x", LONG, "yz");
        MeasuredChoiceSkin.install(box);
        box.setValue("x");
        stage.setScene(new Scene(new HBox(box), 800, 100));
        stage.show();
    }

    private Label label() {
        return (Label) box.getChildrenUnmodifiable().stream().filter(n -> n instanceof Label).findFirst().orElseThrow();
    }

    @Test
    void wideEnoughForTheLongestItemWhileShowingAShortOne(FxRobot robot) {
        robot.interact(() -> box.getParent().layout());
        Text t = new Text(LONG);
        t.setFont(label().getFont());
        assertThat(box.getSkin()).isInstanceOf(MeasuredChoiceSkin.class);
        assertThat(box.getWidth()).isGreaterThan(t.getLayoutBounds().getWidth() + 10);
        assertThat(box.getWidth()).isCloseTo(box.prefWidth(-1), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void theLongestItemShowsUncut(FxRobot robot) {
        robot.interact(() -> {
            box.setValue(LONG);
            box.getParent().layout();
        });
        double before = box.getWidth();
        robot.interact(() -> box.getParent().layout());
        Text shown = (Text) label().getChildrenUnmodifiable().stream().filter(n -> n instanceof Text).findFirst()
                .orElseThrow();
        assertThat(shown.getText()).isEqualTo(LONG); // not cut short with an ellipsis
        assertThat(box.getWidth()).isEqualTo(before);
    }

    @Test
    void itsMenuOpensAndChooses(FxRobot robot) {
        robot.clickOn(box);
        robot.clickOn("yz");
        assertThat(box.getValue()).isEqualTo("yz");
    }
}
