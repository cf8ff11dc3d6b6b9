package org.mailtrail.app.model;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.app.model.LabRows.HostRow;
import org.mailtrail.app.model.LabRows.JourneyRow;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.lab.Lab;
import org.mailtrail.lab.LabException;
import org.mailtrail.lab.LabJourneys.LabJourney;
import org.mailtrail.lab.LabPlan;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * The Lab tab: the chosen scenario's world running for real on loopback (the {@code lab} command) inside the app.
 * Start, stop and send go through the {@link TaskRunner}; the lab's threads report journeys and their steps, which
 * reach this model through {@link TaskRunner#ui}. A journey opens as a timeline in the main views and, while it is
 * the one shown, follows its latest step as the hosts work.
 */
public final class LabViewModel {
    /** The documented password of every user of the built-in worlds in the lab (SPEC §9). */
    public static final String PASSWORD = org.mailtrail.world.World.DEFAULT_PASSWORD;
    /** The most journeys the list keeps (the oldest go first). */
    public static final int MAX_ROWS = 1_000;

    private final TaskRunner tasks;
    private final SessionViewModel session;
    private final ObservableValue<World> world;
    private final ObservableValue<Route> route;
    private final StringProperty base = new SimpleStringProperty("127.1.0.0");
    private final ObjectProperty<LabPlan.Ports> ports = new SimpleObjectProperty<>(LabPlan.Ports.defaults());
    private final DoubleProperty timeScale = new SimpleDoubleProperty(60);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private java.util.ResourceBundle messages;
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty planProblem = new SimpleStringProperty("");
    private final ObjectProperty<World> runningWorld = new SimpleObjectProperty<>();
    private final ObservableList<HostRow> hosts = FXCollections.observableArrayList();
    private final ObservableList<JourneyRow> journeys = FXCollections.observableArrayList();
    private final ObjectProperty<Set<String>> activeHosts = new SimpleObjectProperty<>(Set.of());
    private final IntegerProperty following = new SimpleIntegerProperty(0);
    private final Map<Integer, LabJourney> byNumber = new ConcurrentHashMap<>();
    /** A journey asked to be opened before its first step reached the UI (the send's answer came first); 0: none. */
    private int openWhenArrived;
    private Duration timeout = Duration.ofSeconds(30);
    private volatile Lab lab;
    private volatile Object run; // the start that the lab's reports belong to
    private Lab last; // the last lab started: its journeys still open after it stopped
    private boolean tableShown; // the host table has been asked for: keep it up to date from then on
    private SimulationResult shown;

    /** The lab of the world and route chosen in the main window; opened journeys go to {@code session}. */
    public LabViewModel(TaskRunner tasks, SessionViewModel session, ObservableValue<World> world,
                        ObservableValue<Route> route) {
        this.tasks = tasks;
        this.session = session;
        this.world = world;
        this.route = route;
        // the table is planned once someone looks at it: nothing of the lab loads on the way to the first window
        world.addListener((o, a, w) -> preview());
        base.addListener((o, a, b) -> preview());
        ports.addListener((o, a, p) -> preview());
    }

    /** The world chosen in the main window, which Start runs. */
    public ObservableValue<World> chosenWorld() {
        return world;
    }

    /** The first lab address (hosts count up from it, DNS at +53). */
    public StringProperty baseProperty() {
        return base;
    }

    public ObjectProperty<LabPlan.Ports> portsProperty() {
        return ports;
    }

    /** How much faster than real time the world's waits pass (60: a 30-minute retry after 30 s). */
    public DoubleProperty timeScaleProperty() {
        return timeScale;
    }

    /** The longest wait for a connect or a reply between lab hosts. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** True while the lab starts or stops. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What went wrong, or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Why the host table is empty (an address base the lab cannot use), or empty. */
    public StringProperty planProblemProperty() {
        return planProblem;
    }

    /** The world the running lab runs, or null. */
    public ObjectProperty<World> runningWorldProperty() {
        return runningWorld;
    }

    /** The DNS server first, then every host in the world's order: the running lab's, or where they would live. */
    public ObservableList<HostRow> hosts() {
        if (!tableShown) {
            tableShown = true;
            preview();
        }
        return hosts;
    }

    /** The journeys of the lab, oldest first, updated as their steps happen. */
    public ObservableList<JourneyRow> journeys() {
        return journeys;
    }

    /** The source and destination of the lab's most recent step while it runs (empty when stopped). */
    public ObjectProperty<Set<String>> activeHostsProperty() {
        return activeHosts;
    }

    /** The number of the journey shown in the main views and followed as it grows; 0: none. */
    public IntegerProperty followingProperty() {
        return following;
    }

    /** Says the problems of the settings in the language of {@code ui} (null: in English). */
    public void useMessages(java.util.ResourceBundle ui) {
        this.messages = ui;
    }

    /** Starts the lab of the chosen world in the background; false (with the error set) if it cannot start. */
    public boolean start() {
        World w = world.getValue();
        if (running.get() || busy.get()) {
            return false;
        }
        if (w == null) {
            error.set(LocalizedError.text(messages, "lab.error.noworld", "no world is loaded yet", List.of()));
            return false;
        }
        Lab.Options d = Lab.Options.defaults(w);
        Lab.Options options = new Lab.Options(base.get(), ports.get(), timeScale.get(), route(w), d.retrieval(),
                false, timeout);
        Object token = new Object();
        run = token;
        journeys.clear();
        byNumber.clear();
        following.set(0);
        openWhenArrived = 0;
        error.set("");
        busy.set(true);
        tasks.run(() -> {
            Lab l;
            try {
                l = Lab.start(w, options);
            } catch (LabException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            l.onJourney(j -> arrived(token, j)); // before anything can enter it
            return l;
        }, l -> {
            busy.set(false);
            if (run != token) { // the application quit meanwhile
                l.close();
                return;
            }
            lab = l;
            last = l;
            runningWorld.set(w);
            hosts.setAll(LabRows.hosts(l.plan()));
            running.set(true);
        }, e -> {
            busy.set(false);
            error.set(message(e));
        });
        return true;
    }

    /** Stops the lab in the background (open sessions get 421); the journeys stay and can still be opened. */
    public boolean stop() {
        Lab l = lab;
        if (l == null || busy.get()) {
            return false;
        }
        lab = null;
        busy.set(true);
        activeHosts.set(Set.of());
        tasks.run(() -> {
            l.close();
            return l;
        }, x -> stopped(), e -> {
            stopped();
            error.set(message(e));
        });
        return true;
    }

    /** Start when stopped, stop when running (the Start/Stop button). */
    public void toggle() {
        if (running.get()) {
            stop();
        } else {
            start();
        }
    }

    /** Closes the lab now, on the calling thread (the application is quitting). */
    public void shutdown() {
        Lab l = lab;
        lab = null;
        run = null;
        if (l != null) {
            l.close();
        }
    }

    /**
     * Sends the running world's message (its scenario's From, To, Cc, subject and body) through the lab along the
     * route chosen in the main window, and follows its journey in the main views.
     */
    public boolean send() {
        Lab l = lab;
        if (l == null || busy.get()) {
            return false;
        }
        World.Defaults d = l.world().defaults();
        Compose c = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        Route r = route(l.world());
        error.set("");
        tasks.run(() -> l.send(c, r), j -> open(j.number()), e -> error.set(message(e)));
        return true;
    }

    /** Shows a journey in the main views at its latest step, and follows it while it grows. */
    public void open(JourneyRow row) {
        if (row != null) {
            open(row.number());
        }
    }

    // synchronized: with the inline runner of the tests, update runs on the lab's threads
    private synchronized void open(int number) {
        LabJourney j = byNumber.get(number);
        if (j != null && last != null) {
            following.set(number);
            show(j, true);
        } else if (j == null) {
            openWhenArrived = number; // the send's answer came before the journey's first update: open it then
        }
    }

    private void stopped() {
        busy.set(false);
        running.set(false);
        runningWorld.set(null);
        activeHosts.set(Set.of());
        preview();
    }

    /** A new journey, on a lab thread: its steps are handed over to the UI thread, one update at a time. */
    private void arrived(Object token, LabJourney j) {
        AtomicBoolean pending = new AtomicBoolean(true);
        j.recorder().onEvent(e -> {
            if (pending.compareAndSet(false, true)) {
                tasks.ui(() -> {
                    pending.set(false);
                    update(token, j);
                });
            }
        });
        tasks.ui(() -> {
            pending.set(false);
            update(token, j);
        });
    }

    // synchronized: with the inline runner of the tests, the lab's threads call it
    private synchronized void update(Object token, LabJourney j) {
        if (run != token) {
            return; // a journey of an earlier lab
        }
        byNumber.put(j.number(), j);
        List<TimelineEvent> events = j.recorder().events();
        JourneyRow row = new JourneyRow(j.number(), j.title(), j.state().route(), j.started(),
                LabRows.status(LabRows.outcomes(j.state().outcomes(), events), events), events.size());
        int i = indexOf(j.number());
        if (i >= 0) {
            journeys.set(i, row);
        } else {
            journeys.add(row);
            while (journeys.size() > MAX_ROWS) {
                byNumber.remove(journeys.remove(0).number());
            }
        }
        if (lab != null && !events.isEmpty()) {
            TimelineEvent last = events.get(events.size() - 1);
            activeHosts.set(new LinkedHashSet<>(List.of(last.source(), last.destination())));
        }
        if (openWhenArrived == j.number()) {
            openWhenArrived = 0;
            open(j.number());
        } else if (following.get() == j.number()) {
            show(j, false);
        }
    }

    private int indexOf(int number) {
        for (int i = journeys.size() - 1; i >= 0; i--) {
            if (journeys.get(i).number() == number) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Puts the journey into the main views; a refresh keeps the user's step unless they were at the last one, and
     * leaves alone a session the user has since replaced or is playing back.
     */
    private void show(LabJourney j, boolean opening) {
        boolean ours = shown != null && session.resultProperty().get() == shown;
        if (!opening && (!ours || session.playingProperty().get())) {
            if (!ours) {
                following.set(0);
            }
            return;
        }
        boolean atEnd = opening || !session.canForward(); // at the last step in view
        int step = session.stepProperty().get();
        shown = result(j);
        session.resultProperty().set(shown);
        if (atEnd) {
            session.last();
        } else {
            session.goTo(step);
        }
    }

    /** A journey as a session for the views, read like {@code lab --once}'s, with its outcomes up to date. */
    SimulationResult result(LabJourney j) {
        SimulationResult r = last.session(j);
        Journey g = r.journeys().get(0);
        return new SimulationResult(r.info(), r.compose(), r.seed(), List.of(new Journey(g.route(), g.timeline(),
                LabRows.outcomes(g.outcomes(), g.timeline().events()), g.delivered())));
    }

    /** Where the hosts of the chosen world would live (nothing listens yet); empty if the settings are wrong. */
    private void preview() {
        if (!tableShown || lab != null || busy.get()) {
            return;
        }
        World w = world.getValue();
        try {
            hosts.setAll(w == null ? List.of() : LabRows.hosts(LabPlan.of(w, base.get(), ports.get(), false)));
            planProblem.set("");
        } catch (LabException e) {
            hosts.clear();
            planProblem.set(e.getMessage());
        }
    }

    /** The main window's route when it names one (not both), else the world's. */
    private Route route(World w) {
        Route r = route.getValue();
        return r == Route.DIRECT || r == Route.RELAY ? r : Lab.Options.defaults(w).route();
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
