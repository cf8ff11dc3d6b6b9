package org.mailtrail.app.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldException;
import org.mailtrail.world.WorldLoader;

/** The main window's state and commands: scenario, route, Run, and the session being shown. */
public final class MainViewModel {
    private final TaskRunner tasks;
    private WorldLoader loader;
    private final Map<String, World> worlds = new HashMap<>();
    private final ComposeViewModel compose = new ComposeViewModel();
    private final SessionViewModel session = new SessionViewModel();
    private final ObservableList<String> scenarios = FXCollections.observableArrayList(WorldLoader.BUILT_IN);
    private final StringProperty scenario = new SimpleStringProperty();
    private final ObjectProperty<Route> route = new SimpleObjectProperty<>(Route.DIRECT);
    private final ObjectProperty<World> world = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");
    private java.util.ResourceBundle messages;
    private boolean restoring;

    private final RecentFiles recent;
    private final StringProperty notice = new SimpleStringProperty("");
    private final LiveViewModel live;
    private final ServerViewModel server;
    private final ProxyViewModel proxy;
    private final LabViewModel lab;
    private final LessonViewModel lessons;
    /** The world editor: a valid edited world becomes {@link #world}; an invalid one stops Run (docs/worlds.md). */
    private final WorldEditorViewModel editor;

    public MainViewModel(TaskRunner tasks) {
        this(tasks, null);
    }

    /** With the preferences node where recent files are kept (null: not kept). */
    public MainViewModel(TaskRunner tasks, java.util.prefs.Preferences prefs) {
        this.tasks = tasks;
        this.recent = new RecentFiles(prefs);
        this.live = new LiveViewModel(tasks, compose, session, org.mailtrail.live.LiveAutosave.defaultDir());
        this.server = new ServerViewModel(tasks, session);
        this.proxy = new ProxyViewModel(tasks, session);
        this.lab = new LabViewModel(tasks, session, world, route);
        this.lessons = new LessonViewModel(tasks, session, java.util.Locale.ENGLISH);
        this.editor = new WorldEditorViewModel(tasks, world);
        editor.setOnNewWorld(w -> { // a world of its own: its message and route, no session of the world before
            compose.fill(w.defaults());
            route.set(w.defaults().route());
            session.resultProperty().set(null);
        });
        editor.setOnSaved(file -> { // the saved world is a scenario now, chosen (it is the world in use already)
            String path = file.toString();
            if (!scenarios.contains(path)) {
                scenarios.add(path);
            }
            showScenario(path);
        });
        scenario.addListener((o, old, name) -> {
            if (name != null && !name.equals(old) && !restoring) {
                loadScenario(name, old);
            }
        });
        session.resultProperty().addListener((o, old, r) -> followScenarioOf(r));
        world.addListener((o, old, w) -> compose.usersOf(w == null ? null : w::hasUser)); // the note under From
        // another session shown (a run, a lesson, the lab, a received session, …): a file named in the status bar
        // belonged to the one before; opening or recovering a file names it again right after showing its session
        session.resultProperty().addListener((o, old, r) -> notice.set(""));
        // another route: a simulated session of the old one no longer matches the choice (as with another
        // scenario); a live or received session, which the route box does not describe, stays
        route.addListener((o, old, r) -> {
            var shown = session.resultProperty().get();
            if (old != null && r != old && shown != null && "simulation".equals(shown.info().mode())) {
                session.resultProperty().set(null);
            }
        });
    }

    public WorldEditorViewModel editor() {
        return editor;
    }

    public ComposeViewModel compose() {
        return compose;
    }

    /** The Server tab. */
    public ServerViewModel server() {
        return server;
    }

    /** The Proxy tab. */
    public ProxyViewModel proxy() {
        return proxy;
    }

    /** The Lab tab. */
    public LabViewModel lab() {
        return lab;
    }

    /** Lessons and predict mode (docs/lessons.md). */
    public LessonViewModel lessons() {
        return lessons;
    }

    /** The Live tab. */
    public LiveViewModel live() {
        return live;
    }

