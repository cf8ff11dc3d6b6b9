package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.smtp.AddressException;
import org.mailtrail.smtp.Addresses;

/**
 * A message as the user composed it: the envelope comes from From, To and Cc; the header fields
 * and body from the rest.
 */
public record Compose(String from, List<String> to, List<String> cc, String subject, String body) {

    public Compose {
        to = List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
    }

    /**
     * A problem with one field, for the compose form and the command line: the English {@code message}, and for the
     * form's other languages a {@code code} ({@code address.invalid}, ...) with its {@code args}.
     */
    public record FieldError(String field, String message, String code, List<String> args) {
        public FieldError {
            args = List.copyOf(args);
        }

        /** A problem with no code of its own. */
        public FieldError(String field, String message) {
            this(field, message, "", List.of());
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** All recipients, To then Cc, without duplicates. */
    public List<String> recipients() {
        List<String> all = new ArrayList<>();
        for (String r : to) {
            if (!all.contains(r.trim())) {
                all.add(r.trim());
            }
        }
        for (String r : cc) {
            if (!all.contains(r.trim())) {
                all.add(r.trim());
            }
        }
        return all;
    }

    /**
     * Checks every field, allowing up to {@link #MAX_RECIPIENTS} recipients; an empty list means the message can be
     * sent.
     */
    public List<FieldError> validate() {
        return validate(MAX_RECIPIENTS);
    }

    /** The recipients one SMTP transaction must be able to take (RFC 5321 §4.5.3.1.8). */
    public static final int MAX_RECIPIENTS_PER_TRANSACTION = 100;

    /**
     * The most recipients one message takes, here and in {@code mailtrail send}: a sender puts them into transactions
     * of at most {@link #MAX_RECIPIENTS_PER_TRANSACTION}.
     */
    public static final int MAX_RECIPIENTS = 1000;

    /**
     * The problems of each field, allowing up to {@code maxRecipients} recipients (a sender that splits them into
     * transactions of at most {@link #MAX_RECIPIENTS_PER_TRANSACTION} may take more).
     */
    public List<FieldError> validate(int maxRecipients) {
        List<FieldError> errors = new ArrayList<>();
        checkAddress(errors, "from", from);
        if (to.isEmpty()) {
            errors.add(new FieldError("to", "at least one recipient is needed", "to.none", List.of()));
        }
        for (String t : to) {
            checkAddress(errors, "to", t);
        }
        for (String c : cc) {
            checkAddress(errors, "cc", c);
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            errors.add(new FieldError("subject", "a subject is one line: it must not contain CR or LF", "subject.line",
                    List.of()));
        }
        if (subject.length() > 900) {
            errors.add(new FieldError("subject", "longer than 900 characters", "subject.long", List.of("900")));
        }
        if (recipients().size() > maxRecipients) {
            String rfc = maxRecipients == MAX_RECIPIENTS_PER_TRANSACTION ? " (RFC 5321 §4.5.3.1.8)" : "";
            errors.add(new FieldError("to", "more than " + maxRecipients + " recipients" + rfc, "to.many",
                    List.of(Integer.toString(maxRecipients), rfc)));
        }
        return errors;
    }

    private static void checkAddress(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "an address is needed", "address.missing", List.of()));
            return;
        }
        try {
            Addresses.parseMailbox(value.trim());
        } catch (AddressException e) {
            errors.add(new FieldError(field, "'" + printable(value) + "' is not a mailbox: " + e.getMessage(),
                    "address.invalid", List.of(printable(value), e.position() < 0 ? "" : Integer.toString(e.position() + 1),
                    e.getMessage())));
        }
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
