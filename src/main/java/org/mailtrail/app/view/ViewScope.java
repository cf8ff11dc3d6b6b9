package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * The listeners a window's views put on long-lived view models, so that a window that is replaced
 * (another language) lets go of them all at once and can be collected.
 */
public final class ViewScope implements AutoCloseable {
    private final List<Runnable> undo = new ArrayList<>();

    /** Adds a listener that {@link #close()} removes again. */
    public <T> void listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        undo.add(() -> value.removeListener(listener));
    }

    /** Adds a list listener that {@link #close()} removes again. */
    public <T> void listen(javafx.collections.ObservableList<T> list, javafx.collections.ListChangeListener<? super T> l) {
        list.addListener(l);
        undo.add(() -> list.removeListener(l));
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
        undo.clear();
    }
}
