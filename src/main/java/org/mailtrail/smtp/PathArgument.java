package org.mailtrail.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL or RCPT split into path and ESMTP parameters (RFC 5321 §4.1.1.2, §4.1.1.3).
 *
 * <p>{@code path} is without angle brackets ({@code ""} for {@code <>}); parameter keywords are
 * upper-cased, a keyword without value maps to {@code ""}.
 */
public record PathArgument(String path, Map<String, String> params) {

    /** Copies the parameters, keeping their order. */
    public PathArgument {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses {@code FROM:<a@b> SIZE=10} style arguments; spaces after the colon are tolerated. */
    public static PathArgument parse(String argument, String prefix, boolean reverse) {
        if (argument == null || argument.length() < prefix.length()
                || !argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new IllegalArgumentException("argument must start with " + prefix);
        }
        String rest = argument.substring(prefix.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            throw new AddressException(rest, "path must be enclosed in < >", 0);
        }
        // a quoted local-part may contain '>'; find the '>' that ends the path
        if (rest.length() > 1 && rest.charAt(1) == '"') {
            // skip quoted-pairs: in "a\\" the quote after the escaped backslash ends the local-part
            int endQuote = -1;
            for (int i = 2; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    endQuote = i;
                    break;
                }
            }
            close = endQuote < 0 ? -1 : rest.indexOf('>', endQuote);
            if (close < 0) {
                throw new AddressException(rest, "unterminated path", rest.length());
            }
        }
        String pathText = rest.substring(0, close + 1);
        String path = reverse ? Addresses.parseReversePath(pathText) : Addresses.parseForwardPath(pathText);
        Map<String, String> params = new LinkedHashMap<>();
        String tail = rest.substring(close + 1);
        if (!tail.isEmpty() && tail.charAt(0) != ' ') {
            throw new IllegalArgumentException("parameters must be separated from the path by a space");
        }
        String paramText = tail.trim();
        for (int start = 0; start < paramText.length(); ) {
            int end = paramText.indexOf(' ', start);
            if (end < 0) {
                end = paramText.length();
            }
            if (end > start) { // tokens are separated by one or more spaces
                param(paramText.substring(start, end), params);
            }
            start = end + 1;
        }
        return new PathArgument(path, params);
    }

    /** One {@code keyword[=value]} token; the keyword is letters, digits and '-' (RFC 5321 §4.1.2). */
    private static void param(String token, Map<String, String> params) {
        int eq = token.indexOf('=');
        String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid ESMTP parameter keyword: " + token);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new IllegalArgumentException("invalid ESMTP parameter keyword: " + token);
            }
        }
        params.put(key, eq < 0 ? "" : token.substring(eq + 1));
    }
}
