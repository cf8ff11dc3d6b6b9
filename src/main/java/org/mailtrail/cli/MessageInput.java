package org.mailtrail.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mailtrail.engine.Compose;

/** The message as the commands that send one take it: body from --body or --body-file, every field checked. */
final class MessageInput {
    private MessageInput() {
    }

    /** The body text: {@code body}, the UTF-8 content of {@code bodyFile}, or {@code fallback}; both given is bad usage. */
    static String body(String body, Path bodyFile, String fallback) {
        if (body != null && bodyFile != null) {
            throw new CliException(MailTrailCli.USAGE, "give --body or --body-file, not both");
        }
        if (bodyFile == null) {
            return body == null ? fallback : body;
        }
        try {
            return Files.readString(bodyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.USAGE, "--body-file " + bodyFile + ": cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
    }

    /** {@code c} when every field is valid; otherwise bad usage naming each option and its problem. */
    static Compose checked(Compose c) {
        return checked(c, null, java.util.Set.of());
    }

    /** {@link #checked(Compose)} allowing up to {@code maxRecipients} recipients (a sender that splits them). */
    static Compose checked(Compose c, int maxRecipients) {
        return report(c.validate(maxRecipients), c, null, java.util.Set.of());
    }

    /**
     * {@link #checked(Compose)} for a message whose fields named in {@code fromWorld} came from the defaults of the
     * world file {@code world}: an error in one of those names the file and {@code defaults.FIELD}, not an option.
     */
    static Compose checked(Compose c, String world, java.util.Set<String> fromWorld) {
        return report(c.validate(), c, world, fromWorld);
    }

    private static Compose report(List<Compose.FieldError> errors, Compose c, String world,
                                  java.util.Set<String> fromWorld) {
        if (errors.isEmpty()) {
            return c;
        }
        StringBuilder m = new StringBuilder("bad input:");
        for (Compose.FieldError fe : errors) {
            m.append("\n  ").append(fromWorld.contains(fe.field()) ? world + ": defaults." + fe.field() : "--" + fe.field())
                    .append(": ").append(fe.message());
        }
        throw new CliException(MailTrailCli.USAGE, m.toString());
    }
}
