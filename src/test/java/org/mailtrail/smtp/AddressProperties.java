package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property-based tests (jqwik) of {@link Addresses}: valid mailboxes parse, anything else is an AddressException. */
class AddressProperties {

    private static final String ATEXT = "abcxyzABCXYZ0189!#$%&'*+-/=?^_`{|}~";

    static Arbitrary<String> dotAtomLocalPart() {
        return Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(4)
                .map(atoms -> String.join(".", atoms))
                .filter(s -> s.length() <= Addresses.MAX_LOCAL_PART);
    }

    static Arbitrary<String> quotedLocalPart() {
        Arbitrary<String> qtext = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(1)
                .map(c -> c.equals("\"") || c.equals("\\") ? "\\" + c : c);
        return qtext.list().ofMaxSize(20).map(parts -> "\"" + String.join("", parts) + "\"")
                .filter(s -> s.length() <= Addresses.MAX_LOCAL_PART);
    }

    static Arbitrary<String> label() {
        Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('-').ofMaxLength(20);
        Arbitrary<Character> letDig = Arbitraries.chars().range('a', 'z').range('0', '9').range('A', 'Z');
        return Arbitraries.oneOf(letDig.map(String::valueOf),
                Combinators.combine(letDig, inner, letDig).as((a, m, b) -> a + m + b));
    }

    static Arbitrary<String> domains() {
        Arbitrary<String> names = label().list().ofMinSize(1).ofMaxSize(5).map(ls -> String.join(".", ls));
        Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(ns -> "[" + ns.get(0) + "." + ns.get(1) + "." + ns.get(2) + "." + ns.get(3) + "]");
        Arbitrary<String> v6 = Arbitraries.strings().withChars("0123456789abcdefABCDEF:").ofMinLength(1).ofMaxLength(20)
                .map(s -> "[IPv6:" + s + ":1]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, names), net.jqwik.api.Tuple.of(1, v4), net.jqwik.api.Tuple.of(1, v6));
    }

    static Arbitrary<String> mailboxes() {
        return Combinators.combine(Arbitraries.oneOf(dotAtomLocalPart(), dotAtomLocalPart(), quotedLocalPart()), domains())
                .as((l, d) -> l + "@" + d)
                .filter(m -> m.length() + 2 <= Addresses.MAX_PATH);
    }

    @Provide
    Arbitrary<String> validMailboxes() {
        return mailboxes();
    }

    @Property
    void generatedValidMailboxesParse(@ForAll("validMailboxes") String address) {
        Mailbox m = Addresses.parseMailbox(address);
        assertThat(m.toString()).isEqualTo(address);
        assertThat(address).startsWith(m.localPart()).endsWith(m.domain());
        assertThat(Addresses.isValidMailbox(address)).isTrue();
        assertThat(Addresses.isValidDomain(m.domain())).isTrue();
        assertThat(Addresses.parseForwardPath("<" + address + ">")).isEqualTo(address);
        assertThat(Addresses.parseReversePath("<" + address + ">")).isEqualTo(address);
        String routed = "<@relay.example,@x.example:" + address + ">";
        if (routed.length() <= Addresses.MAX_PATH) {
            assertThat(Addresses.parseForwardPath(routed)).isEqualTo(address);
        }
    }

    @Provide
    Arbitrary<String> anyAddressText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("ab.@<>\"\\[]:-,IPv6 019\r\n\u00e4").ofMaxLength(40),
                Arbitraries.strings().withChars("ab.@-").ofMinLength(60).ofMaxLength(300),
                // a valid address with one character changed, inserted or removed
                Combinators.combine(mailboxes(), Arbitraries.integers().between(0, 300),
                        Arbitraries.chars().with("@.<>\"\\[]:- \u00e4\r\u0000x"), Arbitraries.integers().between(0, 2))
                        .as(AddressProperties::mutate));
    }

    static String mutate(String s, int at, char c, int how) {
        int i = s.isEmpty() ? 0 : at % (s.length() + (how == 1 ? 1 : 0));
        return switch (how) {
            case 0 -> s.isEmpty() ? "" : s.substring(0, i) + c + s.substring(i + 1);
            case 1 -> s.substring(0, i) + c + s.substring(i);
            default -> s.isEmpty() ? "" : s.substring(0, i) + s.substring(i + 1);
        };
    }

    @Property
    void arbitraryTextParsesOrIsAnAddressException(@ForAll("anyAddressText") String s) {
        try {
            Mailbox m = Addresses.parseMailbox(s);
            assertThat(m.toString()).isEqualTo(s);
            assertThat(Addresses.isValidMailbox(s)).isTrue();
        } catch (AddressException e) {
            checkException(e, s);
            assertThat(Addresses.isValidMailbox(s)).isFalse();
        }
        for (String path : new String[] {s, "<" + s + ">"}) {
            try {
                assertThat(Addresses.parseForwardPath(path)).isNotEmpty();
            } catch (AddressException e) {
                checkException(e, path);
            }
            try {
                assertThat(Addresses.parseReversePath(path)).isNotNull();
            } catch (AddressException e) {
                checkException(e, path);
            }
        }
        Addresses.isValidDomain(s);
    }

    private static void checkException(AddressException e, String input) {
        assertThat(e.input()).isEqualTo(input);
        assertThat(e.reason()).isNotBlank();
        assertThat(e.position()).isBetween(-1, input == null ? 0 : input.length());
    }
}
