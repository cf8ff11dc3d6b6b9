package org.mailtrail.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who listens to an {@link SmtpReceiver}: for sessions starting, sessions ending, and store problems. Listeners run on
 * the thread serving the session and must not block; one that throws is ignored (a listener's fault must not end
 * a session or stop the server).
 */
final class ReceiverListeners {
    private final List<Consumer<ReceivedSession>> started = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReceivedSession>> finished = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> problems = new CopyOnWriteArrayList<>();

    void onStarted(Consumer<ReceivedSession> listener) {
        started.add(listener);
    }

    void onFinished(Consumer<ReceivedSession> listener) {
        finished.add(listener);
    }

    void onStoreProblem(Consumer<String> listener) {
        problems.add(listener);
    }

    /** True when someone listens for sessions starting (a first snapshot is only built for them). */
    boolean wantsStarted() {
        return !started.isEmpty();
    }

    void started(ReceivedSession s) {
        tell(started, s);
    }

    void finished(ReceivedSession s) {
        tell(finished, s);
    }

    void storeProblem(String message) {
        tell(problems, message);
    }

    private static <T> void tell(List<Consumer<T>> listeners, T what) {
        for (Consumer<T> l : listeners) {
            try {
                l.accept(what);
            } catch (RuntimeException e) {
                // ignored: see the class comment
            }
        }
    }
}