    public SessionViewModel session() {
        return session;
    }

    public ObservableList<String> scenarios() {
        return scenarios;
    }

    public StringProperty scenarioProperty() {
        return scenario;
    }

    public ObjectProperty<Route> routeProperty() {
        return route;
    }

    public ObjectProperty<World> worldProperty() {
        return world;
    }

    /** True while a world loads or a simulation runs. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** Says its own errors in the language of {@code ui} (null: in English). */
    public void useMessages(java.util.ResourceBundle ui) {
        this.messages = ui;
    }

    /** The last problem to show the user (a broken scenario file, say), or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Adds a user's world file to the scenario list and selects it. */
    public void openScenarioFile(String path) {
        if (!scenarios.contains(path)) {
            // a new file joins the list once it has loaded: a broken one is not left there to be chosen again
            loadScenario(path, scenario.get(), () -> {
                scenarios.add(path);
                showScenario(path);
            });
        } else if (path.equals(scenario.get())) {
            loadScenario(path, path); // opened again: read the file again, it may have been edited
        } else {
            scenario.set(path);
        }
    }

    /**
     * A simulated session of another built-in scenario shown (a lesson's checkpoint, an opened log): the scenario box
     * and the world follow it, so that the map draws that world's MX records and the editor shows the world the
     * journey ran in, and the message form shows the message the session sent. The session and the route stay. A
     * session opened before any world was (a file named on the command line) brings the default world for any other
     * kind of session, so that the form and Run are there (a tester found them empty), with the session's message in
     * the form when it names one ({@link #openSession} puts it there in any case).
     */
    private void followScenarioOf(SimulationResult r) {
        World w = world.get();
        boolean builtIn = r != null && "simulation".equals(r.info().mode()) && r.info().world() == null
                && WorldLoader.BUILT_IN.contains(r.info().name());
        String name = builtIn ? r.info().name() : r != null && w == null ? WorldLoader.DEFAULT_SCENARIO : null;
        if (name == null || w != null && name.equals(w.name())) {
            return;
        }
        // the message (its body read from the data, if need be) in the background, with the world
        tasks.run(() -> new Shown(load(name), namesItsMessage(r) ? withBody(r) : null), shown -> {
            if (session.resultProperty().get() != r) {
                return; // another session came meanwhile
            }
            showScenario(name);
            world.set(shown.world());
            if (shown.message() != null) { // the message of that journey, not of the world shown before
                compose.fill(shown.message());
            } else if (!builtIn) {
                compose.fill(shown.world().defaults()); // the default world's own message, as at any start
            }
        }, e -> { });
    }

    /** What the background work of showing a session found: a world, and the session's message (or null). */
    private record Shown(World world, org.mailtrail.engine.Compose message) {
    }

    /** True when a session names the message it carried (its sender or a recipient): the form can show it. */
    private static boolean namesItsMessage(SimulationResult r) {
        org.mailtrail.engine.Compose c = r == null ? null : r.compose();
        return c != null && (c.from() != null && !c.from().isBlank() || c.to() != null && !c.to().isEmpty());
    }

    /**
     * The message a session names, with the text of its first message when the log keeps that only in the message's
     * data (a live session, a capture: their logs name sender, recipients and subject).
     */
    private static org.mailtrail.engine.Compose withBody(SimulationResult r) {
        org.mailtrail.engine.Compose c = r.compose();
        if (c.body() != null && !c.body().isEmpty() || r.journeys().isEmpty()
                || r.journeys().get(0).delivered().isEmpty()) {
            return c;
        }
        return new org.mailtrail.engine.Compose(c.from(), c.to(), c.cc(), c.subject(),
                MessageBody.textOf(r.journeys().get(0).delivered().get(0).content()));
    }

    /** The route a simulated session took (both: a journey of each), or null for any other kind of session. */
    private static Route routeOf(SimulationResult r) {
        if (!"simulation".equals(r.info().mode()) || r.journeys().isEmpty()) {
            return null;
        }
        java.util.Set<Route> taken = java.util.EnumSet.noneOf(Route.class);
        r.journeys().forEach(j -> taken.add(j.route()));
        return taken.size() == 1 ? taken.iterator().next() : Route.BOTH;
    }

