package org.mailtrail.imap;

import java.nio.charset.StandardCharsets;

/** A received command as one line safe to display: literals inline, the LOGIN password and AUTHENTICATE data hidden. */
final class ImapShownLine {
    static final String HIDDEN = "********";

    private ImapShownLine() {
    }

    /** The line for a command whose tag and upper-case verb (possibly "") have been read. */
    static String of(ImapLineReader.Command command, String tag, String verb) {
        if (verb.equals("LOGIN")) {
            ImapArgs args = new ImapArgs(command);
            args.takeWhile(c -> c != ' ');
            args.take(' ');
            args.takeWhile(ImapArgs::isAtomCharInt);
            try {
                args.sp();
                return tag + " LOGIN " + ImapArgs.render(args.astring()) + " " + HIDDEN;
            } catch (ImapParseException e) {
                return tag + " LOGIN " + HIDDEN;
            }
        }
        if (verb.equals("AUTHENTICATE")) {
            String first = command.texts().get(0);
            String[] words = first.split(" ", 4);
            return tag + " AUTHENTICATE" + (words.length > 2 ? " " + words[2] : "") + (words.length > 3 ? " " + HIDDEN : "");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < command.texts().size(); i++) {
            String text = command.texts().get(i);
            if (i < command.literals().size()) {
                int marker = ImapLineReader.literalMarker(text);
                b.append(text, 0, marker)
                        .append(ImapArgs.render(new String(command.literals().get(i), StandardCharsets.UTF_8)));
            } else {
                b.append(text);
            }
        }
        return b.toString();
    }
}
