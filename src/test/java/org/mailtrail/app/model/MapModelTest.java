package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/** The map's links with protocol and port, its organisations, and the Compare tab's paths and figures. */
class MapModelTest {

    private static SimulationResult run(String scenario, Route route, Retrieval retrieval) {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.scenarioProperty().set(scenario);
        World w = vm.worldProperty().get();
        return new SimulationEngine(w).run(vm.compose().toCompose(), route, retrieval == null
                ? w.defaults().retrieval() : retrieval, w.seed());
    }

    private static Map<String, String> labels(List<TimelineEvent> events) {
        return org.mailtrail.timeline.HostLinks.links(events).stream().collect(Collectors.toMap(l -> l.from() + ">" + l.to(),
                org.mailtrail.timeline.HostLinks.Link::label));
    }

    private static List<TimelineEvent> events(SimulationResult r, int journey) {
        return r.journeys().get(journey).timeline().events();
    }

    @Test
    void relayLinksAreLabelledWithProtocolAndPortFromTheClientToTheServer() {
        Map<String, String> l = labels(events(run("relay", Route.RELAY, null), 0));
        assertThat(l).containsEntry("alice-laptop.example.org>mail.example.org", "SMTP 587")
                .containsEntry("mail.example.org>relay.example.org", "SMTP 25")
                .containsEntry("relay.example.org>mx1.example.net", "SMTP 25")
                .containsEntry("bob-laptop.example.net>imap.example.net", "IMAP 143")
                .containsEntry("mail.example.org>resolver.example.org", "DNS 53")
                .containsEntry("relay.example.org>resolver.example.org", "DNS 53");
        assertThat(l).doesNotContainKey("mail.example.org>mx1.example.net");
        // the MX storing into the mailbox server makes no connection on the timeline: a plain line, no label
        assertThat(l).containsEntry("mx1.example.net>imap.example.net", "");
    }

    @Test
    void directLinksGoStraightToTheMxAndPop3IsLabelledAsSuch() {
        Map<String, String> l = labels(events(run("direct", Route.DIRECT, Retrieval.POP3), 0));
        assertThat(l).containsEntry("mail.example.org>mx1.example.net", "SMTP 25")
                .containsEntry("bob-laptop.example.net>imap.example.net", "POP3 110")
                .doesNotContainKey("mail.example.org>relay.example.org");
    }

    @Test
    void noRetrievalNoMailboxLink() {
        Map<String, String> l = labels(events(run("direct", Route.DIRECT, Retrieval.NONE), 0));
        assertThat(l).doesNotContainKey("bob-laptop.example.net>imap.example.net");
    }

    @Test
    void hostsAreGroupedByTheirDomainAndTheResolverBelongsToNone() {
        SimulationResult r = run("multi-domain", Route.DIRECT, null);
        List<TimelineEvent> ev = events(r, 0);
        HostLayout layout = HostLayout.of(r.info(), ev, ev.get(0).source());
        List<MapModel.Organisation> orgs = MapModel.organisations(layout.places());
        assertThat(orgs).extracting(MapModel.Organisation::domain)
                .containsExactly("example.org", "example.net", "school.test");
        assertThat(orgs.get(0).hosts()).containsExactly("alice-laptop.example.org", "mail.example.org");
        assertThat(orgs.get(1).hosts()).contains("mx1.example.net", "imap.example.net", "bob-laptop.example.net");
        assertThat(orgs.get(2).hosts()).containsExactly("mx.school.test");
        assertThat(orgs).noneMatch(o -> o.hosts().contains("resolver.example.org"));
    }

    @Test
    void domainIsTheNameWithoutItsFirstLabel() {
        assertThat(MapModel.domainOf("mx1.example.net")).isEqualTo("example.net");
        assertThat(MapModel.domainOf("mx.school.test")).isEqualTo("school.test");
        assertThat(MapModel.domainOf("localhost")).isEmpty();
        assertThat(MapModel.domainOf("[192.0.2.1]")).isEmpty();
        assertThat(MapModel.domainOf("192.0.2.1")).isEmpty();
    }

    @Test
    void groupingKeepsAnOrganisationsHostsTogetherInAColumn() {
        List<HostLayout.Place> places = List.of(new HostLayout.Place("mx1.example.net", "mx", 3, 1),
                new HostLayout.Place("mx.school.test", "mx", 3, 2),
                new HostLayout.Place("mx2.example.net", "mx", 3, 3),
                new HostLayout.Place("resolver.example.org", "dns", 2, 0));
        List<HostLayout.Place> g = MapModel.grouped(places);
        assertThat(g).contains(new HostLayout.Place("mx1.example.net", "mx", 3, 1),
                new HostLayout.Place("mx2.example.net", "mx", 3, 2),
                new HostLayout.Place("mx.school.test", "mx", 3, 3),
                new HostLayout.Place("resolver.example.org", "dns", 2, 0));
    }

