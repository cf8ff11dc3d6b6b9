package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseSegments;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/** The parts of the journey as the view models give them to the steps list, transcript, ladder and explanation. */
class PhaseViewModelsTest {
    private MainViewModel vm;
    private SessionViewModel s;

    @BeforeEach
    void load() {
        vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set("relay");
        s = vm.session();
    }

    private static List<Phase> phases(List<PhaseSegment> segments) {
        List<Phase> out = new ArrayList<>();
        for (PhaseSegment seg : segments) {
            out.add(seg.phase());
        }
        return out;
    }

    @Test
    void theSegmentsOfTheShownJourneyFollowTheJourney() {
        assertThat(s.segments()).isEmpty();
        vm.routeProperty().set(Route.BOTH);
        List<List<PhaseSegment>> seen = new ArrayList<>();
        s.segmentsProperty().addListener((o, a, now) -> seen.add(now));
        assertThat(vm.run()).isTrue();
        List<PhaseSegment> direct = s.segments();
        assertThat(direct).isEqualTo(PhaseSegments.of(s.events()));
        assertThat(phases(direct)).containsExactly(Phase.SUBMISSION, Phase.TRANSFER, Phase.DELIVERY, Phase.RETRIEVAL);
        assertThat(direct.get(direct.size() - 1).last()).isEqualTo(s.events().size() - 1);

        s.showJourney(1);
        assertThat(s.journeyProperty().get().route()).isEqualTo(Route.RELAY);
        assertThat(phases(s.segments())).containsExactly(Phase.SUBMISSION, Phase.RELAY, Phase.TRANSFER, Phase.DELIVERY,
                Phase.RETRIEVAL);
        assertThat(s.segments()).isEqualTo(PhaseSegments.of(s.events()));
        assertThat(seen).hasSize(2);

        vm.show(null);
        assertThat(s.segments()).isEmpty();
    }

