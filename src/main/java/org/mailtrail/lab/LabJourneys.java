package org.mailtrail.lab;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mailtrail.engine.JourneyState;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.world.Route;

/**
 * The merged sessions of a running lab: one per message that entered it, with every step of every host it passed
 * (the journey follows the message from queue to queue, and its bounce back). A connection between two lab hosts is
 * attributed by its client's address and port, which the sending host registers before it connects; a connection
 * from outside the world (swaks, a mail client) starts a new journey.
 */
public final class LabJourneys {
    /** One merged session. */
    public static final class LabJourney {
        private final int number;
        private final String title;
        private final LiveRecorder recorder;
        private final JourneyState state;
        private volatile org.mailtrail.engine.Compose compose;

        LabJourney(int number, String title, LiveRecorder recorder, JourneyState state) {
            this.number = number;
            this.title = title;
            this.recorder = recorder;
            this.state = state;
        }

        public int number() {
            return number;
        }

        public String title() {
            return title;
        }

        public LiveRecorder recorder() {
            return recorder;
        }

        public JourneyState state() {
            return state;
        }

        /** The message the lab sent for this journey, or null for one that came from outside the world. */
        public org.mailtrail.engine.Compose compose() {
            return compose;
        }

        void compose(org.mailtrail.engine.Compose c) {
            this.compose = c;
        }

        public Instant started() {
            return recorder.start();
        }
    }

    private final List<LabJourney> journeys = new CopyOnWriteArrayList<>();
    /** A lab host's connection: its journey, and whether the server side has ended its session. */
    private record Endpoint(JourneyState journey, java.util.concurrent.CountDownLatch served) {
    }

    private final Map<String, Endpoint> byEndpoint = new ConcurrentHashMap<>();
    private final Map<JourneyState, LabJourney> byState = new ConcurrentHashMap<>();
    private final Map<Object, LabJourney> byRecorder = new ConcurrentHashMap<>();
    private final List<Consumer<LabJourney>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();

    /** A new journey along {@code route}. */
    public LabJourney create(String title, Route route) {
        LiveRecorder recorder = new LiveRecorder();
        LabJourney j = new LabJourney(numbers.incrementAndGet(), title, recorder, new JourneyState(recorder, route));
        journeys.add(j);
        byState.put(j.state(), j);
        byRecorder.put(recorder, j);
        for (Consumer<LabJourney> l : listeners) {
            l.accept(j);
        }
        return j;
    }

    /** Calls {@code listener} with every journey created from now on. */
    public void onJourney(Consumer<LabJourney> listener) {
        listeners.add(listener);
    }

    /** The journeys so far, oldest first. */
    public List<LabJourney> all() {
        return List.copyOf(journeys);
    }

    /** The journey whose steps go to {@code journal}, or null. */
    JourneyState stateOf(org.mailtrail.engine.Journal journal) {
        LabJourney j = byRecorder.get(journal);
        return j == null ? null : j.state();
    }

    /** The lab journey of a journey state. */
    public LabJourney of(JourneyState state) {
        return byState.get(state);
    }

    /** A lab host is about to connect from {@code address}:{@code port} for {@code journey}. */
    void register(String address, int port, JourneyState journey) {
        byEndpoint.put(address + "|" + port, new Endpoint(journey, new java.util.concurrent.CountDownLatch(1)));
    }

    /**
     * The client side of the connection from {@code address}:{@code port} has closed it: wait (at most
     * {@code timeoutMillis}) until the server side has ended its session too, so that what the server accepted is in
     * its host's queue before the client's host goes on, as in the simulation; then forget the connection.
     */
    void unregister(String address, int port, long timeoutMillis) {
        Endpoint e = byEndpoint.get(address + "|" + port);
        if (e != null) {
            try {
                e.served().await(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }
        byEndpoint.remove(address + "|" + port);
    }

    /** The server side has ended the session of the connection from {@code address}:{@code port}. */
    void served(String address, int port) {
        Endpoint e = byEndpoint.get(address + "|" + port);
        if (e != null) {
            e.served().countDown();
        }
    }

    /** The journey of a lab host's connection from {@code address}:{@code port}, or null for an outside client. */
    JourneyState origin(String address, int port) {
        Endpoint e = byEndpoint.get(address + "|" + port);
        return e == null ? null : e.journey();
    }
}
