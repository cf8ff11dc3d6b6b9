package org.mailtrail.dns;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.dns.MxLookups.HostAddresses;
import org.mailtrail.dns.MxLookups.Lookup;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/** The plain-English notes of an {@link MxPolicy} resolution, for the explanation pane (RFC 5321 §5.1, RFC 7505). */
final class MxNotes {

    private MxNotes() {
    }

    static String lookingUp(Name domain) {
        return "Looking up the MX records of " + domain + " (RFC 5321 §5.1).";
    }

    /** One note per CNAME the lookup followed; {@code what} names the lookup ("the domain"). */
    static void aliases(Lookup l, String what, List<String> notes) {
        for (CNAMERecord c : l.aliases()) {
            notes.add(c.getName() + " is an alias (CNAME) for " + c.getTarget() + "; " + what
                    + " lookup follows it (RFC 5321 §5.1).");
        }
    }

    static String nullMx(Name canonical) {
        return canonical + " publishes a null MX (MX 0 .): it accepts no mail, so the sender fails "
                + "at once with 556 5.1.10 instead of queueing (RFC 7505 §3, §4).";
    }

    static String irregularNullMx() {
        return "The null MX should be a single record with preference 0 (RFC 7505 §3); this one is "
                + "irregular but still means \"no mail\".";
    }

    static String nullMxIgnored(Name canonical) {
        return canonical + " publishes a null MX (\".\") next to real MX records, which RFC 7505 §3 "
                + "forbids; the \".\" record is ignored.";
    }

    static String tryOrder(List<MXRecord> ordered) {
        List<String> summary = new ArrayList<>();
        for (MXRecord m : ordered) {
            summary.add(m.getPriority() + " " + m.getTarget().toString(true));
        }
        return "MX records in the order they will be tried, lowest preference first (RFC 5321 §5.1): "
                + String.join(", ", summary) + ".";
    }

    static String tiesShuffled(int preference, List<MXRecord> group) {
        List<String> names = new ArrayList<>();
        for (MXRecord m : group) {
            names.add(m.getTarget().toString(true));
        }
        return countWord(group.size()) + " MX records share preference " + preference
                + "; their order was randomised to spread the load (RFC 5321 §5.1): "
                + String.join(", ", names) + ".";
    }

    static String selfDropped(MXRecord me, int remaining) {
        return "This relay is " + me.getTarget().toString(true) + " (preference " + me.getPriority()
                + "): it drops itself and every MX with preference " + me.getPriority()
                + " or higher, so mail only moves towards better MX hosts (RFC 5321 §5.1). "
                + remaining + " MX record(s) remain.";
    }

    static String aliasTarget(String host, HostAddresses h) {
        return "MX target " + host + " is an alias (CNAME) for " + h.aliases().get(h.aliases().size() - 1)
                .getTarget().toString(true) + "; an MX must name a host with address records, not an "
                + "alias (RFC 5321 §5.1, RFC 2181 §10.3). Its addresses are used anyway, with a warning.";
    }

    static String noAddress(String host, int preference, HostAddresses h) {
        return "MX target " + host + " (preference " + preference + ") has no address: A "
                + status(h.a()) + ", AAAA " + status(h.aaaa()) + "; it is skipped"
                + (h.anyTemporary() ? " for now" : "") + ".";
    }

    static String targetPartlyTemporary(String host, HostAddresses h) {
        return "MX target " + host + ": one address lookup failed temporarily (A " + status(h.a())
                + ", AAAA " + status(h.aaaa()) + "); the addresses found are used.";
    }

    static String implicitMx(Name canonical) {
        return canonical + " has no MX records (NODATA): using the implicit MX, the domain's own A/AAAA "
                + "records with preference 0 (RFC 5321 §5.1).";
    }

    static String selfImplicit(String host) {
        return "This relay is the implicit MX " + host + " itself (RFC 5321 §5.1).";
    }

    static String implicitPartlyTemporary(String host, HostAddresses h) {
        return "One address lookup for " + host + " failed temporarily (A " + status(h.a())
                + ", AAAA " + status(h.aaaa()) + "); the addresses found are used.";
    }

    static String addressLiteral(String literal, String address) {
        return literal + " is an address literal: no DNS lookup, the mail goes straight to " + address
                + " (RFC 5321 §5.1).";
    }

    static String failure(MxResolution.FailureKind kind, String reason) {
        return (kind == MxResolution.FailureKind.PERMANENT ? "Permanent failure: " : "Temporary failure: ")
                + reason + ".";
    }

    /** "found", "NODATA", "NXDOMAIN" or what went wrong. */
    static String status(Lookup l) {
        switch (l.status()) {
            case FOUND:
                return "found";
            case NODATA:
                return "NODATA";
            case NXDOMAIN:
                return "NXDOMAIN";
            default:
                return l.detail();
        }
    }

    private static String countWord(int n) {
        switch (n) {
            case 2:
                return "Two";
            case 3:
                return "Three";
            case 4:
                return "Four";
            default:
                return String.valueOf(n);
        }
    }
}
