package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.mailtrail.dns.WorldZonesPropertiesAccess;

/**
 * Property-based tests (jqwik) of {@link JsonSession#read}: a real session log from the simulator, damaged character by
 * character or value by value, is read or refused with a {@link SessionFormatException}; nothing else is thrown.
 */
class JsonSessionProperties {

    static final String FILE = "fuzz.json";
    private static final String JSON_CHARS = "{}[]\":,.-+eE0123456789 \n\\tnulfasr";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A real session log (direct delivery) and the JSON pointers of all its values. */
    private static final String VALID;
    private static final JsonNode TREE;
    private static final List<String> POINTERS = new ArrayList<>();

    static {
        try {
            VALID = JsonSession.render(JsonSessionTest.simulate("direct"));
            TREE = MAPPER.readTree(VALID);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        collect(TREE, "");
    }

    private static void collect(JsonNode n, String at) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                POINTERS.add(p);
                collect(e.getValue(), p);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                POINTERS.add(at + "/" + i);
                collect(n.get(i), at + "/" + i);
            }
        }
    }

    /** Replacement values: wrong types, edge numbers, line breaks, near-miss enumerations. */
    static Arbitrary<JsonNode> values() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.of(f.nullNode(), f.booleanNode(true), f.numberNode(0), f.numberNode(-1), f.numberNode(1),
                        f.numberNode(Long.MAX_VALUE), f.numberNode(Long.MIN_VALUE), f.numberNode(1.5),
                        f.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                        f.numberNode(new java.math.BigDecimal("1e400")), f.textNode(""), f.textNode("x\ny"),
                        f.textNode("x\r"), f.textNode("DELIVERED"), f.textNode("delivered"), f.textNode("relay"),
                        f.textNode("both"), f.textNode("2026-13-45T25:61:00Z"), f.textNode("+1000000000-01-01T00:00:00Z"),
                        f.textNode("65536"), f.textNode("99999"), f.textNode("-1"), f.textNode("600"), f.textNode("250"),
                        f.textNode("!!not base64"), f.textNode("YQ"), f.textNode("SMTP_COMMAND"), f.textNode("transfer"),
                        f.arrayNode(), f.objectNode()),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.strings().all().ofMaxLength(12).map(f::textNode));
    }

    /** One tree edit: 0 replaces the value at a pointer, 1 removes it, 2 duplicates it into its parent. */
    record TreeEdit(int pointer, int how, JsonNode value) {
        void applyTo(JsonNode root) {
            JsonPointer p = JsonPointer.compile(POINTERS.get(Math.floorMod(pointer, POINTERS.size())));
            JsonNode parent = root.at(p.head());
            String last = p.last().getMatchingProperty();
            if (parent instanceof ObjectNode o) {
                switch (how) {
                    case 0 -> o.set(last, value.deepCopy());
                    case 1 -> o.remove(last);
                    default -> o.set(last + "x", o.has(last) ? o.get(last).deepCopy() : null);
                }
            } else if (parent instanceof ArrayNode a) {
                int i = p.last().getMatchingIndex();
                if (i >= a.size()) {
                    return;
                }
                switch (how) {
                    case 0 -> a.set(i, value.deepCopy());
                    case 1 -> a.remove(i);
                    default -> a.add(a.get(i).deepCopy());
                }
            }
        }
    }

    @Provide
    Arbitrary<String> sessions() {
        Arbitrary<String> treeEdited = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.integers().between(0, 2), values()).as(TreeEdit::new)
                .list().ofMinSize(1).ofMaxSize(3)
                .map(edits -> {
                    JsonNode copy = TREE.deepCopy();
                    edits.forEach(e -> e.applyTo(copy));
                    return copy.toString();
                });
        return Arbitraries.frequencyOf(
                Tuple.of(5, treeEdited),
                Tuple.of(4, WorldZonesPropertiesAccess.mutated(VALID, JSON_CHARS)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(100)),
                Tuple.of(1, Arbitraries.strings().withChars(JSON_CHARS).ofMaxLength(100)));
    }

    /** Nesting deeper than the JSON reader allows is refused as damaged, not thrown as a constraint error. */
    @net.jqwik.api.Example
    void deepNestingIsRefusedAsDamaged() {
        for (String deep : List.of("[".repeat(5000), "{\"a\":".repeat(5000), VALID.replaceFirst("\\{", "{\"n\":" + "[".repeat(2000)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonSession.read(deep, FILE))
                    .isInstanceOf(SessionFormatException.class).hasMessageStartingWith(FILE + ": ");
        }
    }

    @Property
    void readingThrowsOnlySessionFormatExceptions(@ForAll("sessions") String text) {
        try {
            assertThat(JsonSession.read(text, FILE)).isNotNull();
        } catch (SessionFormatException e) {
            assertThat(e.getMessage()).startsWith(FILE + ": ").hasSizeGreaterThan(FILE.length() + 2);
            assertThat(e.where()).isNotNull();
        }
    }
}
