package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.Exporter;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** Captures written by dumpcap on loopback (checked in, made by make-fixtures.sh) read as timelines. */
class CaptureImportTest {
    private static final List<String> PLAIN_DIALOGUE = List.of("S: 220 mx.example.test ESMTP Mail Trail",
            "C: EHLO client.example.org", "S: 250-mx.example.test", "C: MAIL FROM:<alice@example.org>",
            "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 Ok", "C: DATA",
            "S: 354 End data with <CR><LF>.<CR><LF>");

    @Test
    void classicPcapIsTheWholeSmtpDialogueWithRealTimes() throws Exception {
        SimulationResult r = Fixtures.capture("smtp-plain.pcap");
        List<String> d = Fixtures.dialogue(r);
        assertThat(d.subList(0, PLAIN_DIALOGUE.size())).isEqualTo(PLAIN_DIALOGUE);
        assertThat(d.get(PLAIN_DIALOGUE.size())).startsWith("C: Date: ");
        assertThat(d.subList(PLAIN_DIALOGUE.size() + 1, d.size())).hasSize(3).element(0).asString()
                .startsWith("S: 250 2.0.0 Ok: queued as ");
        assertThat(d.get(d.size() - 1)).isEqualTo("S: 221 2.0.0 Bye");
        List<TimelineEvent> es = Fixtures.events(r);
        assertThat(es.get(0).kind()).isEqualTo(EventKind.TCP_SYN);
        assertThat(es.get(0).detail("dstPort")).isEqualTo("2525");
        assertThat(es).extracting(TimelineEvent::kind).contains(EventKind.TCP_SYN_ACK, EventKind.TCP_ACK,
                EventKind.TCP_CLOSE);
        assertThat(es).allSatisfy(e -> assertThat(e.phase()).isNotNull());
        assertThat(es).filteredOn(e -> e.kind() == EventKind.SMTP_COMMAND).extracting(TimelineEvent::explanationKey)
                .containsExactly("smtp.cmd.ehlo", "smtp.cmd.mail", "smtp.cmd.rcpt", "smtp.cmd.data",
                        "smtp.cmd.data-content", "smtp.cmd.quit");
        // the capture's own clock: made on 2026-12-06, the dialogue within a second
        assertThat(r.info().start().toString()).startsWith("2026-12-06T");
        assertThat(es.get(es.size() - 1).timeMicros()).isBetween(1L, 5_000_000L);
        // the message as the server stored it, for the EML export
        assertThat(r.journeys().get(0).delivered()).hasSize(1);
        assertThat(r.compose().subject()).startsWith("test ");
        assertThat(r.compose().to()).containsExactly("bob@example.test");
    }