    @Test
    void comparePathsAreTheLinksEachRouteUses() {
        SimulationResult r = run("relay", Route.BOTH, null);
        RouteComparison c = new RouteComparison(r.journeys());
        assertThat(c.journeys()).extracting(Journey::route).containsExactly(Route.DIRECT, Route.RELAY);
        var paths = c.paths();
        String alice = org.mailtrail.timeline.HostLinks.Link.key("alice-laptop.example.org", "mail.example.org");
        String direct = org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "mx1.example.net");
        String toRelay = org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "relay.example.org");
        String fromRelay = org.mailtrail.timeline.HostLinks.Link.key("relay.example.org", "mx1.example.net");
        assertThat(paths.get(0)).contains(alice, direct).doesNotContain(toRelay, fromRelay);
        assertThat(paths.get(1)).contains(alice, toRelay, fromRelay).doesNotContain(direct);
        // the shared map has every link of both
        assertThat(c.links()).extracting(org.mailtrail.timeline.HostLinks.Link::key).contains(alice, direct, toRelay, fromRelay);
    }

    @Test
    void figuresSayWhoLooksUpTheMxAndHowLongTheMessageTravelled() {
        SimulationResult r = run("relay", Route.BOTH, null);
        RouteComparison c = new RouteComparison(r.journeys());
        Map<String, RouteComparison.Figure> f = c.figures().stream()
                .collect(Collectors.toMap(RouteComparison.Figure::id, x -> x));
        assertThat(f.keySet()).containsExactlyInAnyOrderElementsOf(RouteComparison.FIGURES);
        assertThat(f.get("mxlookup").values()).containsExactly("mail.example.org", "relay.example.org");
        assertThat(f.get("mxlookup").differs()).isTrue();
        assertThat(f.get("hops").values()).containsExactly("2", "3");
        assertThat(f.get("received").differs()).isTrue();
        // in transport: until the message is in Bob's mailbox, not the wait before his client asks for it
        for (int i = 0; i < 2; i++) {
            List<TimelineEvent> ev = events(r, i);
            long transport = RouteComparison.transportMicros(ev);
            long whole = r.journeys().get(i).stats().durationMicros();
            assertThat(transport).isPositive().isLessThan(whole - 500_000);
            TimelineEvent delivered = ev.stream().filter(e -> e.kind() == org.mailtrail.timeline.EventKind.DELIVERED)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(transport).isEqualTo(delivered.endMicros() - ev.get(0).timeMicros());
        }
        assertThat(RouteComparison.transportMicros(events(r, 1)))
                .isGreaterThan(RouteComparison.transportMicros(events(r, 0)));
    }

    @Test
    void aRowWithEqualValuesIsNotHighlighted() {
        assertThat(new RouteComparison.Figure("x", List.of("1", "1")).differs()).isFalse();
        assertThat(new RouteComparison.Figure("x", List.of("1", "2")).differs()).isTrue();
    }

    @Test
    void beforeARunTheMapHasTheHostsTheProposedMessageWouldMeet() throws Exception {
        World w = new org.mailtrail.world.WorldLoader().load("direct");
        var hosts = MapModel.previewHosts(w, MxArrows.of(w));
        assertThat(hosts).contains("alice-laptop.example.org", "mail.example.org", "relay.example.org",
                "mx1.example.net", "mx2.example.net", "imap.example.net", "bob-laptop.example.net")
                .as("exchangers of domains the message does not go to").doesNotContain("mx.school.test",
                        "legacy.example.net");
    }

    @Test
    void everyExchangerOfADomainOnTheMapAlsoOneTheJourneyDidNotReach() throws Exception {
        World w = new org.mailtrail.world.WorldLoader().load("direct");
        List<TimelineEvent> events = new SimulationEngine(w).runDefaults().journeys().get(0).timeline().events();
        assertThat(events).noneMatch(e -> "mx2.example.net".equals(e.destination()));
        assertThat(MapModel.exchangersOf(events, w, MxArrows.of(w))).contains("mx1.example.net", "mx2.example.net")
                .doesNotContain("mx.school.test");
    }
}