    @Test
    void theSegmentsAreThereBeforeAnyViewHearsOfTheNewJourney() {
        List<Integer> seenByAView = new ArrayList<>();
        s.journeyProperty().addListener((o, a, j) -> seenByAView.add(s.segments().size()));
        s.stepProperty().addListener((o, a, step) -> seenByAView.add(s.segments().size()));
        vm.run();
        assertThat(seenByAView).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo(s.segments().size()));
        assertThat(s.segments()).isNotEmpty();
    }

    @Test
    void aStepKnowsItsSegmentAndTheFirstStepOfEachSegmentStartsIt() {
        vm.run();
        for (PhaseSegment seg : s.segments()) {
            assertThat(s.segmentStartingAt(seg.first())).isEqualTo(seg);
            assertThat(s.segmentAt(seg.last())).isEqualTo(seg);
            if (seg.last() > seg.first()) {
                assertThat(s.segmentStartingAt(seg.first() + 1)).isNull();
            }
        }
        assertThat(s.segmentAt(-1)).isNull();
        assertThat(s.segmentStartingAt(s.events().size())).isNull();
    }

    @Test
    void theTranscriptHasAHeaderLineAtTheStartOfEachSegment() {
        vm.run();
        PhaseText words = new PhaseText(Locale.ENGLISH);
        List<TranscriptLines.Line> lines = TranscriptLines.of(s.events(), s.segments(), words);
        List<TranscriptLines.Line> headers = lines.stream().filter(TranscriptLines.Line::header).toList();
        assertThat(headers).hasSize(s.segments().size());
        for (int i = 0; i < headers.size(); i++) {
            PhaseSegment seg = s.segments().get(i);
            assertThat(headers.get(i).text()).endsWith(words.header(seg));
            assertThat(headers.get(i).event()).isEqualTo(seg.first());
            assertThat(headers.get(i).style()).isEqualTo("phase-" + seg.phase().id());
            // the header comes right before the first line of its segment's first step
            int at = lines.indexOf(headers.get(i));
            assertThat(lines.get(at + 1).event()).isEqualTo(seg.first());
            assertThat(lines.get(at + 1).header()).isFalse();
            // going to that step selects the step's line, not the header
            assertThat(TranscriptLines.firstLineOf(lines, seg.first())).isEqualTo(at + 1);
        }
        assertThat(headers.get(1).text()).contains("Relay").contains("port 25")
                .contains("mail.example.org \u2192 relay.example.org");
        // without headers the lines are those of before
        assertThat(lines.stream().filter(l -> !l.header()).toList()).isEqualTo(TranscriptLines.of(s.events()));
    }

    @Test
    void theExplanationSaysWhereTheStepSitsInTheWhole() {
        vm.run();
        ResourceBundle ui = ResourceBundle.getBundle("org.mailtrail.app.messages", Locale.ENGLISH);
        PhaseText words = new PhaseText(Locale.ENGLISH);
        PhaseSegment relay = s.segments().get(1);
        TimelineEvent e = s.events().get(relay.first() + 1);
        String text = ExplanationText.of(e, new Explanations(Locale.ENGLISH), ui, s.segmentAt(e.index()), words);
        assertThat(text).startsWith(ExplanationText.of(e, new Explanations(Locale.ENGLISH), ui))
                .contains("Part of the journey: " + words.header(relay))
                .endsWith(words.about(Phase.RELAY) + "\n");

        ResourceBundle de = ResourceBundle.getBundle("org.mailtrail.app.messages", Locale.GERMAN);
        String german = ExplanationText.of(e, new Explanations(Locale.GERMAN), de, relay, new PhaseText(Locale.GERMAN));
        assertThat(german).contains("Teil der Reise: Weiterleitung").contains(new PhaseText(Locale.GERMAN)
                .about(Phase.RELAY));
    }

    /**
     * Found by a tester: the explanation of the backup-mx MX lookup and of mx1's refusals named mx2, the backup, as
     * the server of the part; inside a lesson the same part was headed "→ mx1". Both now say what the step knows.
     */
    @Test
    void theExplanationOfAStepNamesNoLaterServerWithOrWithoutALesson() {
        vm.scenarioProperty().set("backup-mx");
        vm.routeProperty().set(Route.DIRECT);
        assertThat(vm.run()).isTrue();
        ResourceBundle ui = ResourceBundle.getBundle("org.mailtrail.app.messages", Locale.ENGLISH);
        PhaseText words = new PhaseText(Locale.ENGLISH);
        Explanations ex = new Explanations(Locale.ENGLISH);
        TimelineEvent refused = s.events().stream()
                .filter(e -> e.kind() == org.mailtrail.timeline.EventKind.TCP_FAILED).findFirst().orElseThrow();
        String normal = ExplanationText.of(refused, ex, ui, s.segmentUpTo(refused.index()), words);
        assertThat(normal).contains("Part of the journey: Transfer · SMTP · port 25 · mail.example.org"
                + " → mx1.example.net\n").doesNotContain("mx2");
        s.horizonProperty().set(refused.index()); // as a lesson stopped at this step
        assertThat(ExplanationText.of(refused, ex, ui, s.segmentUpTo(refused.index()), words)).isEqualTo(normal);
        assertThat(words.header(s.segmentAt(refused.index()))).isEqualTo(words.header(s.segmentUpTo(refused.index())));
        s.horizonProperty().set(Integer.MAX_VALUE);
        assertThat(words.header(s.segmentAt(refused.index()))).as("the whole part, as the steps list heads it")
                .endsWith("mail.example.org → mx1.example.net, mx2.example.net");
    }
    /** Found by a tester: in "Before MX" the second relay leg was headed "Relay 2 of 2", telling the class it was the last. */
    @Test
    void aLessonsHorizonHidesHowManyPartsThereAre() {
        vm.scenarioProperty().set("historic-relay");
        vm.routeProperty().set(Route.RELAY);
        assertThat(vm.run()).isTrue();
        PhaseText words = new PhaseText(Locale.ENGLISH);
        java.util.List<org.mailtrail.timeline.PhaseSegment> relays = s.segments().stream()
                .filter(p -> p.phase() == org.mailtrail.timeline.Phase.RELAY).toList();
        assertThat(relays).hasSizeGreaterThan(2);
        int second = relays.get(1).first();
        assertThat(words.header(s.segmentAt(second))).startsWith("Relay 2 of " + relays.size() + " ·");
        s.horizonProperty().set(second - 1); // as a lesson stopped in the first relay leg
        assertThat(words.header(s.segmentAt(relays.get(0).first()))).startsWith("Relay ·");
        s.horizonProperty().set(second + 1); // as a lesson stopped in the second relay leg
        assertThat(words.header(s.segmentAt(second))).startsWith("Relay 2 ·");
        assertThat(words.header(s.segmentAt(relays.get(0).first()))).as("numbered once a second is in view")
                .startsWith("Relay 1 ·");
        assertThat(words.header(s.segmentUpTo(second))).as("the explanation's part").startsWith("Relay 2 ·");
        s.horizonProperty().set(Integer.MAX_VALUE);
        assertThat(words.header(s.segmentAt(second))).startsWith("Relay 2 of " + relays.size() + " ·");
    }
}
