package org.mailtrail.app.model;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs long work away from the FX thread and hands the result back on it; inline in tests. */
public interface TaskRunner {

    /** Runs {@code work} in the background, then {@code onSuccess} or {@code onError} on the UI thread. */
    <T> void run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);

    /** Runs {@code action} on the UI thread (soon); at once where there is no UI thread (tests). */
    default void ui(Runnable action) {
        action.run();
    }

    /** Runs everything at once on the calling thread (tests, view-model checks). */
    static TaskRunner inline() {
        return new TaskRunner() {
            @Override
            public <T> void run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
                T result;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    onError.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}
