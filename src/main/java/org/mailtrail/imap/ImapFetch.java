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
 * BODYSTRUCTURE and BODY ({@link ImapBodyStructure}), BODY[section]&lt;partial&gt; and BODY.PEEK[...] with the
 * sections "", HEADER, TEXT, HEADER.FIELDS (..) and HEADER.FIELDS.NOT (..), each of them after part numbers too
 * (1.2, 2.HEADER), and part.MIME; and the macros ALL, FAST and FULL. Every non-PEEK body section sets \Seen (not
 * in a read-only mailbox); the new FLAGS are then sent even if not asked for. A part the message does not have is
 * answered NIL.
 */
final class ImapFetch {

    /**
     * One data item; {@code section} is null unless it is BODY[...], then it is the section as echoed ("1.2.MIME"),
     * {@code part} its part numbers and {@code text} the rest ("", HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or
     * MIME); {@code partialLength} is -1 if not partial.
     */
    record Item(String name, String section, List<Integer> part, String text, List<String> fields, boolean peek,
                long partialStart, long partialLength) {
        static Item simple(String name) {
            return new Item(name, null, List.of(), "", List.of(), false, 0, -1);
        }

        boolean setsSeen() {
            return section != null ? !peek : name.equals("RFC822") || name.equals("RFC822.TEXT");
        }
    }

    private static final Set<String> SIMPLE = Set.of("FLAGS", "UID", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE",
            "RFC822", "RFC822.HEADER", "RFC822.TEXT", "BODYSTRUCTURE");
    private static final Set<String> SECTION_TEXTS = Set.of("", "HEADER", "TEXT", "HEADER.FIELDS", "HEADER.FIELDS.NOT");

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
                case "FULL":
                    items.addAll(List.of(Item.simple("FLAGS"), Item.simple("INTERNALDATE"), Item.simple("RFC822.SIZE"),
                            Item.simple("ENVELOPE"), Item.simple("BODY")));
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
        if (SIMPLE.contains(name) || name.equals("BODY") && args.peek() != '[') {
            return Item.simple(name);
        }
        if (!(name.equals("BODY") || name.equals("BODY.PEEK")) || args.peek() != '[') {
            throw new ImapParseException(name.isEmpty() ? "Expected a data item"
                    : "Unsupported data item " + ImapArgs.render(name));
        }
        args.expect('[', "'['");
        String section = word(args);
        List<Integer> part = new ArrayList<>();
        String text = sectionText(section, part);
        List<String> fields = new ArrayList<>();
        if (text.equals("HEADER.FIELDS") || text.equals("HEADER.FIELDS.NOT")) {
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
        return new Item("BODY", section, List.copyOf(part), text, fields, name.equals("BODY.PEEK"), start, length);
    }

    /**
     * Splits a section-spec (RFC 3501 §9) into its part numbers (nz-number *("." nz-number), added to {@code part})
     * and the section text after them, which it returns.
     */
    private static String sectionText(String section, List<Integer> part) throws ImapParseException {
        String rest = section;
        while (!rest.isEmpty() && rest.charAt(0) >= '0' && rest.charAt(0) <= '9') {
            int dot = rest.indexOf('.');
            String number = dot < 0 ? rest : rest.substring(0, dot);
            if (!number.matches("[1-9][0-9]{0,8}") || dot == rest.length() - 1) {
                throw new ImapParseException("Bad part number in section " + ImapArgs.render(section));
            }
            part.add(Integer.parseInt(number));
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        if (!SECTION_TEXTS.contains(rest) && !(rest.equals("MIME") && !part.isEmpty())) {
            throw new ImapParseException("Unsupported section " + ImapArgs.render(section));
        }
        return rest;
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
        ImapMimePart structure = null;
        for (Item item : items) {
            r.text(sep);
            sep = " ";
            boolean needsStructure = item.section() == null
                    ? item.name().equals("BODY") || item.name().equals("BODYSTRUCTURE") : !item.part().isEmpty();
            if (needsStructure && structure == null) {
                structure = ImapMimeParser.parse(content, m.bodyOffset());
            }
            item(m, content, structure, item, r);
        }
        r.text(")").crlf();
    }

    private static void item(StoredMessage m, byte[] content, ImapMimePart structure, Item item, ImapResponse r) {
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
            case "BODYSTRUCTURE":
                r.text("BODYSTRUCTURE ");
                ImapBodyStructure.write(content, structure, true, r);
                break;
            default:
                if (item.section() == null) { // BODY
                    r.text("BODY ");
                    ImapBodyStructure.write(content, structure, false, r);
                    break;
                } // BODY[section]<partial>
                byte[] part = item.part().isEmpty() ? section(content, body, item)
                        : ImapBodyStructure.section(content, structure, item);
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
                }
                if (part == null) {
                    r.text(name + " NIL");
                    break;
                }
                if (item.partialLength() >= 0) {
                    int from = (int) Math.min(item.partialStart(), part.length);
                    int to = (int) Math.min(from + item.partialLength(), part.length);
                    part = Arrays.copyOfRange(part, from, to);
                }
                r.text(name + " ").literal(part);
        }
    }

    private static byte[] section(byte[] content, int body, Item item) {
        switch (item.text()) {
            case "":
                return content;
            case "HEADER":
                return Arrays.copyOfRange(content, 0, body);
            case "TEXT":
                return Arrays.copyOfRange(content, body, content.length);
            default:
                return ImapEnvelope.headerFields(content, body, item.fields(), item.text().endsWith(".NOT"));
        }
    }
}
