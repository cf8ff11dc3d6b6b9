package org.mailtrail.app.model;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.Role;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldEdits;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;
import org.mailtrail.world.WorldTemplates;
import org.mailtrail.world.ZoneRecord;

/**
 * The world editor (docs/worlds.md, "The world editor"): hosts, faults and DNS records of the current scenario's
 * world. It owns no rules: every edit gives a new {@link WorldDraft}, which the {@link WorldLoader} checks in the
 * background, with the CLI's messages; a valid edited world becomes the main window's world at once, so Run uses
 * it. Every edit can be undone and redone; "modified" says the draft differs from what was opened or saved.
 */
public final class WorldEditorViewModel extends WorldEditorState {
    /** A host as the host table shows it. */
    public record HostRow(String name, String role, String fault, boolean problem) {
    }

    /** A zone record as the record table shows it; {@code index} is its place in the whole zone. */
    public record RecordRow(int index, String owner, long ttl, String type, String data, boolean problem) {
    }

    private final TaskRunner tasks;
    private final ObjectProperty<World> world;
    private final TypingCheck typing;
    private WorldLoader loader;
    private ResourceBundle texts = bundle(Locale.ENGLISH);

    private final Deque<WorldDraft> undo = new ArrayDeque<>();
    private final Deque<WorldDraft> redo = new ArrayDeque<>();
    private WorldDraft saved;
    /** The world as the scenario loaded it, shown again when the edits are undone. */
    private World original;
    /** The last world this editor put into {@link #world}, so that it does not open it again. */
    private World published;
    private int generation;
    /** Set from a new world (a template) until it is first put into {@link #world}. */
    private boolean announceNew;
    private java.util.function.Consumer<World> onNewWorld = w -> { };
    private java.util.function.Consumer<Path> onSaved = f -> { };


    /** Edits the world in {@code world} (the main window's), and puts a valid edited world back into it. */
    public WorldEditorViewModel(TaskRunner tasks, ObjectProperty<World> world) {
        this.tasks = tasks;
        this.world = world;
        typing = new TypingCheck(tasks, draft::get, this::loader, problem::get);
        world.addListener((o, old, w) -> {
            if (w != null && w != published) {
                original = w;
                open(WorldSaving.sourceOf(w));
            }
        });
        domain.addListener((o, a, b) -> showRecords());
    }

    /** The editor's texts (org/mailtrail/app/editor) in a language of the app. */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.mailtrail.app.editor", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** Says the MX order and the notes in the window's language. */
    public void useTexts(ResourceBundle editorTexts) {
        texts = editorTexts;
        if (draft.get() != null) {
            show(draft.get()); // "edited, not saved" and the MX order in the new language too (a tester)
        }
    }

    private WorldLoader loader() {
        synchronized (this) {
            if (loader == null) {
                loader = new WorldLoader();
            }
            return loader;
        }
    }

    // ---- opening ----

    /** Opens a world file in the editor (in the background); a hand-written user's file is shown read-only. */
    public void open(WorldSource source) {
        start(() -> WorldDraft.open(loader(), source));
    }

    /**
     * Opens the edited world a saved session carries (docs/session-format.md); it becomes the window's world once
     * checked, so Run runs it again.
     */
    public void openEmbedded(org.mailtrail.timeline.SessionInfo.EmbeddedWorld w) {
        original = null;
        start(() -> WorldDraft.embedded(loader(), w.file(), w.yaml(), w.zone()));
    }

    /** Starts a new world from a template; it becomes the window's world once checked. */
    public void newWorld(WorldTemplates template) {
        original = null;
        announceNew = true;
        start(() -> template.draft(loader()));
    }

    /**
     * Called with a new world (from a template) when it first becomes the window's world: the window takes its
     * proposed message and route, and drops the session of the world before.
     */
    public void setOnNewWorld(java.util.function.Consumer<World> action) {
        onNewWorld = action;
    }

    /** Called with the file a world was saved as (the window lists it among the scenarios, chosen). */
    public void setOnSaved(java.util.function.Consumer<Path> action) {
        onSaved = action;
    }

