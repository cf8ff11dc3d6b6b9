package org.mailtrail.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailtrail.mailbox.StoredMessage;

/**
 * FETCH (RFC 3501 §6.4.5, §7.4.2): parses the data items asked for and writes one untagged FETCH response per
 * message. Supported: FLAGS, UID, RFC822.SIZE, INTERNALDATE, ENVELOPE, RFC822, RFC822.HEADER, RFC822.TEXT,
 * BODY[section]&lt;partial&gt; and BODY.PEEK[...] with the sections "", HEADER, TEXT, HEADER.FIELDS (..) and
 * HEADER.FIELDS.NOT (..), and the macros ALL and FAST. Every non-PEEK body item sets \Seen (not in a read-only
 * mailbox); the new FLAGS are then sent even if not asked for.
 */
final class ImapFetch {

    /** One data item; {@code section} is null unless it is BODY[...]; {@code partialLength} -1 if not partial. */
    record Item(String name, String section, List<String> fields, boolean peek, long partialStart, long partialLength) {
        static Item simple(String name) {
            return new Item(name, null, List.of(), false, 0, -1);
        }

        boolean setsSeen() {
            return section != null ? !peek : name.equals("RFC822") || name.equals("RFC822.TEXT");
        }
    }

    private static final Set<String> SIMPLE = Set.of("FLAGS", "UID", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE",
            "RFC822", "RFC822.HEADER", "RFC822.TEXT");

    private ImapFetch() {
    }

    /** Parses the data items after "FETCH set SP" up to the end of the command. */
    static List<Item> parse(ImapArgs args) throws ImapParseException {
        List<Item> items = new ArrayList<>();
        if (args.take('(')) {
            items.add(item(args));
            while (args.take(' ')) {
                items.add(item(args));
            }
            args.expect(')', "')' after the data items");
        } else {
            String name = word(args);
            switch (name) {
                case "ALL":
                    items.addAll(List.of(Item.simple("FLAGS"), Item.simple("INTERNALDATE"), Item.simple("RFC822.SIZE"),
                            Item.simple("ENVELOPE")));
                    break;
                case "FAST":
                    items.addAll(List.of(Item.simple("FLAGS"), Item.simple("INTERNALDATE"), Item.simple("RFC822.SIZE")));
                    break;
                default:
                    items.add(item(args, name));
            }
        }
        args.end();
        return items;
    }

    private static Item item(ImapArgs args) throws ImapParseException {
        return item(args, word(args));
    }

    private static Item item(ImapArgs args, String name) throws ImapParseException {
        if (SIMPLE.contains(name)) {
            return Item.simple(name);
        }
        if (!(name.equals("BODY") || name.equals("BODY.PEEK")) || args.peek() != '[') {
            throw new ImapParseException(name.isEmpty() ? "Expected a data item"
                    : "Unsupported data item " + ImapArgs.render(name));
        }
        args.expect('[', "'['");
        String section = word(args);
        List<String> fields = new ArrayList<>();
        if (section.equals("HEADER.FIELDS") || section.equals("HEADER.FIELDS.NOT")) {
            args.sp();
            args.expect('(', "'(' before the header field names");
            do {
                String f = args.astring();
                if (f.isEmpty() || !f.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                    throw new ImapParseException("Bad header field name");
                }
                fields.add(f);
            } while (args.take(' '));
            args.expect(')', "')' after the header field names");
        } else if (!section.isEmpty() && !section.equals("HEADER") && !section.equals("TEXT")) {
            throw new ImapParseException("Unsupported section " + ImapArgs.render(section));
        }
        args.expect(']', "']'");
        long start = 0;
        long length = -1;
        if (args.take('<')) {
            start = args.number();
            args.expect('.', "'.' in a partial range");
            length = args.number();
            args.expect('>', "'>'");
            if (length == 0) {
                throw new ImapParseException("A partial range needs a length above zero");
            }
        }
        return new Item("BODY", section, fields, name.equals("BODY.PEEK"), start, length);
    }

