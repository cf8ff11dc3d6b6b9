package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailtrail.app.model.LadderRows;
import org.mailtrail.app.view.AlignedLadders;
import org.mailtrail.app.view.SequenceDiagramView;
import org.mailtrail.app.view.ViewScope;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Phase;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Two ladders, direct and relayed, aligned part by part. */
@ExtendWith(ApplicationExtension.class)
class AlignedLaddersTest {
    private AlignedLadders ladders;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ladders = new AlignedLadders(new SimpleDoubleProperty(1), new SimpleBooleanProperty(false), Locale.ENGLISH,
                new ViewScope());
        stage.setScene(new Scene(ladders, 1200, 700));
        stage.show();
    }

    private static int headerRow(LadderRows rows, Phase p) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).kind() == LadderRows.Kind.HEADER && rows.get(i).segment().phase() == p) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void eachPartStartsAtTheSameHeightInBothLadders(FxRobot robot) throws Exception {
        World w = new WorldLoader().load("relay");
        World.Defaults d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                Route.BOTH, d.retrieval(), w.seed());
        robot.interact(() -> ladders.show(r));
        WaitForAsyncUtils.waitForFxEvents();
        SequenceDiagramView direct = robot.lookup("#compareLadderDirect").queryAs(SequenceDiagramView.class);
        SequenceDiagramView relay = robot.lookup("#compareLadderRelay").queryAs(SequenceDiagramView.class);
        LadderRows a = direct.rows();
        LadderRows b = relay.rows();
        assertThat(a.size()).isEqualTo(b.size());
        assertThat(headerRow(a, Phase.RELAY)).isEqualTo(-1);
        assertThat(headerRow(b, Phase.RELAY)).isPositive();
        for (Phase p : new Phase[] {Phase.SUBMISSION, Phase.TRANSFER, Phase.DELIVERY, Phase.RETRIEVAL}) {
            assertThat(headerRow(a, p)).as(p.name()).isNotNegative().isEqualTo(headerRow(b, p));
            if (p == Phase.SUBMISSION) {
                assertThat(headerRow(a, p)).isZero();
            }
        }
        // where the direct journey has no relay leg, its ladder is empty
        assertThat(a.get(headerRow(b, Phase.RELAY)).kind()).isEqualTo(LadderRows.Kind.PAD);
        assertThat(direct.headerTexts()).hasSize(4);
        assertThat(relay.headerTexts()).hasSize(5);
        // they scroll together
        int transfer = headerRow(b, Phase.TRANSFER);
        robot.interact(() -> relay.scrollToRow(transfer));
        assertThat(direct.firstRowProperty().get()).isEqualTo(transfer);
        assertThat(direct.rowIndexCenterY(transfer)).isEqualTo(relay.rowIndexCenterY(transfer));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of("/tmp/views-aligned.png").toFile());
    }
}
