package org.mailtrail.lab;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.world.Host;
import org.mailtrail.world.Role;
import org.mailtrail.world.World;

/**
 * Where each host of a world lives in the lab: one address per host counted up from the base address (the DNS server
 * on base + 53), and the lab's ports for the world's well-known ones (25, 587, 110, 143, 53). Every address the
 * world's zone names is given a lab address: a host's addresses (A and AAAA) its own, the resolver's the DNS
 * server's, any other a spare one on which nothing listens.
 */
public final class LabPlan {
    /** The lab's ports for SMTP (25), submission (587), POP3 (110), IMAP (143) and DNS (53). */
    public record Ports(int smtp, int submission, int pop3, int imap, int dns) {
        /** The defaults: 2525, 2587, 2110, 2143, 1053 (no root needed). */
        public static Ports defaults() {
            return new Ports(2525, 2587, 2110, 2143, 1053);
        }

        /** The world port of a lab port (2587 → 587); other ports stay as they are. */
        public int worldPort(int labPort) {
            for (int w : new int[] {25, 587, 110, 143, 53}) {
                if (map(w) == labPort) {
                    return w;
                }
            }
            return labPort;
        }

        /** The lab's port for a world port; other ports stay as they are. */
        public int map(int worldPort) {
            switch (worldPort) {
                case 25:
                    return smtp;
                case 587:
                    return submission;
                case 110:
                    return pop3;
                case 143:
                    return imap;
                case 53:
                    return dns;
                default:
                    return worldPort;
            }
        }
    }

    /** One row of the host table. */
    public record Entry(Host host, String address, List<Integer> ports) {
    }

    /** The offset of the DNS server from the base address. */
    public static final int DNS_OFFSET = 53;

    private final World world;
    private final Ports ports;
    private final String dnsAddress;
    private final Map<String, String> byHost = new LinkedHashMap<>();
    private final Map<String, String> byWorldAddress = new LinkedHashMap<>();
    private final Map<String, Host> hostByLab = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    private final int base;
    private boolean allowNonLoopback;
    private int spareNext = 200;

    private LabPlan(World world, Ports ports, int base, String dnsAddress) {
        this.base = base;
        this.world = world;
        this.ports = ports;
        this.dnsAddress = dnsAddress;
    }

    /**
     * Plans the lab of {@code world} from {@code base}. Refused: a base that is not an IPv4 address, one outside
     * 127.0.0.0/8 unless {@code allowNonLoopback}, a world with more hosts than fit below x.x.x.255.
     */
    public static LabPlan of(World world, String base, Ports ports, boolean allowNonLoopback) throws LabException {
        if (base == null || !base.matches("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}")) {
            throw new LabException("--address-base: '" + base + "' is not an IPv4 address in dotted-quad form (like 127.1.0.0)");
        }
        InetAddress b;
        try {
            b = literal(base);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new LabException("--address-base: '" + base + "' is not an IPv4 address");
        }
        if (!(b instanceof Inet4Address)) {
            throw new LabException("--address-base: '" + base + "' is not an IPv4 address (the lab counts up from it)");
        }
        if (!b.isLoopbackAddress() && !allowNonLoopback) {
            throw new LabException("--address-base " + base + " is not a loopback address (127.0.0.0/8); the lab binds"
                    + " loopback only unless --allow-non-loopback is given");
        }
        int start = toInt(b);
        if ((start & 0xFF) != 0) {
            throw new LabException("--address-base " + base + " must end in .0 (the lab counts up to .254 from it)");
        }
        if (start == 0x7F000000) { // 127.0.0.0
            throw new LabException("--address-base " + base + " would give a host 127.0.0.1, this machine's own address;"
                    + " use another /24 of 127.0.0.0/8 such as 127.1.0.0");
        }
        LabPlan plan = new LabPlan(world, ports, start, fromInt(start + DNS_OFFSET));
        plan.allowNonLoopback = allowNonLoopback;
        int next = 1;
        for (Host h : world.hosts()) {
            if (plan.byHost.containsKey(h.name())) {
                throw new LabException(world.source() + ": two hosts are named " + h.name());
            }
            if (next == DNS_OFFSET) {
                next++;
            }
            String a = fromInt(start + next++);
            plan.byHost.put(h.name(), a);
            plan.hostByLab.put(a, h);
            for (String wa : h.addresses()) {
                plan.byWorldAddress.put(normal(wa), a);
            }
            plan.entries.add(new Entry(h, a, plan.portsOf(h)));
        }
        plan.byWorldAddress.put(normal(world.dns().address()), plan.dnsAddress);
        if (next > 199) {
            throw new LabException(world.source() + ": " + world.hosts().size() + " hosts are more than a lab holds (199)");
        }
        return plan;
    }

