package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EhloInfoTest {

    /** The second reply (the EHLO reply) of a peer transcript. */
    private static Reply ehloReplyOf(String peer) {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(Resources.peerReplyBytes(peer));
        d.next();
        return ((DecodeResult.Complete) d.next()).reply();
    }

    @Test
    void postfixEhlo() {
        EhloInfo info = EhloInfo.parse(ehloReplyOf("postfix-accept"));
        assertThat(info.domain()).isEqualTo("mx.holdout.test");
        assertThat(info.greetingText()).isEmpty();
        assertThat(info.keywords().keySet()).containsExactly("PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS",
                "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING");
        assertThat(info.maxSize()).isEqualTo(OptionalLong.of(10485760));
        assertThat(info.pipelining()).isTrue();
        assertThat(info.startTls()).isTrue();
        assertThat(info.enhancedStatusCodes()).isTrue();
        assertThat(info.eightBitMime()).isTrue();
        assertThat(info.smtpUtf8()).isTrue();
        assertThat(info.authMechanisms()).isEmpty();
        assertThat(info.supports("chunking")).isTrue();
    }

    @Test
    void postfixEhloAfterStarttlsNoLongerOffersStarttls() {
        ReplyDecoder d = new ReplyDecoder();
        d.feed(Resources.peerReplyBytes("postfix-starttls"));
        d.next();
        d.next();
        d.next();
        EhloInfo info = EhloInfo.parse(((DecodeResult.Complete) d.next()).reply());
        assertThat(info.startTls()).isFalse();
        assertThat(info.supports("SIZE")).isTrue();
    }

    @Test
    void sinkEhloWithEmptyLastLine() {
        EhloInfo info = EhloInfo.parse(ehloReplyOf("sink-accept"));
        assertThat(info.domain()).isEqualTo("sink.sink.holdout.test");
        assertThat(info.keywords()).doesNotContainKey("").hasSize(7);
        assertThat(info.authMechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(info.params("XFORWARD")).isEqualTo("NAME ADDR PROTO HELO");
        assertThat(info.maxSize()).isEmpty();
        assertThat(info.startTls()).isFalse();
    }

    @Test
    void aiosmtpdMinimalEhlo() {
        EhloInfo info = EhloInfo.parse(ehloReplyOf("aiosmtpd-accept"));
        assertThat(info.domain()).isEqualTo("localhost");
        assertThat(info.keywords()).containsOnlyKeys("8BITMIME", "HELP");
        assertThat(info.pipelining()).isFalse();
        assertThat(info.enhancedStatusCodes()).isFalse();
    }

    @Test
    void greetingTextAndOldStyleAuth() {
        EhloInfo info = EhloInfo.parse(Reply.of(250, "mx.example.net Hello client [192.0.2.1]", "AUTH=LOGIN PLAIN",
                "size 1000", "SIZE 99"));
        assertThat(info.greetingText()).isEqualTo("Hello client [192.0.2.1]");
        assertThat(info.authMechanisms()).containsExactly("LOGIN", "PLAIN");
        assertThat(info.maxSize()).as("first SIZE wins").isEqualTo(OptionalLong.of(1000));
        assertThat(EhloInfo.parse(Reply.of(250, "mx.example.net")).keywords()).isEmpty();
        assertThat(EhloInfo.parse(Reply.of(250, "x", "SIZE")).maxSize()).isEmpty();
    }
}
