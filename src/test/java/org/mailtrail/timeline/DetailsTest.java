package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetailsTest {

    @Test
    void keepsInsertionOrderAndBehavesLikeAFrozenLinkedHashMap() {
        Map<String, String> expected = new LinkedHashMap<>();
        Details.Builder b = Details.builder();
        for (int i = 0; i < 20; i++) {
            expected.put("k" + (19 - i), "v" + i);
            b.put("k" + (19 - i), "v" + i);
        }
        expected.put("k5", "again");
        b.put("k5", "again");
        Details d = b.build();
        assertThat(d).isEqualTo(expected);
        assertThat(d.hashCode()).isEqualTo(expected.hashCode());
        assertThat(d.toString()).isEqualTo(expected.toString());
        assertThat(List.copyOf(d.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(d.get("k5")).isEqualTo("again");
        assertThat(d.get("nope")).isNull();
        assertThat(d.getOrDefault("nope", "")).isEmpty();
        assertThatThrownBy(() -> d.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.entrySet().iterator().next().setValue("y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderChangesDoNotReachBuiltDetails() {
        Details.Builder b = Details.builder().put("a", "1");
        Details first = b.build();
        b.put("a", "2").put("b", "3");
        assertThat(first).isEqualTo(Map.of("a", "1"));
        assertThat(Details.builder().putAll(first).put("c", "4").build()).containsExactly(
                Map.entry("a", "1"), Map.entry("c", "4"));
    }

    @Test
    void eventsCopyOtherMapsButKeepDetails() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("z", "1");
        m.put("a", "2");
        TimelineEvent e = new TimelineEvent(0, 0, 0, EventKind.DELIVERED, "h", "h", "s", List.of(), "k", null, m);
        m.put("later", "3");
        assertThat(e.details()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
        Details d = Details.copyOf(m);
        assertThat(new TimelineEvent(0, 0, 0, EventKind.DELIVERED, "h", "h", "s", List.of(), "k", null, d).details())
                .isSameAs(d);
    }
}
