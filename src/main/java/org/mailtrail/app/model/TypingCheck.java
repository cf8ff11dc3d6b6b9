package org.mailtrail.app.model;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;

/**
 * The world editor's check while a field is being typed in (docs/worlds.md, "The world editor"): what the world
 * loader would say about the world with the text as it stands, shown next to the field before the edit is made
 * (Enter or leaving the field makes it). Nothing is changed and nothing goes on the undo stack; a problem the
 * world already had is not the typed text's and is not repeated. The check runs in the background; only the
 * answer to the latest text counts.
 */
public final class TypingCheck {
    private final TaskRunner tasks;
    private final Supplier<WorldDraft> draft;
    private final Supplier<WorldLoader> loader;
    private final Supplier<String> standing;
    private final StringProperty field = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private int generation;

    /**
     * @param draft    the editor's current world
     * @param loader   the loader whose rules and messages the editor uses
     * @param standing the problem the current world has already (empty if none)
     */
    TypingCheck(TaskRunner tasks, Supplier<WorldDraft> draft, Supplier<WorldLoader> loader, Supplier<String> standing) {
        this.tasks = tasks;
        this.draft = draft;
        this.loader = loader;
        this.standing = standing;
    }

    /**
     * Checks the world {@code change} would make, for the field named {@code fieldId} (the view's own name for it);
     * the answer arrives in {@link #problemProperty()}.
     */
    public void check(String fieldId, UnaryOperator<WorldDraft> change) {
        int gen = ++generation;
        WorldDraft d = draft.get();
        field.set(fieldId);
        if (d == null) {
            problem.set("");
            return;
        }
        WorldDraft next;
        try {
            next = change.apply(d);
        } catch (IllegalArgumentException e) { // not a DNS name, an address, a line break: the editor's own words
            problem.set(e.getMessage());
            return;
        }
        if (next.equals(d)) {
            problem.set("");
            return;
        }
        String before = standing.get();
        tasks.run(() -> {
            try {
                next.check(loader.get());
                return "";
            } catch (WorldException e) {
                String p = WorldSaving.plain(e.getMessage(), next);
                return p.equals(before) ? "" : p;
            }
        }, p -> {
            if (gen == generation) {
                problem.set(p);
            }
        }, e -> {
            if (gen == generation) {
                problem.set(LocalizedError.of(e, null));
            }
        });
    }

    /** {@link WorldEditorViewModel#setHostField} as it would be with {@code value}; the view names it {@code fieldId}. */
    public void hostField(String fieldId, String host, String field, String value) {
        check(fieldId, d -> org.mailtrail.world.WorldEdits.setHostField(d, host, field, value));
    }

    /** {@link WorldEditorViewModel#set} as it would be with {@code value}. */
    public void setting(String fieldId, String path, Object value) {
        check(fieldId, d -> d.set(path, value));
    }

    /** Forgets the field being typed in (the edit was made, or given up). */
    public void clear() {
        ++generation;
        field.set("");
        problem.set("");
    }

    /** The field the last check was for, as the view named it. */
    public ReadOnlyStringProperty fieldProperty() {
        return field;
    }

    /** What the loader says about the typed text; empty when it would be accepted. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }
}
