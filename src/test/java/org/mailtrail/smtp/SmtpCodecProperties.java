package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based tests (jqwik) of the sans-IO SMTP codecs: dot-stuffing and the DATA decoder, the reply decoder,
 * command parsing and EHLO parsing. The number of tries comes from {@code jqwik.tries.default}
 * (junit-platform.properties; the {@code fuzz} profile raises it to 1,000,000), see docs/quality.md.
 */
class SmtpCodecProperties {

    // ------------------------------------------------------------------ generators

    /**
     * Byte strings built from a seed (fast enough for a million tries): biased towards the bytes that matter to the
     * codec ({@code special}), or uniform, or long (over 1000 octets: line limits). Shrinks by length.
     */
    static Arbitrary<byte[]> biasedBytes(String special, int maxLength, int longLength) {
        byte[] specials = special.getBytes(StandardCharsets.ISO_8859_1);
        return Combinators.combine(Arbitraries.integers().between(0, maxLength), Arbitraries.integers().between(0, 5),
                Arbitraries.longs().withoutEdgeCases()).as((length, mode, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int n = mode == 5 ? longLength + r.nextInt(longLength) : length;
                    byte[] out = new byte[n];
                    for (int i = 0; i < n; i++) {
                        int pick = mode == 4 ? 9 : r.nextInt(10);
                        out[i] = pick < 4 ? specials[r.nextInt(specials.length)]
                                : pick < 8 ? (byte) ('a' + r.nextInt(5)) : (byte) r.nextInt(256);
                    }
                    return out;
                });
    }

    @Provide
    Arbitrary<byte[]> content() {
        return biasedBytes("\r\n.", 300, 1000);
    }