    /** The lab address for a zone address; a spare one (base + 200, 201, …) when no host has it. */
    synchronized String spare(String worldAddress) {
        String n = normal(worldAddress);
        String a = byWorldAddress.get(n);
        if (a == null) {
            a = fromInt(base + spareNext++);
            byWorldAddress.put(n, a);
        }
        return a;
    }

    private List<Integer> portsOf(Host h) {
        List<Integer> p = new ArrayList<>();
        if (h.role() == Role.SUBMISSION) {
            p.add(ports.submission());
        }
        if (h.role() != Role.MUA && h.role() != Role.MAILBOX) {
            p.add(ports.smtp());
        }
        if (h.role() == Role.MAILBOX || isMailboxHostOfOthers(h)) {
            p.add(ports.pop3());
            p.add(ports.imap());
        }
        return p;
    }

    /** True when some host keeps its mailboxes here, or this host keeps its own (no separate mailbox host). */
    boolean isMailboxHostOfOthers(Host h) {
        for (Host o : world.hosts()) {
            if (!o.localDomains().isEmpty() && o.mailboxHostOrSelf().equals(h.name())) {
                return true;
            }
        }
        return false;
    }

    public World world() {
        return world;
    }

    public Ports ports() {
        return ports;
    }

    /** The DNS server's address. */
    public String dnsAddress() {
        return dnsAddress;
    }

    /** The lab address of a host. */
    public String address(Host h) {
        return byHost.get(h.name());
    }

    /** The lab address for an address of the world's zone (a spare one when no host has it). */
    public String labAddressOf(String worldAddress) {
        return spare(worldAddress);
    }

    /**
     * True when the lab may connect to {@code address}: one of its own addresses, and a loopback one unless the lab
     * was allowed off loopback. Nothing else is ever connected to (the world's own addresses are documentation
     * addresses, RFC 5737).
     */
    public boolean mayConnect(String address) {
        try {
            InetAddress a = literal(address);
            String n = a.getHostAddress();
            boolean ours = hostByLab.containsKey(n) || byWorldAddress.containsValue(n);
            return ours && (a.isLoopbackAddress() || allowNonLoopback);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The host at a lab address (IPv4-mapped IPv6 forms too), or null. */
    public Host hostAt(String labAddress) {
        try {
            return hostByLab.get(literal(labAddress).getHostAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The host table, in the world's order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** An address literal, never a DNS lookup. */
    static InetAddress literal(String text) throws UnknownHostException {
        String t = text.trim();
        if (t.isEmpty() || !(Character.digit(t.charAt(0), 16) >= 0 || t.charAt(0) == ':')
                || t.chars().anyMatch(c -> !(Character.digit(c, 16) >= 0 || c == '.' || c == ':'))) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        return InetAddress.getByName(t);
    }

    private static String normal(String address) {
        try {
            return literal(address).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return address.toLowerCase(Locale.ROOT);
        }
    }

    private static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static String fromInt(int v) {
        return (v >>> 24 & 0xFF) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
    }
}
