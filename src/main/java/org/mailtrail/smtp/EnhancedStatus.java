package org.mailtrail.smtp;

import java.util.Optional;

/** An RFC 3463 enhanced mail system status code {@code class.subject.detail}, e.g. 5.1.1. */
public record EnhancedStatus(int codeClass, int subject, int detail) {

    /** Validates class 2/4/5 and subject/detail 0..999 (RFC 3463 §2). */
    public EnhancedStatus {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5 (RFC 3463 §2), got " + codeClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject/detail must be 0..999 (RFC 3463 §2)");
        }
    }

    /** Parses a status at the start of {@code text} followed by a space or the end; empty if none. */
    public static Optional<EnhancedStatus> parse(String text) {
        // class "." subject "." detail, then a space or the end: class is 2, 4 or 5, the others 1 to 3 digits
        if (text == null || text.length() < 5) {
            return Optional.empty();
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return Optional.empty();
        }
        int subjectEnd = digitsEnd(text, 2);
        if (subjectEnd < 0 || subjectEnd == text.length() || text.charAt(subjectEnd) != '.') {
            return Optional.empty();
        }
        int detailEnd = digitsEnd(text, subjectEnd + 1);
        if (detailEnd < 0 || (detailEnd < text.length() && text.charAt(detailEnd) != ' ')) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(c - '0', Integer.parseInt(text, 2, subjectEnd, 10),
                Integer.parseInt(text, subjectEnd + 1, detailEnd, 10)));
    }

    /** The end of a run of 1 to 3 ASCII digits starting at {@code from}, or -1 if there is no such run. */
    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i == from ? -1 : i;
    }

    /** The dotted form, e.g. {@code "5.1.1"}. */
    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }

    /** Success, transient or permanent, from the class digit (RFC 3463 §3.1). */
    public String classMeaning() {
        switch (codeClass) {
            case 2: return "success";
            case 4: return "persistent transient failure";
            default: return "permanent failure";
        }
    }

    /** A short English meaning of subject.detail (RFC 3463 §3); "other or undefined" if unknown. */
    public String meaning() {
        if (codeClass == 2 && subject == 0 && detail == 0) {
            return "ok";
        }
        switch (subject * 1000 + detail) {
            case 0: return "other undefined status";
            case 1000: return "other address status";
            case 1001: return "bad destination mailbox address";
            case 1002: return "bad destination system address";
            case 1003: return "bad destination mailbox address syntax";
            case 1004: return "destination mailbox address ambiguous";
            case 1005: return "destination address valid";
            case 1006: return "destination mailbox has moved";
            case 1007: return "bad sender's mailbox address syntax";
            case 1008: return "bad sender's system address";
            case 1010: return "recipient domain accepts no mail (null MX)";
            case 2000: return "other or undefined mailbox status";
            case 2001: return "mailbox disabled, not accepting messages";
            case 2002: return "mailbox full";
            case 2003: return "message length exceeds administrative limit";
            case 2004: return "mailing list expansion problem";
            case 3000: return "other or undefined mail system status";
            case 3001: return "mail system full";
            case 3002: return "system not accepting network messages";
            case 3003: return "system not capable of selected features";
            case 3004: return "message too big for system";
            case 3005: return "system incorrectly configured";
            case 4000: return "other or undefined network or routing status";
            case 4001: return "no answer from host";
            case 4002: return "bad connection";
            case 4003: return "directory server failure";
            case 4004: return "unable to route";
            case 4005: return "mail system congestion";
            case 4006: return "routing loop detected";
            case 4007: return "delivery time expired";
            case 5000: return "other or undefined protocol status";
            case 5001: return "invalid command";
            case 5002: return "syntax error";
            case 5003: return "too many recipients";
            case 5004: return "invalid command arguments";
            case 5005: return "wrong protocol version";
            case 6000: return "other or undefined media error";
            case 6001: return "media not supported";
            case 6002: return "conversion required and prohibited";
            case 6003: return "conversion required but not supported";
            case 7000: return "other or undefined security status";
            case 7001: return "delivery not authorized, message refused (e.g. relay denied)";
            case 7008: return "authentication credentials invalid";
            default: return "other or undefined";
        }
    }
}
