package org.mailtrail.mailbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The users of one mailbox server and their maildrops. A login names the full address or just its local part, in
 * any case; when two domains share a local part, the first added user whose password matches wins. Thread-safe.
 */
public final class MailboxDirectory implements MailboxAccess {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        private String password;
        private final Maildrop maildrop = new InMemoryMaildrop();
    }

    /** Adds a user (or changes the password of one); the address is like {@code bob@example.net}. */
    public synchronized void addUser(String address, String password) {
        if (password == null) {
            throw new IllegalArgumentException("a password is required");
        }
        entry(address).password = password;
    }

    /** The maildrop of an address, created on demand (for delivery; nobody can log in to it before addUser). */
    public synchronized Maildrop maildrop(String address) {
        return entry(address).maildrop;
    }

    /** The addresses of the users, lower-cased and sorted. */
    public synchronized Set<String> users() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().password != null) {
                out.add(e.getKey());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public synchronized Maildrop login(String user, String password) {
        if (user == null || password == null || user.isEmpty()) {
            return null;
        }
        String wanted = user.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String address = e.getKey();
            Entry entry = e.getValue();
            boolean named = address.equals(wanted) || address.substring(0, address.lastIndexOf('@')).equals(wanted);
            if (named && entry.password != null && samePassword(entry.password, password)) {
                return entry.maildrop;
            }
        }
        return null;
    }

    private Entry entry(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address (local@domain): " + address);
        }
        return entries.computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> new Entry());
    }

    /** Compares in time independent of where the passwords differ. */
    private static boolean samePassword(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
