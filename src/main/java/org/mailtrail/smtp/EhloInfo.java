package org.mailtrail.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server said about itself in its EHLO reply (RFC 5321 §4.1.1.1): its domain, greeting
 * text and service extensions ({@code keyword → parameters}, keyword upper-case).
 */
public record EhloInfo(String domain, String greetingText, Map<String, String> keywords) {

    /** Copies the keywords, keeping their order. */
    public EhloInfo {
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    /**
     * Parses an EHLO (or HELO) reply: the first line is {@code domain [text]}, each further line
     * {@code keyword [params]}. Empty lines (smtp-sink's last {@code "250 "}) are ignored.
     */
    public static EhloInfo parse(Reply ehloReply) {
        String first = ehloReply.lines().get(0).strip();
        int sp = first.indexOf(' ');
        String domain = sp < 0 ? first : first.substring(0, sp);
        String greeting = sp < 0 ? "" : first.substring(sp + 1).strip();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (String line : ehloReply.lines().subList(1, ehloReply.lines().size())) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int s = t.indexOf(' ');
            String kw = (s < 0 ? t : t.substring(0, s)).toUpperCase(Locale.ROOT);
            keywords.putIfAbsent(kw, s < 0 ? "" : t.substring(s + 1).strip());
        }
        return new EhloInfo(domain, greeting, keywords);
    }

    /** True if the keyword was advertised (case-insensitive). */
    public boolean supports(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The parameters of a keyword, or null if it was not advertised. */
    public String params(String keyword) {
        return keywords.get(keyword.toUpperCase(Locale.ROOT));
    }

    /** The fixed message size limit from {@code SIZE n} (RFC 1870 §4); empty if absent or unparsable; 0 means none. */
    public OptionalLong maxSize() {
        String p = keywords.get("SIZE");
        if (p == null || p.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(p.split(" ")[0]);
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** RFC 2920 command pipelining. */
    public boolean pipelining() {
        return supports("PIPELINING");
    }

    /** RFC 3207 STARTTLS. */
    public boolean startTls() {
        return supports("STARTTLS");
    }

    /** RFC 2034 enhanced status codes in replies. */
    public boolean enhancedStatusCodes() {
        return supports("ENHANCEDSTATUSCODES");
    }

    /** RFC 6152 8BITMIME. */
    public boolean eightBitMime() {
        return supports("8BITMIME");
    }

    /** RFC 6531 SMTPUTF8. */
    public boolean smtpUtf8() {
        return supports("SMTPUTF8");
    }

    /** RFC 4954 AUTH mechanisms, upper-case (also from the old {@code AUTH=} form). */
    public Set<String> authMechanisms() {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            String params = null;
            if (e.getKey().equals("AUTH")) {
                params = e.getValue();
            } else if (e.getKey().startsWith("AUTH=")) {
                params = e.getKey().substring(5) + " " + e.getValue();
            }
            if (params != null) {
                for (String m : params.trim().split(" +")) {
                    if (!m.isEmpty()) {
                        out.add(m.toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
