package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyDecoderTest {

    static Stream<Arguments> peers() {
        return Stream.of(
                Arguments.of("aiosmtpd-accept", List.of(220, 250, 250, 250, 354, 250, 221)),
                Arguments.of("postfix-accept", List.of(220, 250, 250, 250, 354, 250, 221)),
                Arguments.of("postfix-relay-denied", List.of(220, 250, 250, 554, 221)),
                Arguments.of("postfix-starttls", List.of(220, 250, 220, 250, 250, 250, 354, 250, 221)),
                Arguments.of("postfix-unknown-user", List.of(220, 250, 250, 550, 221)),
                Arguments.of("sink-accept", List.of(220, 250, 250, 250, 354, 250, 221)),
                Arguments.of("sink-mail421", List.of(220, 250, 421)),
                Arguments.of("sink-rcpt4xx", List.of(220, 250, 250, 450, 221)));
    }

    private static List<DecodeResult.Complete> drain(ReplyDecoder d) {
        List<DecodeResult.Complete> out = new ArrayList<>();
        while (true) {
            DecodeResult r = d.next();
            if (r instanceof DecodeResult.NeedMoreData) {
                return out;
            }
            assertThat(r).as("no error expected").isInstanceOf(DecodeResult.Complete.class);
            out.add((DecodeResult.Complete) r);
        }
    }

    private static List<Integer> codes(List<DecodeResult.Complete> results) {
        return results.stream().map(c -> c.reply().code()).toList();
    }

    private static List<String> rawLines(List<DecodeResult.Complete> results) {
        return results.stream().flatMap(c -> c.rawLines().stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void everyPeerReplyBlockDecodesWhole(String peer, List<Integer> expected) {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(Resources.peerReplyBytes(peer));
        List<DecodeResult.Complete> results = drain(d);
        assertThat(codes(results)).isEqualTo(expected);
        assertThat(rawLines(results)).isEqualTo(Resources.peerReplyLines(peer));
        assertThat(d.hasBufferedData()).isFalse();
        assertThat(d.bareLfCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void everyPeerReplyBlockDecodesByteByByte(String peer, List<Integer> expected) {
        ReplyDecoder d = new ReplyDecoder();
        byte[] bytes = Resources.peerReplyBytes(peer);
        List<DecodeResult.Complete> results = new ArrayList<>();
        for (byte b : bytes) {
            d.feed(new byte[] {b});
            results.addAll(drain(d));
        }
        assertThat(codes(results)).isEqualTo(expected);
        assertThat(rawLines(results)).isEqualTo(Resources.peerReplyLines(peer));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void everyPeerReplyBlockDecodesInRandomChunks(String peer, List<Integer> expected) {
        Random random = new Random(20261128L);
        byte[] bytes = Resources.peerReplyBytes(peer);
        for (int trial = 0; trial < 20; trial++) {
            ReplyDecoder d = new ReplyDecoder();
            List<DecodeResult.Complete> results = new ArrayList<>();
            int off = 0;
            while (off < bytes.length) {
                int len = Math.min(bytes.length - off, 1 + random.nextInt(40));
                d.feed(bytes, off, len);
                off += len;
                results.addAll(drain(d));
            }
            assertThat(codes(results)).isEqualTo(expected);
            assertThat(rawLines(results)).isEqualTo(Resources.peerReplyLines(peer));
        }
    }

    @Test
    void sinkEhloReplyWithEmptyLastLineKeepsEmptyText() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(Resources.peerReplyBytes("sink-accept"));
        Reply ehlo = drain(d).get(1).reply();
        assertThat(ehlo.lines()).hasSize(9).first().isEqualTo("sink.sink.holdout.test");
        assertThat(ehlo.lines().get(8)).isEmpty();
        assertThat(ehlo.wireLines().get(8)).isEqualTo("250 ");
    }

    @Test
    void multilineReplySplitAcrossChunks() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed("250-".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
        d.feed("x\r\n2".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
        assertThat(d.hasBufferedData()).isTrue();
        d.feed("50 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        DecodeResult r = d.next();
        assertThat(r).isEqualTo(new DecodeResult.Complete(Reply.of(250, "x", "OK"), List.of("250-x", "250 OK")));
        assertThat(d.hasBufferedData()).isFalse();
    }

    @Test
    void bareCodeWithoutTextGivesEmptyLine() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed("250\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(250, ""));
    }

    @Test
    void bareLfIsToleratedAndCounted() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed("250-a\n250 b\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(250, "a", "b"));
        assertThat(d.bareLfCount()).isEqualTo(1);
    }

    @Test
    void bareCrInsideAReplyLineIsAnErrorNotAnException() {
        // found by SmtpCodecProperties (issue 16): "250 OK\r\r\n" made the Reply constructor throw out of feed()
        ReplyDecoder d = new ReplyDecoder();
        d.feed("250 OK\r\r\n250-a\rb\r\n250 c\r\n220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
        DecodeResult first = d.next();
        assertThat(first).isInstanceOfSatisfying(DecodeResult.Error.class,
                e -> assertThat(e.message()).contains("CR"));
        assertThat(d.next()).isInstanceOf(DecodeResult.Error.class);
        // resynchronised: the rest of the broken reply, then the next reply
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(250, "c"));
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(220, "ready"));
        assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
    }

    @Test
    void mismatchedCodesWithinOneReplyAreAnErrorThenDecoderResynchronises() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed("250-first\r\n251 second\r\n220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
        DecodeResult r = d.next();
        assertThat(r).isInstanceOf(DecodeResult.Error.class);
        assertThat(((DecodeResult.Error) r).offendingLine()).isEqualTo("251 second");
        assertThat(((DecodeResult.Error) r).message()).contains("differs");
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(220, "ready"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99 short", "6xx nope", "600 too high", "199 too low", "abc", "250x text", "", "2", " 250 x"})
    void invalidCodeIsAnError(String line) {
        ReplyDecoder d = new ReplyDecoder();
        d.feed((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        DecodeResult r = d.next();
        assertThat(r).isInstanceOf(DecodeResult.Error.class);
        assertThat(((DecodeResult.Error) r).offendingLine()).isEqualTo(line);
    }

    @Test
    void lineOf512OctetsIsAcceptedAnd513IsAnError() {
        String ok = "250 " + "a".repeat(506); // 510 + CRLF = 512
        String bad = "250 " + "a".repeat(507);
        ReplyDecoder d = new ReplyDecoder();
        d.feed((ok + "\r\n" + bad + "\r\n250 next\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(((DecodeResult.Complete) d.next()).rawLines()).containsExactly(ok);
        assertThat(d.next()).isInstanceOf(DecodeResult.Error.class);
        assertThat(((DecodeResult.Complete) d.next()).reply().text()).isEqualTo("next");
    }

    @Test
    void tenMegabyteLineGivesAnErrorPromptlyWithBoundedBuffer() {
        ReplyDecoder d = new ReplyDecoder();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        chunk[0] = '2';
        chunk[1] = '5';
        chunk[2] = '0';
        chunk[3] = ' ';
        d.feed(chunk, 0, 1024);
        DecodeResult first = d.next();
        assertThat(first).as("error reported as soon as the limit is passed").isInstanceOf(DecodeResult.Error.class);
        assertThat(((DecodeResult.Error) first).offendingLine().length()).isLessThanOrEqualTo(512);
        Arrays.fill(chunk, 0, 4, (byte) 'a');
        for (int i = 0; i < 160; i++) {
            d.feed(chunk);
            assertThat(d.next()).isInstanceOf(DecodeResult.NeedMoreData.class);
        }
        d.feed("\r\n250 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(250, "OK"));
        assertThat(d.hasBufferedData()).isFalse();
    }

    @Test
    void nonAsciiBytesAreDecodedAsUtf8WithReplacement() {
        ReplyDecoder d = new ReplyDecoder();
        byte[] utf8 = "250 Grüße ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(utf8, utf8.length + 3);
        bytes[utf8.length] = (byte) 0xff;
        bytes[utf8.length + 1] = '\r';
        bytes[utf8.length + 2] = '\n';
        d.feed(bytes);
        DecodeResult r = d.next();
        assertThat(r).isInstanceOf(DecodeResult.Complete.class);
        assertThat(((DecodeResult.Complete) r).reply().text()).isEqualTo("Grüße \uFFFD");
    }

    @Test
    void feedHonoursOffsetAndLength() {
        byte[] bytes = "xx250 OK\r\nyy".getBytes(StandardCharsets.US_ASCII);
        ReplyDecoder d = new ReplyDecoder();
        d.feed(bytes, 2, 8);
        assertThat(((DecodeResult.Complete) d.next()).reply()).isEqualTo(Reply.of(250, "OK"));
        assertThat(d.hasBufferedData()).isFalse();
    }
}
