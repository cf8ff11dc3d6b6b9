package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * Every built-in scenario, run with its own defaults, gives exactly the committed transcript
 * (src/test/resources/golden/NAME.txt), byte for byte. After a deliberate change, regenerate with
 * {@code mvn test -Dtest=ScenarioGoldenTest -Dmailtrail.updateGolden=true} and read the diff.
 */
class ScenarioGoldenTest {

    static java.util.List<String> scenarios() {
        return WorldLoader.BUILT_IN;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void transcriptMatchesGolden(String name) throws Exception {
        World world = new WorldLoader().load(name);
        World.Defaults d = world.defaults();
        Compose c = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        String actual = TextTranscript.render(new SimulationEngine(world).run(c, Route.BOTH, d.retrieval(), world.seed()));
        Path golden = Path.of("src/test/resources/golden", name + ".txt");
        if (Boolean.getBoolean("mailtrail.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