    private interface DraftWork {
        WorldDraft get() throws WorldException;
    }

    private void start(DraftWork work) {
        int gen = ++generation;
        checking.set(true);
        tasks.run(() -> {
            try {
                return work.get();
            } catch (WorldException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, d -> {
            if (gen != generation) {
                return;
            }
            undo.clear();
            redo.clear();
            saved = original == null ? null : d;
            readOnly.set(d.handWritten() != null);
            readOnlyNote.set(d.handWritten() == null ? ""
                    : format("editor.readonly", d.handWritten()));
            inputError.set("");
            show(d);
        }, e -> {
            if (gen == generation) {
                checking.set(false);
                problem.set(LocalizedError.of(e, null));
            }
        });
    }

    /** Makes a read-only (hand-written) world editable as a copy, saved only under a new name. */
    public void editCopy() {
        if (draft.get() != null && readOnly.get()) {
            readOnly.set(false);
            readOnlyNote.set("");
            WorldDraft copy = draft.get().asCopy();
            saved = copy;
            draft.set(copy);
        }
    }

    // ---- edits ----

    /**
     * Applies an edit: the new draft becomes current (undoable) and is checked; an edit refused for what was typed
     * (not a DNS name, an address, a duplicate) changes nothing and says why in {@link #inputErrorProperty()}.
     */
    public boolean edit(UnaryOperator<WorldDraft> change) {
        WorldDraft d = draft.get();
        if (d == null || readOnly.get()) {
            return false;
        }
        WorldDraft next;
        try {
            next = change.apply(d);
        } catch (IllegalArgumentException e) {
            inputError.set(e.getMessage());
            return false;
        }
        inputError.set("");
        if (next.equals(d)) {
            return true;
        }
        undo.push(d);
        redo.clear();
        show(next);
        return true;
    }

    public boolean addHost(String name, Role role) {
        return edit(d -> WorldEdits.addHost(d, name, role));
    }

    /** Places a host in a cell of the map (dragged there); saved in the world file's {@code layout:}. */
    public boolean moveHost(String name, int column, int row) {
        return edit(d -> WorldEdits.moveHost(d, name, column, row));
    }

    /** Removes a host, its addresses and the MX and CNAME records that point at it (said in the notice). */
    public boolean removeHost(String name) {
        List<ZoneRecord> pointing = draft.get() == null ? List.of() : WorldEdits.recordsPointingAt(draft.get(), name);
        boolean done = edit(d -> WorldEdits.removeHost(d, name));
        if (done && !pointing.isEmpty()) {
            notice.set(format("editor.removedRecords", name,
                    String.join("; ", pointing.stream().map(ZoneRecord::line).toList())));
        }
        return done;
    }

    /** A new zone (SOA, NS and the name server's address), chosen in the record table. */
    public boolean addDomain(String typed) {
        boolean done = edit(d -> WorldEdits.addDomain(d, typed));
        if (done) {
            domain.set(World.normalise(typed.strip()));
        }
        return done;
    }

    public boolean removeDomain(String name) {
        return edit(d -> WorldEdits.removeDomain(d, name));
    }

    /** The world's {@code title} or {@code description} (blank removes it). */
    public boolean setText(String field, String value) {
        return edit(d -> WorldEdits.setText(d, field, value));
    }

    public boolean renameHost(String old, String name) {
        return edit(d -> WorldEdits.renameHost(d, old, name));
    }

    public boolean setRole(String host, Role role) {
        return edit(d -> d.withHost(host, h -> h.put("role", role.name().toLowerCase(Locale.ROOT))));
    }

    /**
     * Sets a host's text field ({@code user}, {@code address}, {@code smartHost}, {@code mailboxHost}) or list field
     * ({@code localDomains}, {@code mailboxes}, {@code relayFrom}: names separated by commas or spaces); blank
     * removes it.
     */
    public boolean setHostField(String host, String field, String value) {
        return edit(d -> WorldEdits.setHostField(d, host, field, value));
    }

    /** The world's proposed message ({@code defaults:}) becomes {@code m}, e.g. the message composed in the window. */
    public boolean setDefaultMessage(org.mailtrail.engine.Compose m) {
        return edit(d -> WorldEdits.defaultMessage(d, m.from(), m.to(), m.cc(), m.subject(), m.body()));
    }

    /** The software name in the banner and {@code Received:} lines. */
    public boolean setBanner(String host, String software) {
        return edit(d -> WorldEdits.setHostField(d, host, "smtp.software", software));
    }

    public boolean setStarttls(String host, boolean on) {
        return edit(d -> d.withHost(host, h -> h.with("smtp").put("starttls", on)));
    }

    public boolean setFault(String host, HostFault fault, String parameter) {
        return edit(d -> WorldEdits.setFault(d, host, fault, parameter));
    }

    /** The one-way latency of the link between two hosts, in milliseconds (replaces an earlier one). */
    public boolean setLatency(String a, String b, double ms) {
        return edit(d -> WorldEdits.setLatency(d, a, b, ms));
    }

    /** Sets a value at a dotted path of the world file ({@code retry.intervalMinutes}, {@code defaults.route}, …). */
    public boolean set(String path, Object value) {
        return edit(d -> d.set(path, value));
    }

    /** A user's password (AUTH, POP3, IMAP in the lab); {@code address} null sets the default password. */
    public boolean setPassword(String address, String password) {
        if (address == null) {
            return set("users.defaultPassword", password);
        }
        if (password == null || password.isBlank()) { // the default password again
            return edit(d -> d.withTree(t -> t.with("users").with("passwords").remove(address.strip())));
        }
        return edit(d -> d.withTree(t -> t.with("users").with("passwords").put(address.strip(), password)));
    }

    public boolean addRecord(String type, String owner, long ttl, String value, int preference) {
        return edit(d -> WorldEdits.putRecord(d, -1, ZoneRecord.of(type, owner, ttl, value, preference)));
    }

    public boolean replaceRecord(int index, String type, String owner, long ttl, String value, int preference) {
        return edit(d -> WorldEdits.putRecord(d, index, ZoneRecord.of(type, owner, ttl, value, preference)));
    }

    /** Changes an MX record's preference, keeping its exchange. */
    public boolean setMxPreference(int index, int preference) {
        ZoneRecord r = draft.get().records().get(index);
        return replaceRecord(index, r.type(), r.owner(), r.ttl(), r.target(), preference);
    }

    public boolean removeRecord(int index) {
        return edit(d -> WorldEdits.putRecord(d, index, null));
    }

    public void undo() {
        if (!undo.isEmpty() && !readOnly.get()) {
            redo.push(draft.get());
            show(undo.pop());
        }
    }

    public void redo() {
        if (!redo.isEmpty() && !readOnly.get()) {
            undo.push(draft.get());
            show(redo.pop());
        }
    }

    // ---- showing and checking ----

    private void show(WorldDraft d) {
        typing.clear();
        notice.set(""); // "Saved …" is no longer true of the world shown (saving says it again after this)
        draft.set(d);
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        modified.set(!d.equals(saved));
        inUse.set(!modified.get() ? "" : format(saved == null ? "editor.inUse.new" : "editor.inUse.edited", nameOf(d)));
        List<String> origins = WorldEdits.zones(d);
        if (!domains.equals(origins)) {
            String keep = domain.get();
            domains.setAll(origins);
            domain.set(origins.contains(keep) ? keep : origins.isEmpty() ? null : origins.get(0));
        }
        check();
    }

    private void check() {
        WorldDraft d = draft.get();
        int gen = ++generation;
        ResourceBundle t = texts;
        checking.set(true);
        tasks.run(() -> {
            try {
                World w = d.check(loader());
                return new Checked(w, MxSummary.lines(w, t), null);
            } catch (WorldException e) {
                return new Checked(null, List.of(), e);
            }
        }, c -> {
            if (gen != generation) {
                return;
            }
            checking.set(false);
            valid.set(c.world != null);
            problem.set(c.world != null ? "" : WorldSaving.plain(c.problem.getMessage(), d));
            placeProblem(c.problem, d);
            showRows(d);
            if (c.world != null) {
                mxOrder.setAll(c.mx);
                boolean edited = !d.equals(saved) || original == null;
                World next = edited || original == null ? c.world : original;
                if (world.get() != next) {
                    published = next;
                    world.set(next);
                }
                if (announceNew) {
                    announceNew = false;
                    onNewWorld.accept(next);
                }
            }
        }, e -> {
            if (gen == generation) {
                checking.set(false);
                valid.set(false);
                problem.set(LocalizedError.of(e, null));
            }
        });
    }

    private record Checked(World world, List<String> mx, WorldException problem) {
    }

    private void placeProblem(WorldException e, WorldDraft d) {
        WorldSaving.Place p = WorldSaving.place(e, d);
        problemField.set(p.field());
        problemHost.set(p.host());
        problemRecord.set(p.record());
    }

    private void showRows(WorldDraft d) {
        List<HostRow> rows = WorldSaving.hostRows(d, problemHost.get(), this::faultName);
        if (!hosts.equals(rows)) {
            hosts.setAll(rows);
        }
        showRecords();
    }

    private void showRecords() {
        if (draft.get() != null) {
            List<RecordRow> rows = WorldSaving.recordRows(draft.get(), domains, domain.get(), problemRecord.get());
            if (!records.equals(rows)) {
                records.setAll(rows);
            }
        }
    }

    /** The fault a host has now and its parameter (delay, recipient or reply). */
    public java.util.Map.Entry<HostFault, String> faultOf(String host) {
        return draft.get() == null ? java.util.Map.entry(HostFault.NONE, "") : WorldEdits.faultOf(draft.get(), host);
    }

    /** The fault's name in the window's language. */
    public String faultName(HostFault f) {
        return texts.getString("editor.fault." + f.name().toLowerCase(Locale.ROOT));
    }

    private static String nameOf(WorldDraft d) {
        String n = d.text("name");
        return n == null || n.isBlank() ? "world" : n;
    }

    private String format(String key, Object... args) {
        return new java.text.MessageFormat(texts.getString(key), texts.getLocale()).format(args);
    }

    /** True when the world shown has edits that were not saved (a new world counts): giving it up loses them. */
    public boolean unsavedEdits() {
        return draft.get() != null && modified.get();
    }

    // ---- run and save ----

    /** Empty when Run may go ahead; else why the edited world cannot run (the loader's message). */
    public String whyNotRunnable() {
        if (draft.get() == null || !modified.get() && saved != null) {
            return "";
        }
        if (checking.get()) {
            return texts.getString("editor.checking");
        }
        return valid.get() ? "" : format("editor.cannotRun", problem.get());
    }

    /**
     * Saves the edited world as {@code file} (a world YAML that extends the built-in default world and holds only
     * what differs) and its zone file beside it ({@code NAME.zone}), each written whole or not at all; then reads
     * them back and checks that they give the same world. A file written by hand is never written over.
     */
    public void saveAs(Path file) {
        WorldDraft d = draft.get();
        if (d == null) {
            return;
        }
        if (!valid.get()) {
            inputError.set(format("editor.cannotSave", problem.get()));
            return;
        }
        String stem = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
        Path zone = file.resolveSibling(stem + ".zone");
        checking.set(true);
        tasks.run(() -> WorldSaving.save(loader(), d, file, zone, texts), again -> {
            checking.set(false);
            // the world as saved (its name is the file's, its title and description say what it is now) is shown
            // and run from now on; the edits before it can still be undone
            original = null;
            saved = again;
            show(again);
            notice.set(format("editor.saved", file.getFileName(), zone.getFileName()));
            onSaved.accept(file);
        }, e -> {
            checking.set(false);
            inputError.set(LocalizedError.of(e, null));
        });
    }

    // ---- properties: WorldEditorState ----

    /** The check of a field while it is typed in, before the edit is made. */
    public TypingCheck typing() { return typing; }
}