    /** Sets the scenario box to {@code name} without loading it (the world it names is in use already). */
    private void showScenario(String name) {
        restoring = true;
        scenario.set(name);
        restoring = false;
    }

    private void loadScenario(String name, String previous) {
        loadScenario(name, previous, () -> { });
    }

    private void loadScenario(String name, String previous, Runnable loaded) {
        busy.set(true);
        error.set("");
        tasks.run(() -> load(name), w -> {
            loaded.run();
            world.set(w);
            compose.fill(w.defaults());
            route.set(w.defaults().route());
            session.resultProperty().set(null); // a file named in the status bar goes with its session
            busy.set(false); // last: whoever waits for "not busy" finds the world, its message and route in place
        }, e -> {
            busy.set(false);
            error.set(message(e));
            // the world in use stays; so does the choice that names it
            showScenario(previous);
        });
    }

    private World load(String name) {
        synchronized (worlds) {
            World w = WorldLoader.BUILT_IN.contains(name) ? worlds.get(name) : null; // a user's file is read afresh
            if (w == null) {
                if (loader == null) {
                    loader = new WorldLoader(); // Jackson and SnakeYAML load here, off the FX thread
                }
                try {
                    w = loader.load(name);
                } catch (WorldException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                worlds.put(name, w);
            }
            return w;
        }
    }

    /** Validates the form; when it is valid, runs the simulation in the background and shows it. */
    public boolean run() {
        if (!compose.validate()) {
            return false;
        }
        String notRunnable = editor.whyNotRunnable();
        if (!notRunnable.isEmpty()) {
            error.set(notRunnable);
            return false;
        }
        World w = world.get();
        if (w == null) {
            error.set(LocalizedError.text(messages, "lab.error.noworld", "no world is loaded yet", java.util.List.of()));
            return false;
        }
        busy.set(true);
        error.set("");
        var message = compose.toCompose();
        Route r = route.get();
        var embed = WorldSaving.embeddable(editor.draftProperty().get(), w);
        tasks.run(() -> {
            SimulationResult run = new SimulationEngine(w).run(message, r, w.defaults().retrieval(), w.seed());
            // an edited world goes along in the session, so that a saved session runs again (issue 15)
            org.mailtrail.timeline.SessionInfo.EmbeddedWorld edited = embed.get();
            return edited == null ? run : new SimulationResult(run.info().withWorld(edited), run.compose(), run.seed(),
                    run.journeys());
        }, (SimulationResult res) -> {
            busy.set(false);
            session.resultProperty().set(res); // a file named in the status bar goes with the session before
        }, e -> {
            busy.set(false);
            error.set(message(e));
        });
        return true;
    }

    public RecentFiles recent() {
        return recent;
    }

    /** A short message for the status bar, such as "Saved session.json". */
    public StringProperty noticeProperty() {
        return notice;
    }

    /**
     * Opens a saved session log in the background and shows it in every view; a damaged or foreign
     * file only sets the error and changes nothing.
     */
    public void openSession(java.nio.file.Path file) {
        busy.set(true);
        error.set("");
        tasks.run(() -> {
            SimulationResult r = read(file);
            return new Opened(r, namesItsMessage(r) ? withBody(r) : null); // the message's body read here too
        }, (Opened o) -> {
            SimulationResult r = o.result();
            busy.set(false);
            recent.add(file.toString());
            if (o.message() != null) { // the form shows the message of the session opened, not the one typed before
                compose.fill(o.message());
            } else if (world.get() != null) { // nothing of the file opened before stays in the form
                compose.fill(world.get().defaults());
            }
            Route taken = routeOf(r);
            if (taken != null) { // before the session: another route clears the simulated session shown
                route.set(taken); // Run runs the journey the session shows
            }
            session.resultProperty().set(r);
            notice.set(file.getFileName().toString());
            if (r.info().world() != null) {
                editor.openEmbedded(r.info().world()); // the world it ran on: Run runs it again
            }
        }, e -> {
            busy.set(false);
            error.set(message(e));
        });
    }

    /** A session file read, and the message it names (null: none). */
    private record Opened(SimulationResult result, org.mailtrail.engine.Compose message) {
    }

    /** Reads a session file of any kind, told by its content; a damaged or foreign one is an IllegalArgumentException. */
    private static SimulationResult read(java.nio.file.Path file) {
        String text;
        try {
            // a capture or a transcript, told by its content (issue 17); a session log as before; a store's day
            // log of one session: its JSON file
            java.nio.file.Path open = org.mailtrail.capture.SessionFiles.openable(file);
            org.mailtrail.capture.SessionFiles.Kind kind = org.mailtrail.capture.SessionFiles.kind(open);
            if (kind != org.mailtrail.capture.SessionFiles.Kind.SESSION_JSON) {
                return org.mailtrail.capture.SessionFiles.read(open, kind);
            }
            text = java.nio.file.Files.readString(open, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        } catch (org.mailtrail.capture.CaptureFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            return org.mailtrail.export.JsonSession.read(text, file.toString());
        } catch (org.mailtrail.export.SessionFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Exports the shown session in the background, written whole or not at all. */
    public void export(org.mailtrail.export.Exporter.Format format, java.nio.file.Path target,
                       org.mailtrail.export.Exporter.Options options) {
        SimulationResult r = session.resultProperty().get();
        if (r == null) {
            return;
        }
        busy.set(true);
        error.set("");
        tasks.run(() -> {
            try {
                // what is wrong with the path, in words, before anything is rendered
                org.mailtrail.export.Exporter.checkTarget(target, format);
                org.mailtrail.export.Exporter.write(org.mailtrail.export.Exporter.render(r, format, options), target,
                        format);
                return target;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(target + ": cannot write: "
                        + org.mailtrail.dns.IoProblem.of(e), e);
            }
        }, t -> {
            busy.set(false);
            notice.set(t.getFileName().toString());
        }, e -> {
            busy.set(false);
            error.set(message(e));
        });
    }

    /** Writes a picture (a diagram) as PNG in the background. */
    public void savePng(java.awt.image.BufferedImage image, java.nio.file.Path target) {
        tasks.run(() -> {
            try {
                java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(image, "png", png);
                org.mailtrail.export.AtomicFile.write(target, png.toByteArray());
                return target;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
            }
        }, t -> notice.set(t.getFileName().toString()), e -> error.set(message(e)));
    }

    /** Live sessions left behind when the program stopped while they ran (autosaved), oldest first. */
    public List<java.nio.file.Path> recoverable() {
        return org.mailtrail.live.LiveAutosave.pending(org.mailtrail.live.LiveAutosave.defaultDir());
    }

    /**
     * Opens a left-behind live session; once it is shown, its file moves to {@code recovered/} beside it, so it is
     * offered only once and nothing is lost.
     */
    public void recover(java.nio.file.Path file) {
        busy.set(true);
        error.set("");
        tasks.run(() -> {
            try {
                SimulationResult r = org.mailtrail.export.JsonSession.read(
                        java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8), file.toString());
                java.nio.file.Path dir = file.resolveSibling("recovered");
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Path kept = dir.resolve(file.getFileName());
                java.nio.file.Files.move(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return java.util.Map.entry(kept, r);
            } catch (java.io.IOException | org.mailtrail.export.SessionFormatException e) {
                throw new IllegalArgumentException(file + ": cannot recover: " + e.getMessage(), e);
            }
        }, kr -> {
            busy.set(false);
            recent.add(kr.getKey().toString());
            session.resultProperty().set(kr.getValue());
            notice.set(kr.getKey().getFileName().toString());
        }, e -> {
            busy.set(false);
            error.set(message(e));
        });
    }

    /** Shows an already finished result (an imported session, a test). */
    public void show(SimulationResult r) {
        session.resultProperty().set(r);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