    /** Chunk sizes for feeding a decoder: cycled through until all bytes are fed. */
    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 8).list().ofMinSize(1).ofMaxSize(20),
                Arbitraries.integers().between(1, 600).list().ofMinSize(1).ofMaxSize(5));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * What the content looks like after a trip through DATA: every line (split at CRLF, bare CR or bare LF, a last
     * line without line end included) followed by CRLF.
     */
    static byte[] normalised(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = 0;
        int i = 0;
        while (i < content.length) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                out.write(content, start, i - start);
                out.write('\r');
                out.write('\n');
                i += (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < content.length) {
            out.write(content, start, content.length - start);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Feeds {@code data} in the given chunk sizes (cycled); returns the bytes consumed. */
    private static int feedInChunks(DataDecoder d, byte[] data, List<Integer> chunks) {
        int off = 0;
        int consumed = 0;
        int k = 0;
        while (off < data.length && !d.isComplete()) {
            int n = Math.min(chunks.get(k++ % chunks.size()), data.length - off);
            int c = d.feed(data, off, n);
            assertThat(c).isBetween(0, n);
            consumed += c;
            off += n;
        }
        return consumed;
    }

    private static void feedInChunks(ReplyDecoder d, byte[] data, List<Integer> chunks) {
        int off = 0;
        int k = 0;
        while (off < data.length) {
            int n = Math.min(chunks.get(k++ % chunks.size()), data.length - off);
            d.feed(data, off, n);
            off += n;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ dot-stuffing and DATA

    @Property
    void dotStuffingRoundTripsEveryByteString(@ForAll("content") byte[] content, @ForAll("chunks") List<Integer> chunks) {
        byte[] wire = DotStuffing.encode(content);
        DataDecoder d = new DataDecoder(0);
        int consumed = feedInChunks(d, wire, chunks);
        assertThat(d.isComplete()).isTrue();
        assertThat(consumed).isEqualTo(wire.length);
        assertThat(d.content()).isEqualTo(normalised(content));
        assertThat(d.size()).isEqualTo(normalised(content).length);
        assertThat(d.sizeExceeded()).isFalse();
    }

    @Property
    void contentWithCrlfLineEndsComesBackUnchanged(
            @ForAll("content") byte[] raw, @ForAll("chunks") List<Integer> chunks) {
        byte[] content = normalised(raw); // every line ends with CRLF: the identity case
        DataDecoder d = new DataDecoder(0);
        feedInChunks(d, DotStuffing.encode(content), chunks);
        assertThat(d.content()).isEqualTo(content);
        assertThat(DotStuffing.encode(d.content())).isEqualTo(DotStuffing.encode(content));
    }

    @Property
    void stuffedDataHoldsNoEndOfDataBeforeItsEnd(@ForAll("content") byte[] content) {
        byte[] wire = DotStuffing.encode(content);
        byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] crlfDotCrlf = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        if (wire.length == 3) {
            assertThat(wire).isEqualTo(end); // empty content: the terminator alone
            assertThat(content).isEmpty();
            return;
        }
        assertThat(indexOf(wire, crlfDotCrlf, 0)).isEqualTo(wire.length - 5);
        // the DATA command's CRLF precedes the data: a leading ".CRLF" would end it as well
        assertThat(indexOf(wire, end, 0)).isNotZero();
        // no bare CR or LF is sent
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '\r') {
                assertThat(wire[i + 1]).isEqualTo((byte) '\n');
            }
            if (wire[i] == '\n') {
                assertThat(wire[i - 1]).isEqualTo((byte) '\r');
            }
        }
        List<String> lines = DotStuffing.wireLines(content);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(".");
        assertThat(lines.subList(0, lines.size() - 1)).doesNotContain(".");
    }

    @Property
    void dataDecoderStopsAtTheTerminatorAndLeavesPipelinedBytes(
            @ForAll("content") byte[] content, @ForAll("content") byte[] after, @ForAll("chunks") List<Integer> chunks) {
        byte[] wire = DotStuffing.encode(content);
        DataDecoder d = new DataDecoder(0);
        int consumed = feedInChunks(d, concat(wire, after), chunks);
        assertThat(d.isComplete()).isTrue();
        assertThat(consumed).isEqualTo(wire.length);
        assertThat(d.content()).isEqualTo(normalised(content));
    }

    @Property
    void dataDecoderNeverThrowsAndHonoursItsSizeLimit(@ForAll("content") byte[] data,
            @ForAll("chunks") List<Integer> chunks, @ForAll("maxSizes") long maxSize) {
        DataDecoder d = new DataDecoder(maxSize);
        int consumed = feedInChunks(d, data, chunks);
        assertThat(consumed).isBetween(0, data.length);
        if (maxSize > 0) {
            assertThat(d.content().length).isLessThanOrEqualTo((int) maxSize);
            assertThat(d.sizeExceeded()).isEqualTo(d.size() > maxSize);
        }
        if (!d.isComplete()) {
            assertThat(consumed).isEqualTo(data.length);
        }
    }

    @Provide
    Arbitrary<Long> maxSizes() {
        return Arbitraries.longs().between(-1, 400);
    }

    // ------------------------------------------------------------------ reply decoder

    @Provide
    Arbitrary<byte[]> replyBytes() {
        // reply-like lines: a code, a separator and text with stray CR, LF, digits
        Arbitrary<String> line = Combinators.combine(Arbitraries.integers().between(190, 610),
                Arbitraries.of(" ", "-", "", "x", "\r"),
                Arbitraries.strings().withChars("ab \r-0259\u00e4").ofMaxLength(12),
                Arbitraries.of("\r\n", "\n", "\r\r\n", ""))
                .as((code, sep, text, end) -> code + sep + text + end);
        return Arbitraries.oneOf(biasedBytes("\r\n\r\n -0123456789012345", 200, 500),
                line.list().ofMaxSize(6).map(ls -> String.join("", ls).getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void replyDecoderNeverThrowsOnArbitraryBytes(@ForAll("replyBytes") byte[] data, @ForAll("chunks") List<Integer> chunks,
            @ForAll("lineLimits") int limit) {
        ReplyDecoder d = new ReplyDecoder(limit);
        feedInChunks(d, data, chunks);
        for (DecodeResult r = d.next(); !(r instanceof DecodeResult.NeedMoreData); r = d.next()) {
            if (r instanceof DecodeResult.Complete c) {
                assertThat(c.reply().code()).isBetween(200, 599);
                assertThat(c.rawLines()).hasSameSizeAs(c.reply().lines());
                for (String raw : c.rawLines()) {
                    // chars, not re-encoded bytes: a malformed byte became U+FFFD, three octets in UTF-8
                    assertThat(raw.length() + 2).isLessThanOrEqualTo(limit);
                }
            } else {
                DecodeResult.Error e = (DecodeResult.Error) r;
                assertThat(e.message()).isNotBlank();
                assertThat(e.offendingLine()).isNotNull();
            }
        }
        // the decoder is still usable: after a line end and a garbage line (which ends any reply in progress)
        // a well-formed reply comes through
        d.feed("\r\nX\r\n250 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        DecodeResult last = null;
        for (DecodeResult r = d.next(); !(r instanceof DecodeResult.NeedMoreData); r = d.next()) {
            last = r;
        }
        assertThat(last).isEqualTo(new DecodeResult.Complete(Reply.of(250, "OK"), List.of("250 OK")));
    }

    @Provide
    Arbitrary<Integer> lineLimits() {
        return Arbitraries.oneOf(Arbitraries.just(ReplyDecoder.DEFAULT_MAX_LINE_OCTETS), Arbitraries.integers().between(9, 2000));
    }

    /** Reply text: printable ASCII and some non-ASCII letters, never CR or LF. */
    static Arbitrary<String> replyText() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("äöüß€日本\u00a0\t").ofMaxLength(120);
    }

    @Provide
    Arbitrary<Reply> replies() {
        return Combinators.combine(Arbitraries.integers().between(200, 599), replyText().list().ofMinSize(1).ofMaxSize(6))
                .as(Reply::new);
    }

    @Property
    void wellFormedRepliesDecodeToTheSameCodeAndLines(@ForAll("replyLists") List<Reply> replies, @ForAll("chunks") List<Integer> chunks, @ForAll boolean bareLf) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Reply r : replies) {
            byte[] b = r.toBytes();
            if (bareLf) {
                b = new String(b, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            }
            wire.writeBytes(b);
        }
        ReplyDecoder d = new ReplyDecoder();
        feedInChunks(d, wire.toByteArray(), chunks);
        for (Reply expected : replies) {
            DecodeResult r = d.next();
            assertThat(r).isEqualTo(new DecodeResult.Complete(expected, expected.wireLines()));
        }
        assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
        assertThat(d.hasBufferedData()).isFalse();
    }

    @Provide
    Arbitrary<List<Reply>> replyLists() {
        return replies().list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void theDecoderResynchronisesAfterAGarbageLine(@ForAll("garbageLines") String garbage, @ForAll("replies") Reply reply) {
        ReplyDecoder d = new ReplyDecoder();
        d.feed((garbage + "\r\n").getBytes(StandardCharsets.UTF_8));
        d.feed(reply.toBytes());
        assertThat(d.next()).isInstanceOf(DecodeResult.Error.class);
        assertThat(d.next()).isEqualTo(new DecodeResult.Complete(reply, reply.wireLines()));
        assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
    }

    @Provide
    Arbitrary<String> garbageLines() {
        // starts with something that is not a digit, so it cannot be a reply line
        return Combinators.combine(Arbitraries.chars().with("xX. -:abc"), replyText()).as((c, s) -> c + s);
    }

    // ------------------------------------------------------------------ commands

    @Provide
    Arbitrary<String> commandLines() {
        Arbitrary<String> verb = Arbitraries.oneOf(
                Arbitraries.of(new ArrayList<>(Command.KNOWN_VERBS)),
                Arbitraries.of(new ArrayList<>(Command.KNOWN_VERBS)).map(v -> v.toLowerCase(Locale.ROOT)),
                Arbitraries.strings().withCharRange('A', 'Z').ofMaxLength(6));
        Arbitrary<String> arg = Arbitraries.oneOf(
                Arbitraries.strings().withChars("FROM:TO<>@\"\\ =.-[]ab1:,\r\n\t\u00e4").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("aB").ofMinLength(480).ofMaxLength(13000));
        Arbitrary<String> sep = Arbitraries.of("", " ", "  ", "\t", " \u2003");
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Combinators.combine(sep, verb, sep, arg, sep).as((a, v, b, x, c) -> a + v + b + x + c));
    }

    @Property
    void commandParsingNeverThrows(@ForAll("commandLines") String line) {
        CommandParse p = Command.parse(line);
        if (p instanceof CommandParse.Ok ok) {
            Command c = ok.command();
            assertThat(Command.KNOWN_VERBS).contains(c.verb());
            assertThat(c.toLine()).doesNotContain("\r", "\n");
            // what the server accepted re-parses to the same command
            assertThat(Command.parse(c.toLine())).isEqualTo(p);
        } else {
            Reply r = ((CommandParse.Error) p).reply();
            assertThat(r.code()).isIn(500, 501);
        }
    }

    @Property
    void commandConstructionThrowsOnlyIllegalArgument(@ForAll("commandLines") String verb, @ForAll("commandLines") String arg) {
        try {
            Command c = new Command(verb, arg);
            assertThat(c.toLine()).doesNotContain("\r", "\n");
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Command> validCommands() {
        Arbitrary<String> mailbox = AddressProperties.mailboxes();
        Arbitrary<String> domain = AddressProperties.domains();
        Arbitrary<String> param = Combinators.combine(
                        Arbitraries.strings().withCharRange('A', 'Z').withChars("-0123456789").ofMinLength(1).ofMaxLength(10),
                        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12))
                .as((k, v) -> v.isEmpty() ? k : k + "=" + v);
        return Arbitraries.oneOf(
                domain.map(Command::ehlo),
                domain.map(Command::helo),
                Combinators.combine(Arbitraries.oneOf(mailbox, Arbitraries.just("")), param.list().ofMaxSize(3))
                        .as((m, ps) -> Command.mailFrom(m, ps.toArray(new String[0]))),
                mailbox.map(Command::rcptTo),
                Arbitraries.of(Command.data(), Command.quit(), Command.rset(), Command.noop(), Command.startTls()),
                Combinators.combine(Arbitraries.of("PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"),
                                Arbitraries.strings().withCharRange('A', 'Z').withChars("abc+/=").ofMaxLength(2000))
                        .as(Command::auth))
                .ignoreException(IllegalArgumentException.class); // e.g. a MAIL line over 512 octets
    }

    @Property
    void validCommandsRoundTrip(@ForAll("validCommands") Command command, @ForAll boolean lowerCaseVerb) {
        String line = command.toLine();
        if (lowerCaseVerb) {
            line = command.verb().toLowerCase(Locale.ROOT) + line.substring(command.verb().length());
        }
        assertThat(Command.parse(line)).isEqualTo(new CommandParse.Ok(command));
        // and the byte form is the line plus CRLF
        assertThat(new String(command.toBytes(), StandardCharsets.UTF_8)).isEqualTo(command.toLine() + "\r\n");
    }

    // ------------------------------------------------------------------ EHLO

    @Provide
    Arbitrary<List<String>> ehloLines() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(s -> s.replace('\r', ' ').replace('\n', ' ')),
                Arbitraries.strings().withChars("AUTHSIZE=PLAIN LOGIN 0123456789-+ \t").ofMaxLength(30),
                Arbitraries.of("SIZE", "SIZE ", "SIZE 99999999999999999999", "SIZE -1", "AUTH", "AUTH=", "AUTH= ",
                        "AUTH=LOGIN PLAIN", "PIPELINING", " ", "", "\u00a0", "8BITMIME", "SMTPUTF8"));
        return line.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property
    void ehloParsingNeverThrows(@ForAll("ehloLines") List<String> lines) {
        EhloInfo info = EhloInfo.parse(new Reply(250, lines));
        assertThat(info.domain()).isNotNull();
        info.maxSize().ifPresent(n -> assertThat(n).isNotNegative());
        info.authMechanisms().forEach(m -> assertThat(m).isNotBlank());
        info.pipelining();
        info.startTls();
        info.enhancedStatusCodes();
        info.eightBitMime();
        info.smtpUtf8();
        for (String kw : info.keywords().keySet()) {
            assertThat(info.supports(kw)).isTrue();
            assertThat(info.params(kw)).isNotNull();
        }
    }

    @Property
    void ehloFromDecodedBytesNeverThrows(@ForAll("replyBytes") byte[] data) {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(data);
        d.feed(new byte[] {'\r', '\n'});
        for (DecodeResult r = d.next(); !(r instanceof DecodeResult.NeedMoreData); r = d.next()) {
            if (r instanceof DecodeResult.Complete c) {
                EhloInfo info = EhloInfo.parse(c.reply());
                info.maxSize();
                info.authMechanisms();
            }
        }
    }
}
