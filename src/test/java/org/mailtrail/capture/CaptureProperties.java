package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.mailtrail.engine.SimulationResult;

/**
 * Property-based tests (jqwik, issue 17) of the capture reader and the transcript parser: arbitrary bytes, real
 * captures damaged byte by byte or cut anywhere, and arbitrary transcript-like text are read or refused with a
 * {@link CaptureFormatException}; nothing else is thrown. 500 tries each in the default build, more under -Pfuzz.
 */
class CaptureProperties {
    private static final List<byte[]> REAL = List.of(Fixtures.bytes("smtp-plain.pcap"),
            Fixtures.bytes("smtp-pipelining-dns.pcapng"), Fixtures.bytes("smtp-starttls.pcapng"));
    private static final byte[][] MAGICS = {{(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1},
        {(byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4}, {(byte) 0x4D, (byte) 0x3C, (byte) 0xB2, (byte) 0xA1},
        {0x0A, 0x0D, 0x0D, 0x0A}};

    /** Reads bytes as a capture; a format exception is a refusal, any other exception fails the property. */
    private static void readOrRefuse(byte[] bytes) throws Exception {
        try {
            SimulationResult r = CaptureImport.read(new ByteArrayInputStream(bytes), "fuzz.pcap");
            assertThat(r.journeys()).hasSize(1);
        } catch (CaptureFormatException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.pcap");
        }
    }

    @Property
    void arbitraryBytesAfterACaptureMagic(@ForAll("magic") int magic, @ForAll @Size(max = 600) byte[] rest)
            throws Exception {
        byte[] b = new byte[4 + rest.length];
        System.arraycopy(MAGICS[magic], 0, b, 0, 4);
        System.arraycopy(rest, 0, b, 4, rest.length);
        readOrRefuse(b);
    }

    @Provide
    Arbitrary<Integer> magic() {
        return Arbitraries.integers().between(0, MAGICS.length - 1);
    }

    @Property
    void realCapturesDamagedOrCut(@ForAll("damaged") byte[] bytes) throws Exception {
        readOrRefuse(bytes);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, REAL.size() - 1);
        Arbitrary<List<int[]>> flips = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .tuple2().map(t -> new int[] {t.get1(), t.get2()}).list().ofMaxSize(12);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Boolean> doCut = Arbitraries.of(true, false);
        return Combinators.combine(which, flips, cut, doCut).as((w, fs, c, dc) -> {
            byte[] b = REAL.get(w).clone();
            for (int[] f : fs) {
                b[f[0] % b.length] = (byte) f[1];
            }
            return dc ? java.util.Arrays.copyOf(b, c % b.length) : b;
        });
    }

    @Property
    void transcriptLikeText(@ForAll("transcript") String text) throws Exception {
        try {
            SimulationResult r = TranscriptImport.read(new StringReader(text), "fuzz.txt");
            assertThat(r.journeys()).hasSize(1);
        } catch (CaptureFormatException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.txt");
        }
        SessionFiles.kind(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> transcript() {
        Arbitrary<String> prefix = Arbitraries.of("C: ", "S: ", " -> ", "<-  ", " ~> ", "<~  ", "<** ", ">>> ",
                "<<< ", "=== ", "*** ", "send: b'", "reply: b'", "0:00:01.000000  a > b", "");
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.of("EHLO x", "MAIL FROM:<a@b>", "RCPT TO:<c@d>",
                        "DATA", "354 go", "250 ok", "250-x", "220 hi", "334 VXNlcg==", "AUTH LOGIN", "STARTTLS",
                        "220 2.0.0 Ready", ".", "QUIT", "221 bye", "+OK", "* OK", "a1 LOGIN u p", "a1 OK", "{5}",
                        "\\r\\n", "\\x00", "BDAT 10 LAST", "a\\", "* 1 FETCH (BODY[] {3}"),
                Arbitraries.strings().ofMaxLength(40));
        return Combinators.combine(prefix, body).as(String::concat).list().ofMaxSize(40)
                .map(lines -> String.join("\n", lines));
    }
}