    private static String word(ImapArgs args) {
        return args.takeWhile(c -> ImapArgs.isAtomCharInt(c) && c != '[' && c != '<').toUpperCase(Locale.ROOT);
    }

    /** Writes "* n FETCH (...)" for the message at {@code index}, first setting \Seen when an item asks for it. */
    static void respond(ImapSelected box, int index, List<Item> items, boolean byUid, ImapResponse r) {
        StoredMessage m = box.message(index);
        boolean askedFlags = items.stream().anyMatch(i -> i.name().equals("FLAGS"));
        boolean askedUid = items.stream().anyMatch(i -> i.name().equals("UID"));
        boolean seenNow = !box.readOnly() && !m.hasFlag(ImapSelected.SEEN) && items.stream().anyMatch(Item::setsSeen);
        if (seenNow) {
            Set<String> flags = new LinkedHashSet<>(m.flags());
            flags.add(ImapSelected.SEEN);
            box.setFlags(index, flags);
            m = box.message(index);
        }
        r.text("* " + (index + 1) + " FETCH (");
        String sep = "";
        if (byUid && !askedUid) { // RFC 3501 §6.4.8: UID FETCH always returns the UID
            r.text("UID " + m.uid());
            sep = " ";
        }
        if (seenNow && !askedFlags) {
            r.text(sep + "FLAGS " + ImapSelected.flagList(m.flags()));
            sep = " ";
        }
        byte[] content = m.content();
        for (Item item : items) {
            r.text(sep);
            sep = " ";
            item(m, content, item, r);
        }
        r.text(")").crlf();
    }

    private static void item(StoredMessage m, byte[] content, Item item, ImapResponse r) {
        int body = m.bodyOffset();
        switch (item.name()) {
            case "FLAGS":
                r.text("FLAGS " + ImapSelected.flagList(m.flags()));
                break;
            case "UID":
                r.text("UID " + m.uid());
                break;
            case "RFC822.SIZE":
                r.text("RFC822.SIZE " + m.size());
                break;
            case "INTERNALDATE":
                r.text("INTERNALDATE \"" + ImapEnvelope.internalDate(content, body) + "\"");
                break;
            case "ENVELOPE":
                r.text("ENVELOPE ");
                ImapEnvelope.write(content, body, r);
                break;
            case "RFC822":
                r.text("RFC822 ").literal(content);
                break;
            case "RFC822.HEADER":
                r.text("RFC822.HEADER ").literal(Arrays.copyOfRange(content, 0, body));
                break;
            case "RFC822.TEXT":
                r.text("RFC822.TEXT ").literal(Arrays.copyOfRange(content, body, content.length));
                break;
            default: // BODY[section]<partial>
                byte[] part = section(content, body, item);
                StringBuilder name = new StringBuilder("BODY[").append(item.section());
                if (!item.fields().isEmpty()) {
                    name.append(" (");
                    for (int i = 0; i < item.fields().size(); i++) {
                        name.append(i == 0 ? "" : " ").append(ImapArgs.render(item.fields().get(i)));
                    }
                    name.append(')');
                }
                name.append(']');
                if (item.partialLength() >= 0) {
                    name.append('<').append(item.partialStart()).append('>');
                    int from = (int) Math.min(item.partialStart(), part.length);
                    int to = (int) Math.min(from + item.partialLength(), part.length);
                    part = Arrays.copyOfRange(part, from, to);
                }
                r.text(name + " ").literal(part);
        }
    }

    private static byte[] section(byte[] content, int body, Item item) {
        switch (item.section()) {
            case "":
                return content;
            case "HEADER":
                return Arrays.copyOfRange(content, 0, body);
            case "TEXT":
                return Arrays.copyOfRange(content, body, content.length);
            default:
                return ImapEnvelope.headerFields(content, body, item.fields(), item.section().endsWith(".NOT"));
        }
    }
}
