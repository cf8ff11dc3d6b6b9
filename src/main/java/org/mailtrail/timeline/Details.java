package org.mailtrail.timeline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The details of a {@link TimelineEvent}: an immutable map from key to text that keeps the order in which
 * the keys were added, like a {@link java.util.LinkedHashMap} that can no longer change.
 *
 * <p>An event has about ten details, so they are kept in two small arrays and looked up by a linear scan.
 * The transport builds them with a {@link Builder}; {@link TimelineEvent} then takes them as they are, where
 * any other map is copied.
 */
public final class Details extends AbstractMap<String, String> {
    /** {@code udp} or {@code tcp}. */
    public static final String PROTO = "proto";
    /** The connection an event belongs to ({@code c1}, …). */
    public static final String CONN = "conn";
    /** Source address and port, destination address and port of a packet. */
    public static final String SRC_ADDR = "srcAddr";
    public static final String SRC_PORT = "srcPort";
    public static final String DST_ADDR = "dstAddr";
    public static final String DST_PORT = "dstPort";
    /** On a TCP SYN: the service's port in the world (587) where the connection goes to another one (the lab's 2587). */
    public static final String SERVICE_PORT = "servicePort";
    /** The verb of an SMTP command ({@code MAIL}); absent for the data block. */
    public static final String VERB = "verb";
    /** The code of an SMTP reply ({@code 250}) and its enhanced status ({@code 2.1.0}). */
    public static final String CODE = "code";
    public static final String ENHANCED = "enhanced";
    /** Why a connection failed: {@code refused}, {@code timeout}, {@code unreachable}. */
    public static final String REASON = "reason";
    /** TLS: protocol, cipher suite, the certificate's subject, the trust verdict. */
    public static final String PROTOCOL = "protocol";
    public static final String CIPHER = "cipher";
    public static final String CERTIFICATE = "certificate";
    public static final String VERDICT = "verdict";
    /** DNS: the question's name and type, the answer's rcode, the message in base64. */
    public static final String QNAME = "qname";
    public static final String QTYPE = "qtype";
    public static final String RCODE = "rcode";
    public static final String WIRE = "wire";
    /** A queue id, a recipient, a mailbox and the host that keeps it, an enhanced status of a failure. */
    public static final String QUEUE_ID = "queueId";
    public static final String RECIPIENT = "recipient";
    public static final String MAILBOX = "mailbox";
    public static final String STORE = "store";
    public static final String STATUS = "status";

    private static final Details EMPTY = new Details(new String[0], new String[0], 0);

    private final String[] keys;
    private final String[] values;
    private final int size;

    private Details(String[] keys, String[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** No details. */
    public static Details of() {
        return EMPTY;
    }

    /** The details of {@code map} in its iteration order; {@code map} itself if it already is a {@code Details}. */
    public static Details copyOf(Map<String, String> map) {
        if (map instanceof Details d) {
            return d;
        }
        Builder b = new Builder(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            b.put(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder(8);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
        int i = indexOf(key);
        return i < 0 ? defaultValue : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }

    /**
     * Collects details in order. Putting a key again replaces its value in place, as in a
     * {@link java.util.LinkedHashMap}.
     */
    public static final class Builder {
        private String[] keys;
        private String[] values;
        private int size;

        private Builder(int capacity) {
            keys = new String[Math.max(4, capacity)];
            values = new String[keys.length];
        }

        /** Adds or replaces one detail. */
        public Builder put(String key, String value) {
            for (int i = 0; i < size; i++) {
                if (Objects.equals(keys[i], key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        /** Adds or replaces every detail of {@code map}, in its order. */
        public Builder putAll(Map<String, String> map) {
            if (size == 0 && map instanceof Details d) { // the common case: start from shared details
                keys = Arrays.copyOf(d.keys, Math.max(d.size + 4, keys.length));
                values = Arrays.copyOf(d.values, keys.length);
                size = d.size;
                return this;
            }
            for (Map.Entry<String, String> e : map.entrySet()) {
                put(e.getKey(), e.getValue());
            }
            return this;
        }

        /** The value put for {@code key} so far, or null. */
        public String get(String key) {
            for (int i = 0; i < size; i++) {
                if (Objects.equals(keys[i], key)) {
                    return values[i];
                }
            }
            return null;
        }

        /** The details put so far; the builder can go on collecting without changing them. */
        public Details build() {
            return size == 0 ? EMPTY : new Details(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), size);
        }
    }
}
