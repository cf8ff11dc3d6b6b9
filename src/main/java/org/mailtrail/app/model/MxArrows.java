package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.world.World;

/**
 * The DNS records of a world's zones as the network map shows them (issue 15, docs/worlds.md "The world editor"): an
 * arrow from a domain to each of its mail exchangers, labelled with the preference ({@code MX 10}). The order and the
 * preferences are the simulation's own: {@link MxSummary#resolutions(World)} runs {@code MxPolicy} over the zones
 * (RFC 5321 §5.1; an implicit MX, RFC 5321 §5.1 "no MX records", is the domain's own address record; a null MX,
 * RFC 7505, has no arrow).
 */
public final class MxArrows {
    private MxArrows() {
    }

    /**
     * One arrow.
     *
     * @param domain     the recipient domain, lower case, as its organisation box on the map names it
     * @param host       the mail exchanger (the MX record's exchange)
     * @param preference the MX preference, or -1 for an implicit MX
     * @param rank       its place in the order the sender tries them, from 1
     * @param down       the world takes the host down or makes it unreachable
     */
    public record Arrow(String domain, String host, int preference, int rank, boolean down) {
        /** {@code MX 10}; {@code MX} alone for an implicit MX. */
        public String label() {
            return preference < 0 ? "MX" : "MX " + preference;
        }

        /** The node id the map gives the arrow: {@code mxArrow-example.net-mx1.example.net}. */
        public String id() {
            return "mxArrow-" + domain + "-" + host;
        }
    }

    /** The arrows of every domain of the world, by domain in name order, then in the order the sender tries them. */
    public static List<Arrow> of(World world) {
        List<Arrow> out = new ArrayList<>();
        if (world == null) {
            return out;
        }
        for (Map.Entry<String, MxResolution> e : MxSummary.resolutions(world).entrySet()) {
            if (!(e.getValue() instanceof MxResolution.Targets t)) {
                continue; // a null MX or a failure: mail for the domain goes nowhere
            }
            int rank = 1;
            for (MxTarget target : t.targets()) {
                String host = World.normalise(target.host());
                out.add(new Arrow(e.getKey(), host, target.implicit() ? -1 : target.preference(), rank++,
                        MxSummary.down(world, host)));
            }
        }
        return List.copyOf(out);
    }
}
