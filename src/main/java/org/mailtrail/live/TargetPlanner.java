package org.mailtrail.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.smtp.Result;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Where a {@link LiveSender} takes the message, decided with real DNS and put on the timeline: the mail exchangers
 * of a recipient domain in RFC 5321 §5.1 order, each address a target (or a null MX, RFC 7505, or why there is no
 * route), or the addresses of the smart host (RFC 6409).
 */
final class TargetPlanner {
    /**
     * The plan for some recipients: {@code targets} in order with the {@code purpose} of the connections, or, when
     * {@code targets} is null, the {@code result} for the recipients at once, {@code why}, and whether the network
     * is to blame.
     */
    record Plan(List<SendTarget> targets, String purpose, Result result, String why, boolean network) {
        static Plan to(List<SendTarget> targets, String purpose) {
            return new Plan(targets, purpose, null, null, false);
        }

        static Plan nowhere(Result result, String why, boolean network) {
            return new Plan(null, null, result, why, network);
        }
    }

    private final LiveSender.Options options;
    private final TimedResolver resolver;
    private final LiveRecorder recorder;
    private final StepGate gate;
    private final String clientName;

    /** {@code resolver} may be null when no name is to be looked up (a smart host given as an address). */
    TargetPlanner(LiveSender.Options options, TimedResolver resolver, LiveRecorder recorder, StepGate gate,
                  String clientName) {
        this.options = options;
        this.resolver = resolver;
        this.recorder = recorder;
        this.gate = gate;
        this.clientName = clientName;
    }

    /** The mail exchangers of {@code domain} (RFC 5321 §5.1), every address of each a target. */
    Plan direct(String domain) throws InterruptedException {
        gate.await(domain.startsWith("[") ? "Deliver straight to the address literal " + domain + " (no DNS)"
                : "DNS: look up the mail exchangers of " + domain);
        MxResolution res = new MxPolicy(resolver, new SplittableRandom()).resolve(domain);
        List<String> lines = new ArrayList<>();
        Details.Builder d = Details.builder().put("domain", domain);
        if (res instanceof MxResolution.Targets t) {
            List<SendTarget> targets = new ArrayList<>();
            int skipped = 0;
            for (MxTarget m : t.targets()) {
                lines.add(m.describe());
                for (String a : m.addresses()) {
                    if (DocumentationAddresses.contains(a)) {
                        lines.add(DocumentationAddresses.note(stripDot(m.host()), a));
                        skipped++;
                    } else {
                        targets.add(new SendTarget(stripDot(m.host()), a, options.mxPort()));
                    }
                }
            }
            lines.addAll(t.notes());
            boolean implicit = !t.targets().isEmpty() && t.targets().get(0).implicit();
            d.put("targets", Integer.toString(t.targets().size()));
            recorder.local(EventKind.MX_DECISION, clientName, t.targets().isEmpty() ? "Mail for " + domain + " has nowhere to go"
                            : "Mail for " + domain + ": try " + stripDot(t.targets().get(0).host()) + " first"
                            + (implicit ? " (implicit MX)" : ""), lines, implicit ? "mx.implicit" : "mx.targets",
                    "RFC 5321 §5.1", d.build());
            if (targets.isEmpty() && skipped > 0) {
                return Plan.nowhere(Result.TRANSIENT, "every address of the mail exchangers of " + domain
                        + " is reserved for documentation (RFC 5737 / RFC 3849): nothing was sent", false);
            }
            return Plan.to(targets, "SMTP to the MX of " + domain);
        }
        if (res instanceof MxResolution.NullMx n) {
            lines.addAll(n.notes());
            recorder.local(EventKind.MX_DECISION, clientName, domain + " publishes a null MX: it accepts no mail",
                    lines, "mx.null", "RFC 7505 §3", d.build());
            return Plan.nowhere(Result.PERMANENT, "556 5.1.10 " + domain + " does not accept mail (null MX, RFC 7505)",
                    false);
        }
        MxResolution.Failure f = (MxResolution.Failure) res;
        lines.add(f.reason());
        lines.addAll(f.notes());
        boolean permanent = f.kind() == MxResolution.FailureKind.PERMANENT;
        recorder.local(EventKind.MX_DECISION, clientName, "No route to " + domain + ": " + f.reason(), lines,
                permanent ? "mx.failure.permanent" : "mx.failure.temporary", "RFC 5321 §5.1", d.build());
        return Plan.nowhere(permanent ? Result.PERMANENT : Result.TRANSIENT, f.reason(), !permanent);
    }

    /** The smart host's addresses, for all of {@code rcpts} (RFC 6409 §3). */
    Plan smartHost(List<String> rcpts) throws InterruptedException {
        String smart = options.smartHost();
        recorder.local(EventKind.MX_DECISION, clientName, "Relay route: the message goes to the smart host " + smart,
                List.of("smart host: " + smart + ":" + options.smartHostPort(), "recipients: " + String.join(", ", rcpts)),
                "route.smarthost", "RFC 6409 §3", Details.builder().put("smartHost", smart).build());
        List<String> addresses = addressesOf(smart);
        if (addresses.isEmpty()) {
            return Plan.nowhere(Result.TRANSIENT, "cannot find an address for the smart host " + smart, true);
        }
        List<SendTarget> targets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String a : addresses) {
            if (DocumentationAddresses.contains(a)) {
                skipped.add(DocumentationAddresses.note(smart, a));
            } else {
                targets.add(new SendTarget(smart, a, options.smartHostPort()));
            }
        }
        if (!skipped.isEmpty()) {
            recorder.local(EventKind.MX_DECISION, clientName, "Skipped: " + skipped.size()
                            + " address(es) of the smart host reserved for documentation", skipped,
                    "route.documentation", org.mailtrail.timeline.RfcReferences.of("route.documentation", "RFC 5737 §3"), Details.builder().put("smartHost", smart).build());
        }
        if (targets.isEmpty()) {
            return Plan.nowhere(Result.TRANSIENT, "every address of the smart host " + smart
                    + " is reserved for documentation (RFC 5737 / RFC 3849): nothing was sent", false);
        }
        return Plan.to(targets, "submission to the smart host");
    }

    /** The addresses of a named host: literal addresses and {@code localhost} as they are, others through DNS. */
    private List<String> addressesOf(String host) throws InterruptedException {
        String h = unbracket(host);
        if (HostNames.isAddressLiteral(h)) {
            return List.of(h);
        }
        if (h.equalsIgnoreCase("localhost")) {
            return List.of("127.0.0.1"); // RFC 6761 §6.3: never sent to DNS
        }
        gate.await("DNS: look up the address of " + h);
        List<String> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(h, Name.root), type, DClass.IN));
                Message r = resolver.send(q);
                for (Record rec : r.getSection(Section.ANSWER)) {
                    if (rec.getType() == type) {
                        out.add(rec.rdataToString());
                    }
                }
            } catch (TextParseException e) {
                return List.of();
            } catch (IOException e) {
                // the failure is on the timeline already
            }
        }
        return out;
    }

    /** True for an address literal or {@code localhost}: no DNS is needed to reach it. */
    static boolean isLiteralOrLocalhost(String host) {
        String h = unbracket(host);
        return HostNames.isAddressLiteral(h) || h.equalsIgnoreCase("localhost");
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
