package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The HTML handout: parsed back with jsoup, part by part, for every built-in scenario and some made-up sessions. */
class HtmlHandoutTest {

    /** Every element the handout may contain; anything else is a stray tag (unescaped text parsed as markup). */
    private static final Set<String> TAGS = Set.of("#root", "html", "head", "meta", "title", "style", "body", "header",
            "footer", "section", "h1", "h2", "h3", "h4", "p", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
            "span", "div", "figure", "figcaption", "ul", "ol", "li", "pre", "svg", "g", "rect", "line", "polygon",
            "text");

    static List<String> scenarios() {
        return WorldLoader.BUILT_IN;
    }

    private static SimulationResult simulate(String scenario, Route route) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), route,
                d.retrieval(), w.seed());
    }

    /** Parses with error tracking and insists the parser had nothing to repair. */
    private static Document parse(String html) {
        Parser parser = Parser.htmlParser().setTrackErrors(50);
        Document doc = Jsoup.parse(html, "", parser);
        assertThat(parser.getErrors()).as("HTML parse errors").isEmpty();
        return doc;
    }

    private static String prefix(EventKind k) {
        switch (k) {
            case SMTP_COMMAND:
            case MAILBOX_COMMAND:
                return "C: ";
            case SMTP_REPLY:
            case MAILBOX_REPLY:
                return "S: ";
            default:
                return "";
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioHasTitleMessageDiagramsAndEveryStepExplained(String scenario) throws Exception {
        SimulationResult r = simulate(scenario, Route.BOTH);
        String html = HtmlHandout.render(r, Locale.ENGLISH);
        assertThat(html).startsWith("<!DOCTYPE html>");
        Document doc = parse(html);
        Explanations ex = new Explanations(Locale.ENGLISH);

        assertThat(doc.title()).contains(r.info().name()).contains(r.info().title());
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(doc.selectFirst("h1").text()).isEqualTo(r.info().title());
        assertThat(doc.selectFirst("dd.session-name").text()).isEqualTo(r.info().name());
        assertThat(doc.selectFirst("dd.mode").text()).isEqualTo(r.info().mode());
        assertThat(doc.selectFirst("dd.seed").text()).isEqualTo(Long.toString(r.seed()));
        assertThat(doc.selectFirst("dd.start").text()).startsWith(r.info().start().toString().substring(0, 10));

        Compose c = r.compose();
        assertThat(doc.selectFirst("section.message dd.from").text()).isEqualTo(c.from());
        assertThat(doc.selectFirst("section.message dd.to").text()).isEqualTo(String.join(", ", c.to()));
        assertThat(doc.selectFirst("section.message dd.cc").text())
                .isEqualTo(c.cc().isEmpty() ? "\u2013" : String.join(", ", c.cc()));
        assertThat(doc.selectFirst("section.message dd.subject").text()).isEqualTo(c.subject());

        Elements journeys = doc.select("section.journey");
        assertThat(journeys).hasSize(r.journeys().size()).hasSize(2);
        assertThat(doc.select("svg.ladder")).hasSize(r.journeys().size());
        assertThat(doc.select("figure.map > svg.map")).hasSize(r.journeys().size());
        for (int ji = 0; ji < r.journeys().size(); ji++) {
            Journey j = r.journeys().get(ji);
            List<TimelineEvent> events = j.timeline().events();
            Element sec = journeys.get(ji);
            assertThat(events).isNotEmpty();
            assertThat(sec.attr("data-route")).isEqualTo(j.route().name().toLowerCase(Locale.ROOT));

            // outcomes
            Elements rows = sec.select("table.outcomes tbody tr.outcome");
            assertThat(rows).hasSize(j.outcomes().size());
            int ri = 0;
            for (Map.Entry<String, RecipientOutcome> o : j.outcomes().entrySet()) {
                assertThat(rows.get(ri).selectFirst("td.rcpt").text()).isEqualTo(o.getKey());
                assertThat(rows.get(ri).attr("data-status")).isEqualTo(o.getValue().status().name());
                assertThat(rows.get(ri).selectFirst("td.detail").wholeText()).isEqualTo(o.getValue().detail());
                ri++;
            }

            // figures of this journey
            Journey.Stats s = j.stats();
            assertThat(figures(sec.selectFirst("table.figures"), 0))
                    .containsExactly(Integer.toString(s.hops()), Long.toString(s.tcpConnections()),
                            Long.toString(s.dnsQueries()), Long.toString(s.smtpRoundTrips()),
                            TextTranscript.millis(s.durationMicros()), Integer.toString(s.receivedLines()));

            // the diagram: one g.step per event, in timeline order, titled with the full summary
            Element svg = sec.selectFirst("figure.diagram > svg.ladder");
            assertThat(svg).isNotNull();
            assertThat(svg.attr("viewBox")).matches("0 0 \\d+ \\d+");
            assertThat(svg.hasAttr("height")).isFalse();
            Elements steps = svg.select("g.step");
            assertThat(steps).hasSize(events.size());
            Set<String> hosts = new LinkedHashSet<>();
            for (int i = 0; i < events.size(); i++) {
                TimelineEvent e = events.get(i);
                hosts.add(e.source());
                hosts.add(e.destination());
                Element g = steps.get(i);
                assertThat(g.attr("data-index")).isEqualTo(Integer.toString(e.index()));
                assertThat(g.selectFirst("title").wholeText()).isEqualTo(e.summary());
                String label = g.selectFirst("text.l").wholeText();
                String plain = e.summary().startsWith("C: ") || e.summary().startsWith("S: ")
                        ? e.summary().substring(3) : e.summary();
                assertThat(plain).startsWith(label.endsWith("\u2026") ? label.substring(0, label.length() - 1) : label);
                assertThat(label).doesNotStartWith("C: ").doesNotStartWith("S: ");
                if (e.source().equals(e.destination())) {
                    assertThat(g.select("rect")).hasSize(1);
                    assertThat(g.select("line, polygon")).isEmpty();
                } else {
                    assertThat(g.select("line")).hasSize(1);
                    assertThat(g.select("polygon")).hasSize(1);
                    assertThat(g.select("rect")).isEmpty();
                }
            }
            assertThat(svg.select("g.host").eachAttr("data-host")).containsExactlyElementsOf(hosts);
            assertThat(sec.selectFirst("figcaption").text()).contains(Integer.toString(events.size()));
            assertThat(sec.select("figcaption .capped")).isEmpty();

            // the step list: one item per event with time, hosts, summary, lines, explanation and RFC
            Elements items = sec.select("ol.steps > li");
            assertThat(items).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                TimelineEvent e = events.get(i);
                Element li = items.get(i);
                assertThat(li.attr("data-index")).isEqualTo(Integer.toString(e.index()));
                assertThat(li.selectFirst(".time").text()).isEqualTo(TextTranscript.clock(e.timeMicros()));
                assertThat(li.selectFirst(".hosts").text()).isEqualTo(e.source().equals(e.destination())
                        ? e.source() : e.source() + " \u2192 " + e.destination());
                assertThat(li.selectFirst(".summary").wholeText()).isEqualTo(e.summary());
                assertThat(li.selectFirst("p.explain").wholeText()).isEqualTo(ex.text(e.explanationKey()));
                if (e.rfc().isEmpty()) {
                    assertThat(li.select("p.rfc")).isEmpty();
                } else {
                    assertThat(li.selectFirst("p.rfc").text()).isEqualTo(e.rfc());
                }
                Elements pre = li.select("pre");
                if (e.lines().isEmpty()) {
                    assertThat(pre).isEmpty();
                } else {
                    String p = prefix(e.kind());
                    assertThat(pre).hasSize(1);
                    assertThat(pre.first().wholeText())
                            .isEqualTo(e.lines().stream().map(l -> p + l).collect(Collectors.joining("\n")));
                }
            }
        }

        // the comparison, side by side
        Element compare = doc.selectFirst("section.comparison table.compare");
        assertThat(compare).isNotNull();
        assertThat(compare.select("thead th").stream().map(Element::text).collect(Collectors.toList())).containsExactly("", "direct", "relay");
        for (int ji = 0; ji < 2; ji++) {
            Journey.Stats s = r.journeys().get(ji).stats();
            assertThat(figures(compare, ji)).containsExactly(Integer.toString(s.hops()),
                    Long.toString(s.tcpConnections()), Long.toString(s.dnsQueries()),
                    Long.toString(s.smtpRoundTrips()), TextTranscript.millis(s.durationMicros()),
                    Integer.toString(s.receivedLines()));
        }

        assertSelfContained(doc, html);
        assertNoStrayElements(doc);
    }

    private static List<String> figures(Element table, int column) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("hops", "tcp", "dns", "smtp", "time", "received")) {
            Element row = table.selectFirst("tr[data-figure=" + key + "]");
            assertThat(row).as("figure row " + key).isNotNull();
            out.add(row.select("td").get(column).text());
        }
        return out;
    }

    private static void assertSelfContained(Document doc, String html) {
        assertThat(doc.select("link, script, img, iframe, object, embed, video, audio, source, base")).isEmpty();
        for (Element e : doc.getAllElements()) {
            for (org.jsoup.nodes.Attribute a : e.attributes()) {
                String k = a.getKey().toLowerCase(Locale.ROOT);
                if (k.equals("src") || k.endsWith("href") || k.equals("action") || k.equals("srcset")
                        || k.equals("poster") || k.equals("data")) {
                    assertThat(a.getValue()).as(e.tagName() + " " + k).startsWith("#");
                }
                assertThat(k).as("event handler on " + e.tagName()).doesNotStartWith("on");
            }
        }
        String css = doc.select("style").stream().map(Element::data).collect(Collectors.joining());
        assertThat(css).isNotEmpty().doesNotContain("url(").doesNotContain("@import").doesNotContain("@font-face");
        if (html != null) {
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:")
                    .doesNotContain("https:").doesNotContain("src=").doesNotContain("href=");
        }
    }

    private static void assertNoStrayElements(Document doc) {
        for (Element e : doc.getAllElements()) {
            assertThat(TAGS).as("unexpected element <" + e.tagName() + ">").contains(e.tagName());
        }
        for (Element pre : doc.select("pre")) {
            assertThat(pre.parent().tagName()).isEqualTo("li");
            assertThat(pre.parent().hasClass("item")).isTrue();
            assertThat(pre.children()).isEmpty();
        }
        for (Element g : doc.select("g.step")) {
            assertThat(g.parent().tagName()).isEqualTo("svg");
        }
        for (Element li : doc.select("li.item")) {
            assertThat(li.parent().is("ol.steps")).isTrue();
        }
        assertThat(doc.select("body > *").eachAttr("class"))
                .allMatch(c -> Set.of("top", "message", "comparison", "journey", "end").contains(c));
    }

    @Test
    void xmlnsIsTheOnlyAddressAndItIsNotAResource() throws Exception {
        // the SVG namespace is a name, not a fetch; nothing else may look like an address
        String html = HtmlHandout.render(simulate("direct", Route.DIRECT), Locale.ENGLISH);
        String withoutNs = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutNs).doesNotContain("http:").doesNotContain("https:").doesNotContain("//www.");
    }

    @Test
    void angleBracketsInCommandsAreTextNeverTags() throws Exception {
        SimulationResult r = simulate("direct", Route.DIRECT);
        String html = HtmlHandout.render(r, Locale.ENGLISH);
        Document doc = parse(html);
        assertThat(html).contains("MAIL FROM:&lt;alice@example.org&gt;").doesNotContain("<alice@example.org>");
        Element mail = doc.select("ol.steps > li[data-key=smtp.cmd.mail]").first();
        assertThat(mail).isNotNull();
        assertThat(mail.selectFirst(".summary").text()).startsWith("C: MAIL FROM:<alice@example.org>");
        assertThat(mail.selectFirst("pre").wholeText()).startsWith("C: MAIL FROM:<alice@example.org>");
        assertThat(doc.select("svg g.step text.l").eachText()).anyMatch(t -> t.startsWith("MAIL FROM:<alice@example.org>"));
        assertThat(doc.getElementsByTag("alice@example.org")).isEmpty();
        assertNoStrayElements(doc);
    }

    @Test
    void oneRouteHasNoComparison() throws Exception {
        SimulationResult r = simulate("relay", Route.RELAY);
        Document doc = parse(HtmlHandout.render(r, Locale.ENGLISH));
        assertThat(r.journeys()).hasSize(1);
        assertThat(doc.select("section.journey")).hasSize(1);
        assertThat(doc.select("svg.ladder")).hasSize(1);
        assertThat(doc.select("svg.map")).hasSize(1);
        assertThat(doc.select("section.comparison, table.compare")).isEmpty();
        assertThat(doc.selectFirst("table.figures tr[data-figure=hops] td").text()).isEqualTo("3");
    }

    @Test
    void germanHandoutSaysTheStepsInGermanAndKeepsProtocolText() throws Exception {
        SimulationResult r = simulate("relay", Route.BOTH);
        String de = HtmlHandout.render(r, Locale.GERMAN);
        assertThat(de).contains("TCP-SYN an ", "Relay-Weg: ", "C: EHLO").doesNotContain("TCP SYN to", "goes to",
                "takes responsibility");
        String en = HtmlHandout.render(r, Locale.ENGLISH);
        assertThat(en).contains("TCP SYN to ").doesNotContain("TCP-SYN an");
    }

    @Test
    void germanHandoutUsesGermanExplanationsAndWords() throws Exception {
        SimulationResult r = simulate("direct", Route.BOTH);
        Document doc = parse(HtmlHandout.render(r, Locale.GERMAN));
        Explanations de = new Explanations(Locale.GERMAN);
        Explanations en = new Explanations(Locale.ENGLISH);
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("de");
        Elements items = doc.select("section.journey").first().select("ol.steps > li");
        List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        assertThat(items).hasSize(events.size());
        int differing = 0;
        for (int i = 0; i < events.size(); i++) {
            String key = events.get(i).explanationKey();
            assertThat(items.get(i).selectFirst("p.explain").wholeText()).isEqualTo(de.text(key));
            if (!de.text(key).equals(en.text(key))) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(events.size() / 2);
        assertThat(doc.select("ol.steps > li[data-key=smtp.cmd.data] p.explain").first().text())
                .contains("Nachricht");
        assertThat(doc.select("h2").eachText()).contains("Die Nachricht");
        assertThat(doc.selectFirst("tr.outcome .status").text()).isEqualTo("zugestellt");
    }

    @Test
    void colourClassesFollowTheKindAndTheReplyClass() throws Exception {
        SimulationResult r = simulate("unknown-user", Route.DIRECT);
        Document doc = parse(HtmlHandout.render(r, Locale.ENGLISH));
        List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        Elements steps = doc.select("g.step");
        boolean sawPermanent = false;
        for (int i = 0; i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            Element g = steps.get(i);
            switch (e.kind()) {
                case DNS_QUERY:
                case DNS_ANSWER:
                    assertThat(g.hasClass("dns")).as(e.summary()).isTrue();
                    break;
                case TCP_SYN:
                    assertThat(g.hasClass("tcp")).as(e.summary()).isTrue();
                    break;
                case SMTP_COMMAND:
                    assertThat(g.hasClass("cmd")).as(e.summary()).isTrue();
                    break;
                case SMTP_REPLY:
                    String code = e.summary().substring(3, 4);
                    String expected = code.equals("2") ? "ok" : code.equals("3") ? "mid" : code.equals("4") ? "temp" : "fail";
                    assertThat(g.hasClass(expected)).as(e.summary()).isTrue();
                    sawPermanent |= code.equals("5");
                    break;
                default:
                    break;
            }
        }
        assertThat(sawPermanent).as("unknown-user has a 5xx reply").isTrue();
        String css = doc.selectFirst("style").data();
        assertThat(css).contains(".fail{color:#c62828}").contains(".ok{color:#2e7d32}").contains(".dns{color:#1565c0}");
    }

    @Test
    void printStylesKeepStepsWholeAndTheDiagramAtPageWidth() throws Exception {
        Document doc = parse(HtmlHandout.render(simulate("direct", Route.DIRECT), Locale.ENGLISH));
        String css = doc.selectFirst("head > style").data();
        int print = css.indexOf("@media print");
        assertThat(print).isPositive();
        String printCss = css.substring(print);
        assertThat(printCss).contains("li.item{break-inside:avoid;page-break-inside:avoid")
                .contains("svg.ladder{width:100%");
        assertThat(css).contains("svg.ladder{display:block;width:100%;height:auto");
    }

    // ---- made-up sessions -------------------------------------------------------------------------------------

    private static SimulationResult synthetic(int n, String hostile) {
        Timeline t = new Timeline();
        String[] hosts = {"a.example", "b.example", "c.example"};
        for (int i = 0; i < n; i++) {
            long at = i * 1000L;
            switch (i % 4) {
                case 0:
                    t.add(at, at + 500, EventKind.SMTP_COMMAND, hosts[0], hosts[1], "C: RCPT TO:<u" + i + "@b.example>",
                            List.of("RCPT TO:<u" + i + "@b.example>"), "smtp.cmd.rcpt", "RFC 5321 §4.1.1.3", Map.of());
                    break;
                case 1:
                    t.add(at, at + 500, EventKind.SMTP_REPLY, hosts[1], hosts[0], "S: 250 2.1.5 Ok " + hostile,
                            List.of("250 2.1.5 Ok " + hostile), "smtp.reply.2xx", "RFC 5321 §4.2.1",
                            Map.of("code", "250"));
                    break;
                case 2:
                    t.add(at, at, EventKind.RECEIVED_ADDED, hosts[1], hosts[1], "Received: header added by b & c",
                            List.of("Received: from a.example\tby b.example; " + hostile), "received.added",
                            "RFC 5321 §4.4", Map.of());
                    break;
                default:
                    t.add(at, at + 500, EventKind.DNS_QUERY, hosts[1], hosts[2], "DNS query c.example. IN A",
                            List.of(), "dns.query.a", "RFC 1035 §4.1", Map.of());
            }
        }
        Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put("u@b.example", new RecipientOutcome("u@b.example", RecipientOutcome.Status.QUEUED,
                "451 <try later> & " + hostile, "b.example"));
        Journey j = new Journey(Route.DIRECT, t, outcomes, List.of());
        SessionInfo info = new SessionInfo("live", "made-up <session>", "Title & \"quotes\" " + hostile, "test",
                Instant.parse("2026-01-05T09:00:00Z"), "c.example", Map.of());
        Compose c = new Compose("x@a.example", List.of("u@b.example"), List.of("v@b.example"),
                "Subject <b>bold</b> & " + hostile, "");
        return new SimulationResult(info, c, 42, List.of(j));
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        String hostile = "</pre></li><script>alert('x')</script><img src=http://evil.example/x.png>\u0001&amp;";
        SimulationResult r = synthetic(8, hostile);
        String html = HtmlHandout.render(r, Locale.ENGLISH);
        Document doc = parse(html);
        assertThat(doc.select("script, img")).isEmpty();
        assertThat(doc.title()).contains("made-up <session>").contains("Title & \"quotes\" </pre>");
        assertThat(doc.selectFirst("dd.subject").text()).startsWith("Subject <b>bold</b> & </pre></li><script>");
        assertThat(doc.selectFirst("dd.subject").text()).endsWith("\u2401&amp;");
        assertThat(doc.selectFirst("dd.cc").text()).isEqualTo("v@b.example");
        assertThat(doc.selectFirst("dd.start").text()).isEqualTo("2026-01-05 09:00:00 UTC");
        assertThat(doc.selectFirst("dd.mode").text()).isEqualTo("live");
        Elements items = doc.select("ol.steps > li");
        assertThat(items).hasSize(8);
        assertThat(items.get(1).selectFirst("pre").wholeText()).isEqualTo("S: 250 2.1.5 Ok "
                + hostile.replace('\u0001', '\u2401'));
        assertThat(items.get(2).selectFirst("pre").wholeText()).contains("a.example\tby b.example");
        assertThat(items.get(2).selectFirst(".summary").text()).isEqualTo("Received: header added by b & c");
        assertThat(doc.select("g.step").get(1).selectFirst("title").wholeText())
                .isEqualTo("S: 250 2.1.5 Ok " + hostile.replace('\u0001', '\u2401'));
        assertThat(doc.selectFirst("td.detail").text()).startsWith("451 <try later> & </pre>");
        assertThat(doc.select("section.comparison")).isEmpty();
        assertSelfContained(doc, null);
        assertNoStrayElements(doc);
    }

    @Test
    void escapeLeavesPlainTextAndReplacesWhatHtmlForbids() {
        StringBuilder b = new StringBuilder();
        HtmlHandout.escape(b, "a<b>&\"'\u0000\u007f\u0085\ud83d\ude00\ud800x\r\u00fc\u2026");
        assertThat(b.toString())
                .isEqualTo("a&lt;b&gt;&amp;&quot;&#39;\u2400\u2421\ufffd\ud83d\ude00\ufffdx\u240d\u00fc&#8230;");
    }

    @Test
    void clockWritesWhatTheTranscriptWrites() {
        for (long micros : new long[] {0, 1, 999_999, 1_000_000, 59_999_999, 61_000_001, 3_599_999_999L,
            3_600_000_000L, 86_399_123_456L, 400_000_000_007L}) {
            StringBuilder b = new StringBuilder();
            HtmlHandout.clock(b, micros);
            assertThat(b.toString()).isEqualTo(TextTranscript.clock(micros));
        }
    }

    @Test
    void longSessionsDrawTheFirst2000StepsAndSaySo() {
        SimulationResult r = synthetic(2_500, "");
        Document doc = parse(HtmlHandout.render(r, Locale.ENGLISH));
        Elements steps = doc.select("svg g.step");
        assertThat(steps).hasSize(HtmlHandout.MAX_DIAGRAM_EVENTS).hasSize(2_000);
        assertThat(steps.first().attr("data-index")).isEqualTo("0");
        assertThat(steps.last().attr("data-index")).isEqualTo("1999");
        assertThat(doc.selectFirst("figcaption .capped").text()).contains("2,000").contains("2,500");
        assertThat(doc.select("ol.steps > li")).hasSize(2_500);
        assertThat(doc.select("ol.steps > li").last().attr("data-index")).isEqualTo("2499");
        String vb = doc.selectFirst("svg.ladder").attr("viewBox");
        int height = Integer.parseInt(vb.substring(vb.lastIndexOf(' ') + 1));
        assertThat(height).isLessThan(SvgLadder.HEADER + 2_001 * SvgLadder.ROW + SvgLadder.PAD);
        assertThat(doc.select("svg.ladder g.host")).hasSize(3);
        assertThat(doc.select("svg.map g.host")).hasSize(3);
    }

    @Test
    void eachJourneyHasItsNetworkMapWithTheWorldsLayout() throws Exception {
        SimulationResult r = new SimulationEngine(new org.mailtrail.world.WorldLoader().load("backup-mx")).runDefaults();
        Document doc = parse(HtmlHandout.render(r, Locale.GERMAN));
        Element map = doc.selectFirst("section.journey figure.map > svg.map");
        assertThat(map).isNotNull();
        assertThat(map.attr("aria-label")).startsWith("Netzwerkkarte");
        assertThat(doc.select("section.journey h3").eachText()).contains("Netzwerkkarte");
        var hosts = map.select("g.host");
        assertThat(hosts.eachAttr("data-host")).contains("mail.example.org", "mx1.example.net", "mx2.example.net");
        assertThat(map.select("line.link")).isNotEmpty();
        String before = hosts.stream().filter(g -> g.attr("data-host").equals("mx2.example.net")).findFirst()
                .orElseThrow().attr("data-cell");
        // the world's layout: puts mx2 elsewhere, and the handout's map follows it (as the app's map and the PNG)
        Document moved = parse(HtmlHandout.render(r, Locale.ENGLISH, "", java.util.Map.of("mx2.example.net", new int[] {0, 4})));
        Element g = moved.selectFirst("svg.map g.host[data-host=mx2.example.net]");
        assertThat(before).isNotEqualTo("0,4");
        assertThat(g.attr("data-cell")).isEqualTo("0,4");
        assertThat(g.selectFirst("rect").attr("x")).isEqualTo(String.valueOf(20 + SvgMap.CELL_W / 2 - 75));
        assertThat(g.selectFirst("rect").attr("y")).isEqualTo(String.valueOf(20 + 4 * SvgMap.CELL_H + SvgMap.CELL_H / 2 - 30));
        assertThat(moved.selectFirst("svg.map").attr("viewBox")).endsWith(" " + (5 * SvgMap.CELL_H + 40));
    }

    @Test
    void aHundredThousandStepsAreAllListedWithTheDiagramCapped() {
        // the speed is measured by the committed benchmark ExportBenchmark, not here
        String html = HtmlHandout.render(synthetic(100_000, "<&>"), Locale.ENGLISH);
        assertThat(count(html, "<g class=\"step ")).isEqualTo(2_000);
        assertThat(count(html, "<li class=\"item ")).isEqualTo(100_000);
        assertThat(html).contains("id=\"j0-s100000\"").contains("the first 2,000 of 100,000 steps");
        assertThat(count(html, "&lt;&amp;&gt;")).isGreaterThanOrEqualTo(2 * 25_000);
        assertThat(html).endsWith("</html>\n");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void theScenarioIsDescribedAndTheStepsAreGroupedUnderPhaseHeaders() throws Exception {
        SimulationResult r = simulate("relay", Route.BOTH);
        World w = new WorldLoader().load("relay");
        for (Locale loc : new Locale[] {Locale.ENGLISH, Locale.GERMAN}) {
            Document doc = parse(HtmlHandout.render(r, loc));
            org.mailtrail.timeline.PhaseText words = new org.mailtrail.timeline.PhaseText(loc);
            assertThat(doc.selectFirst("h1").text()).isEqualTo(w.title(loc));
            assertThat(doc.selectFirst("header.top p.description").text())
                    .isEqualTo(w.description(loc).replaceAll("\\s+", " ").strip())
                    .contains(loc == Locale.GERMAN ? "Smarthost" : "smart host");
            for (int ji = 0; ji < r.journeys().size(); ji++) {
                List<TimelineEvent> events = r.journeys().get(ji).timeline().events();
                List<org.mailtrail.timeline.PhaseSegment> segments = org.mailtrail.timeline.PhaseSegments.of(events);
                Element sec = doc.getElementById("j" + ji);
                Elements groups = sec.select("div.phase");
                assertThat(groups).hasSize(segments.size());
                for (int i = 0; i < segments.size(); i++) {
                    org.mailtrail.timeline.PhaseSegment seg = segments.get(i);
                    Element g = groups.get(i);
                    assertThat(g.attr("data-phase")).isEqualTo(seg.phase().id());
                    assertThat(g.selectFirst("h4.phase-header").text()).isEqualTo(words.header(seg));
                    assertThat(g.selectFirst("p.phase-about").text()).isEqualTo(words.about(seg.phase()));
                    assertThat(g.select("ol.steps > li").eachAttr("data-index")).containsExactlyElementsOf(
                            java.util.stream.IntStream.rangeClosed(seg.first(), seg.last()).mapToObj(Integer::toString)
                                    .toList());
                }
            }
            // the relayed journey: its relay leg under its own header
            String relayHeaders = doc.getElementById("j1").select("h4.phase-header").text();
            assertThat(relayHeaders).contains(loc == Locale.GERMAN ? "Weiterleitung \u00b7 SMTP \u00b7 Port 25"
                    : "Relay \u00b7 SMTP \u00b7 port 25 \u00b7 mail.example.org \u2192 relay.example.org");
        }
    }

    @Test
    void aSessionOfAnotherWorldHasNoDescriptionButAnExplicitOneIsShown() throws Exception {
        SimulationResult r = simulate("direct", Route.DIRECT);
        SessionInfo i = r.info();
        SimulationResult renamed = new SimulationResult(new SessionInfo(i.mode(), i.name(), "Another world's title",
                i.source(), i.start(), i.resolver(), i.hosts()), r.compose(), r.seed(), r.journeys());
        assertThat(parse(HtmlHandout.render(renamed, Locale.ENGLISH)).select("p.description")).isEmpty();
        Document doc = parse(HtmlHandout.render(renamed, Locale.ENGLISH, "Made <up> & described"));
        assertThat(doc.selectFirst("p.description").text()).isEqualTo("Made <up> & described");
    }

    @Test
    void theRoutesAreNamedInTheHandoutsLanguage() throws Exception {
        SimulationResult r = simulate("relay", Route.BOTH);
        Document de = parse(HtmlHandout.render(r, Locale.GERMAN));
        assertThat(de.select("h2").eachText()).contains("Weg: direkt", "Weg: \u00fcber den Smarthost");
        Document en = parse(HtmlHandout.render(r, Locale.ENGLISH));
        assertThat(en.select("h2").eachText()).contains("Route: direct", "Route: relay");
        // the machine-readable attribute stays the same in every language
        assertThat(de.select("th[data-route]").eachAttr("data-route")).containsExactly("direct", "relay");
    }
}
