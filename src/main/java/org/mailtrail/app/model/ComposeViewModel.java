package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.mailtrail.engine.Compose;
import org.mailtrail.world.World;

/** The compose form: its fields and the error shown next to each; no JavaFX controls here. */
public final class ComposeViewModel {
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final StringProperty cc = new SimpleStringProperty("");
    private final StringProperty subject = new SimpleStringProperty("");
    private final StringProperty body = new SimpleStringProperty("");
    private final StringProperty fromError = new SimpleStringProperty("");
    private final StringProperty toError = new SimpleStringProperty("");
    private final StringProperty ccError = new SimpleStringProperty("");
    private final StringProperty subjectError = new SimpleStringProperty("");

    /**
     * The longest body the form shows and lets one edit, in characters. A text control lays its whole text out on the
     * FX thread: a body of megabytes (an opened session of a large message) would hold the window for minutes. A
     * longer body is held here as it is, the form shows its beginning, read-only, and Run sends it whole.
     */
    public static final int EDITABLE_BODY = 256 * 1024;
    /** How much of a held body the form shows. */
    static final int HELD_PREVIEW = 4 * 1024;
    /** A body too long for the form, sent as it is; null when the form's body is the message's. */
    private String held;
    /** What the form shows of {@link #held}. */
    private String heldPreview;
    private final ReadOnlyIntegerWrapper heldLength = new ReadOnlyIntegerWrapper(0);

    private java.util.ResourceBundle messages;
    /** Who the world in use has as users (null: no world known, no note). */
    private java.util.function.Predicate<String> users;
    private final StringProperty fromNote = new SimpleStringProperty("");

    public ComposeViewModel() {
        // an error goes as soon as its field is edited; the next Run checks the fields again
        from.addListener((o, a, v) -> {
            fromError.set("");
            noteSender();
        });
        to.addListener((o, a, v) -> toError.set(""));
        cc.addListener((o, a, v) -> ccError.set(""));
        subject.addListener((o, a, v) -> subjectError.set(""));
        // a body set from elsewhere (not the preview of a held one) is the message's body again
        body.addListener((o, a, v) -> {
            if (held != null && !java.util.Objects.equals(v, heldPreview)) {
                held = null;
                heldPreview = null;
                heldLength.set(0);
            }
        });
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public StringProperty ccProperty() {
        return cc;
    }

    public StringProperty subjectProperty() {
        return subject;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    /** The length in characters of a body held because it is too long for the form ({@link #EDITABLE_BODY}); 0: none. */
    public ReadOnlyIntegerProperty heldBodyLengthProperty() {
        return heldLength.getReadOnlyProperty();
    }

    /** Lets go of a held body: the form's body is empty and editable again. */
    public void replaceHeldBody() {
        held = null;
        heldPreview = null;
        heldLength.set(0);
        body.set("");
    }

    public StringProperty fromErrorProperty() {
        return fromError;
    }

    /**
     * A note under From, not an error (Run still runs): the sender is not a user of the world in use, so a server
     * that asks its mail client to log in refuses it (535) — a tester read that as a lesson on authentication after
     * opening a live session, whose sender the form then shows.
     */
    public StringProperty fromNoteProperty() {
        return fromNote;
    }

    /** The users of the world in use ({@link #fromNoteProperty}); null when no world is known. */
    public void usersOf(java.util.function.Predicate<String> isUser) {
        this.users = isUser;
        noteSender();
    }

    private void noteSender() {
        String a = from.get() == null ? "" : bare(from.get().trim());
        boolean foreign = users != null && isMailbox(a) && !users.test(a);
        fromNote.set(foreign ? LocalizedError.text(messages, "compose.note.notAUser",
                "not a user of this world: a server that asks for a login will refuse it (535 5.7.8)",
                List.of()) : "");
    }

    private static boolean isMailbox(String a) {
        try {
            org.mailtrail.smtp.Addresses.parseMailbox(a);
            return true;
        } catch (org.mailtrail.smtp.AddressException e) {
            return false; // Run says what is wrong with it
        }
    }

    public StringProperty toErrorProperty() {
        return toError;
    }

    public StringProperty ccErrorProperty() {
        return ccError;
    }

    public StringProperty subjectErrorProperty() {
        return subjectError;
    }

    /** Fills the form with a world's proposed message. */
    public void fill(World.Defaults d) {
        fill(d.from(), d.to(), d.cc(), d.subject(), d.body());
    }

    /** Fills the form with the message a session sent (an opened log, a lesson's journey). */
    public void fill(org.mailtrail.engine.Compose c) {
        fill(c.from(), c.to(), c.cc(), c.subject(), c.body());
    }

    private void fill(String sender, java.util.List<String> recipients, java.util.List<String> copies, String title,
                      String text) {
        from.set(sender);
        to.set(String.join(", ", recipients));
        cc.set(String.join(", ", copies));
        subject.set(title);
        if (text != null && text.length() > EDITABLE_BODY) {
            int cut = Character.isHighSurrogate(text.charAt(HELD_PREVIEW - 1)) ? HELD_PREVIEW - 1 : HELD_PREVIEW;
            held = text;
            heldPreview = text.substring(0, cut) + "\n[…]";
            heldLength.set(text.length());
            body.set(heldPreview);
        } else {
            held = null;
            heldPreview = null;
            heldLength.set(0);
            body.set(text);
        }
        clearErrors();
    }

    private void clearErrors() {
        fromError.set("");
        toError.set("");
        ccError.set("");
        subjectError.set("");
    }

    /**
     * The message as typed; addresses are split at commas, semicolons and spaces, and of
     * {@code Bob Smith <bob@example.net>} the address in angle brackets is taken.
     */
    public Compose toCompose() {
        return new Compose(from.get() == null ? "" : bare(from.get().trim()), split(to.get()), split(cc.get()),
                subject.get(), held != null ? held : body.get());
    }

    /** Of {@code Name <address>} the address; anything else as it is. */
    private static String bare(String item) {
        int lt = item.lastIndexOf('<');
        return lt >= 0 && item.endsWith(">") ? item.substring(lt + 1, item.length() - 1).trim() : item;
    }

    /** Says the problems of the fields in the language of {@code ui} (null: in English, as the command line does). */
    public void useMessages(java.util.ResourceBundle ui) {
        this.messages = ui;
        noteSender();
    }

    /** Checks every field and shows each problem next to its field; true when the message can go. */
    public boolean validate() {
        clearErrors();
        List<Compose.FieldError> errors = toCompose().validate();
        for (Compose.FieldError e : errors) {
            StringProperty target = switch (e.field()) {
                case "from" -> fromError;
                case "cc" -> ccError;
                case "subject" -> subjectError;
                default -> toError;
            };
            String text = LocalizedError.text(messages, "compose.error." + e.code(), e.message(), e.args());
            target.set(target.get().isEmpty() ? text : target.get() + "; " + text);
        }
        return errors.isEmpty();
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String item : s.split("[,;]+")) {
            String t = item.trim();
            if (t.lastIndexOf('<') >= 0 && t.endsWith(">")) {
                out.add(bare(t)); // "Bob Smith <bob@example.net>"
                continue;
            }
            for (String part : t.split("\\s+")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
