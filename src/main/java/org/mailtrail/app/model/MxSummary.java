package org.mailtrail.app.model;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Random;
import java.util.TreeSet;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.dns.ZoneResolver;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * "Mail for example.net goes to mx1.example.net (10), then mx2.example.net (20)": where mail for each domain of a
 * world goes, found by the simulation's own {@link MxPolicy} over the world's zones and DNS faults (RFC 5321 §5.1,
 * RFC 7505). Equal preferences are shuffled with the world's seed, as in a run.
 */
final class MxSummary {
    private MxSummary() {
    }

    /** One sentence per domain (zones, local domains, the proposed recipients' domains), in name order. */
    static List<String> lines(World world, ResourceBundle texts) {
        List<String> out = new ArrayList<>();
        resolutions(world).forEach((d, r) -> out.add(line(world, d, r, texts)));
        return out;
    }

    /**
     * Where mail for each domain of the world goes (zones, local domains, the proposed recipients' domains), by domain
     * in name order: the simulation's own {@link MxPolicy} over the world's zones and DNS faults, with its seed.
     */
    static Map<String, MxResolution> resolutions(World world) {
        TreeSet<String> domains = new TreeSet<>();
        for (org.xbill.DNS.Zone z : world.zones().zones()) {
            domains.add(World.normalise(z.getOrigin().toString()));
        }
        for (Host h : world.hosts()) {
            domains.addAll(h.localDomains());
        }
        for (String to : world.defaults().to()) {
            domains.add(World.normalise(to.substring(to.indexOf('@') + 1)));
        }
        ZoneResolver resolver = new ZoneResolver(world.zones());
        for (Map.Entry<String, String> f : world.dns().faults().entrySet()) {
            try {
                resolver.setFault(Name.fromString(f.getKey() + "."),
                        ZoneResolver.Fault.valueOf(f.getValue().toUpperCase(Locale.ROOT)));
            } catch (TextParseException | IllegalArgumentException e) {
                // the loader refuses such a fault; nothing to show for it
            }
        }
        Map<String, MxResolution> out = new java.util.LinkedHashMap<>();
        for (String d : domains) {
            out.put(d, new MxPolicy(resolver, new Random(world.seed())).resolve(d));
        }
        return out;
    }

    /** True if the world takes the host down or makes it unreachable (a fault of the world). */
    static boolean down(World world, String host) {
        return world.host(host).map(h -> h.smtp().down() || h.smtp().unreachable()).orElse(false);
    }

    private static String line(World world, String domain, MxResolution r, ResourceBundle texts) {
        if (r instanceof MxResolution.NullMx) {
            return format(texts, "editor.mx.null", domain);
        }
        if (r instanceof MxResolution.Failure f) {
            return format(texts, "editor.mx.none", domain, f.reason());
        }
        StringBuilder hosts = new StringBuilder();
        for (MxTarget t : ((MxResolution.Targets) r).targets()) {
            if (hosts.length() > 0) {
                hosts.append(texts.getString("editor.mx.then"));
            }
            String pref = t.implicit() ? texts.getString("editor.mx.implicit") : String.valueOf(t.preference());
            boolean down = down(world, t.host());
            hosts.append(t.host()).append(" (").append(pref)
                    .append(down ? texts.getString("editor.mx.down") : "").append(')');
        }
        return format(texts, "editor.mx.targets", domain, hosts.toString());
    }

    private static String format(ResourceBundle texts, String key, Object... args) {
        return new MessageFormat(texts.getString(key), texts.getLocale()).format(args);
    }
}