    @Test
    void pipelinedGroupSharesOneTimeAndDnsNamesTheServer() throws Exception {
        SimulationResult r = Fixtures.capture("smtp-pipelining-dns.pcapng");
        List<TimelineEvent> es = Fixtures.events(r);
        List<TimelineEvent> group = es.stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND
                && List.of("MAIL", "RCPT", "DATA").contains(e.verb())).toList();
        assertThat(group).hasSize(3);
        assertThat(group).extracting(TimelineEvent::timeMicros).containsOnly(group.get(0).timeMicros());
        int data = es.indexOf(group.get(2));
        assertThat(es.get(data + 1).replyCode()).isEqualTo(250); // MAIL's reply comes after the whole group
        assertThat(es).filteredOn(e -> e.kind() == EventKind.DNS_QUERY).extracting(TimelineEvent::explanationKey)
                .containsExactly("dns.query.mx", "dns.query.a", "dns.query.aaaa");
        assertThat(es).filteredOn(e -> e.kind() == EventKind.DNS_ANSWER).extracting(TimelineEvent::explanationKey)
                .containsExactly("dns.answer.mx", "dns.answer.a", "dns.answer.aaaa");
        // 127.0.0.1 is mx.example.test by the capture's own A answer
        assertThat(es).filteredOn(e -> e.kind() == EventKind.SMTP_REPLY).extracting(TimelineEvent::source)
                .containsOnly("mx.example.test");
        assertThat(r.info().hosts()).containsKey("mx.example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp-starttls.pcapng", "smtp-starttls.pcap"})
    void afterStartTlsTheRestIsCountedNotDecoded(String file) throws Exception {
        List<TimelineEvent> es = Fixtures.events(Fixtures.capture(file));
        int tls = indexOf(es, EventKind.TLS_NEGOTIATED);
        assertThat(tls).isPositive();
        assertThat(es.get(tls - 1).lines()).containsExactly("220 2.0.0 Ready to start TLS");
        assertThat(es.get(tls - 2).verb()).isEqualTo("STARTTLS");
        assertThat(es.subList(tls, es.size())).noneMatch(e -> e.kind() == EventKind.SMTP_COMMAND
                || e.kind() == EventKind.SMTP_REPLY);
        assertThat(String.join("\n", es.get(tls).lines())).contains("encrypted from here")
                .containsPattern("[1-9][0-9]+ encrypted bytes from the client, [1-9][0-9]+ from the server");
    }

    @Test
    void implicitTlsIsShownEncryptedFromTheFirstByte() throws Exception {
        List<TimelineEvent> es = Fixtures.events(Fixtures.capture("smtp-implicit-tls.pcapng"));
        assertThat(es).extracting(TimelineEvent::kind).containsSubsequence(EventKind.TCP_SYN, EventKind.TCP_ACK,
                EventKind.TLS_NEGOTIATED, EventKind.TCP_CLOSE);
        assertThat(es).noneMatch(e -> e.kind() == EventKind.SMTP_COMMAND);
        assertThat(es.get(indexOf(es, EventKind.TLS_NEGOTIATED)).summary()).contains("implicit TLS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp-plain.pcap", "smtp-pipelining-dns.pcapng", "smtp-starttls.pcap"})
    void reorderedAndDuplicatedSegmentsGiveTheSameDialogue(String file) throws Exception {
        byte[] original = Fixtures.bytes(file);
        List<String> expected = Fixtures.dialogue(Fixtures.capture(original, file));
        List<CaptureReader.Packet> shuffled = new ArrayList<>();
        Random random = new Random(17);
        int cut = 0;
        for (CaptureReader.Packet p : PcapWriter.packets(original)) {
            int n = PcapWriter.payload(p);
            if (n < 6) {
                shuffled.add(p);
                continue;
            }
            // three pieces A B C arrive as C, A, A again (a retransmission), then B with C once more (an overlap)
            int a = 1 + random.nextInt(n / 3);
            int b = a + 1 + random.nextInt(n / 3);
            shuffled.add(PcapWriter.piece(p, b, n));
            shuffled.add(PcapWriter.piece(p, 0, a));
            shuffled.add(PcapWriter.piece(p, 0, a));
            shuffled.add(PcapWriter.piece(p, a, n));
            cut++;
        }
        assertThat(cut).isGreaterThan(5);
        SimulationResult r = Fixtures.capture(PcapWriter.write(shuffled), file);
        assertThat(Fixtures.dialogue(r)).isEqualTo(expected);
        assertThat(Fixtures.events(r)).noneMatch(e -> e.explanationKey().equals("capture.gap"));
    }

    @Test
    void aMissingSegmentIsAGapAndNothingIsMadeUp() throws Exception {
        byte[] original = Fixtures.bytes("smtp-plain.pcap");
        List<CaptureReader.Packet> packets = new ArrayList<>(PcapWriter.packets(original));
        int ehlo = -1;
        for (int i = 0; i < packets.size(); i++) {
            if (new String(packets.get(i).data(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("EHLO ")) {
                ehlo = i;
            }
        }
        assertThat(ehlo).isPositive();
        packets.remove(ehlo);
        SimulationResult r = Fixtures.capture(PcapWriter.write(packets), "cut.pcap");
        List<TimelineEvent> es = Fixtures.events(r);
        assertThat(es).filteredOn(e -> e.explanationKey().equals("capture.gap")).singleElement()
                .satisfies(g -> assertThat(g.summary()).contains("25 bytes from the client are missing"));
        assertThat(Fixtures.dialogue(r)).noneMatch(l -> l.contains("EHLO"));
        assertThat(Fixtures.dialogue(r)).contains("C: MAIL FROM:<alice@example.org>");
    }

    @Test
    void everyExporterTakesAnOpenedCapture() throws Exception {
        SimulationResult r = Fixtures.capture("smtp-pipelining-dns.pcapng");
        for (Exporter.Format f : Exporter.Format.values()) {
            List<Exporter.Document> docs = Exporter.render(r, f, Exporter.Options.defaults());
            assertThat(docs).as(f.name()).isNotEmpty();
        }
        SimulationResult back = JsonSession.read(JsonSession.render(r), "capture.json");
        assertThat(Fixtures.dialogue(back)).isEqualTo(Fixtures.dialogue(r));
        assertThat(TextTranscript.render(back)).isEqualTo(TextTranscript.render(r));
    }

    @Test
    void cutFilesAreRefusedOrKeepWhatWasRead() throws Exception {
        byte[] ng = Fixtures.bytes("smtp-starttls.pcapng");
        // found by CaptureProperties: a pcapng cut inside its first section header escaped as an EOFException
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.capture(java.util.Arrays.copyOf(ng, 9),
                "cut.pcapng")).isInstanceOf(CaptureFormatException.class)
                .hasMessage("cut.pcapng: offset 4: the file ends inside its pcapng section header (cut short)");
        byte[] pcap = Fixtures.bytes("smtp-plain.pcap");
        SimulationResult r = Fixtures.capture(java.util.Arrays.copyOf(pcap, pcap.length / 2), "half.pcap");
        assertThat(Fixtures.dialogue(r)).contains("C: EHLO client.example.org");
        assertThat(Fixtures.events(r)).anySatisfy(e -> assertThat(e.summary())
                .matches("Note: half.pcap: offset [0-9]+: the file ends inside a record \\((packet data|record header)\\); the [0-9]+"
                        + " packets before it are read"));
        // an absurd record length stops the reading there; before any packet, nothing is left to show: refused
        byte[] absurd = pcap.clone();
        java.nio.ByteBuffer.wrap(absurd).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7FFFFFF0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.capture(absurd, "absurd.pcap"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("absurd.pcap: no packet could be read: offset 24: packet record of 2147483632"
                        + " bytes is larger than 1048576");
        // a pcapng cut after its headers, inside the first packet: refused, and where it ends is said
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.capture(java.util.Arrays.copyOf(ng, 300),
                "head.pcapng")).isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("head.pcapng: no packet could be read: offset ")
                .hasMessageContaining("the file ends inside a record").hasMessageNotContaining("0 packets");
    }

    @Test
    void aFileThatIsNoCaptureIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.capture("GIF89a....".getBytes(),
                "x.gif")).isInstanceOf(CaptureFormatException.class)
                .hasMessage("x.gif: offset 0: not a pcap or pcapng capture (no capture magic number)");
    }

    private static int indexOf(List<TimelineEvent> es, EventKind kind) {
        for (int i = 0; i < es.size(); i++) {
            if (es.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }
}
