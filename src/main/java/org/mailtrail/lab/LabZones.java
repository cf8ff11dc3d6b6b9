package org.mailtrail.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.dns.ZoneResolver;
import org.mailtrail.world.World;
import org.xbill.DNS.Name;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * The world's zones as the lab's DNS server publishes them: the same names, MX, CNAME, null MX and SOA records, with
 * every address replaced by its lab address ({@link LabPlan}). An AAAA record becomes the IPv4-mapped IPv6 form of
 * the host's lab address ({@code ::ffff:127.1.0.5}), so a host keeps as many addresses as in the world (the order
 * in which a sender tries them is part of the lesson) while every connection stays on IPv4 loopback.
 */
final class LabZones {
    private LabZones() {
    }

    /** The world's resolver for the lab: the rewritten zones, with the world's DNS faults. */
    static ZoneResolver resolver(World world, LabPlan plan) throws LabException {
        ZoneResolver r = new ZoneResolver(rewrite(world.zones(), plan));
        for (Map.Entry<String, String> f : world.dns().faults().entrySet()) {
            try {
                r.setFault(Name.fromString(f.getKey() + "."),
                        ZoneResolver.Fault.valueOf(f.getValue().toUpperCase(Locale.ROOT)));
            } catch (IOException | IllegalArgumentException e) {
                throw new LabException(world.source() + ": dns.faults." + f.getKey() + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

    /** The rewritten zones. */
    static WorldZones rewrite(WorldZones world, LabPlan plan) throws LabException {
        List<Zone> out = new ArrayList<>();
        for (Zone z : world.zones()) {
            List<Record> records = new ArrayList<>();
            for (Iterator<RRset> it = z.iterator(); it.hasNext(); ) {
                RRset set = it.next();
                for (Record r : set.rrs()) {
                    records.add(rewrite(r, plan));
                }
            }
            try {
                out.add(new Zone(z.getOrigin(), records.toArray(new Record[0])));
            } catch (IOException e) {
                throw new LabException("zone " + z.getOrigin() + ": " + e.getMessage(), e);
            }
        }
        return WorldZones.of(out);
    }

    private static Record rewrite(Record r, LabPlan plan) throws LabException {
        try {
            if (r.getType() == Type.A) {
                InetAddress a = LabPlan.literal(plan.labAddressOf(((ARecord) r).getAddress().getHostAddress()));
                return new ARecord(r.getName(), DClass.IN, r.getTTL(), a);
            }
            if (r.getType() == Type.AAAA) {
                String lab = plan.labAddressOf(((AAAARecord) r).getAddress().getHostAddress());
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(LabPlan.literal(lab).getAddress(), 0, mapped, 12, 4);
                return Record.newRecord(r.getName(), Type.AAAA, DClass.IN, r.getTTL(), mapped);
            }
            return r;
        } catch (IOException e) {
            throw new LabException(r.getName() + ": " + e.getMessage(), e);
        }
    }
}
