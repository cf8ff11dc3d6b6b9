package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The session logs opened last, newest first, kept in the user's preferences. */
public final class RecentFiles {
    private static final int MAX = 8;
    private final Preferences prefs;
    private final ObservableList<String> files = FXCollections.observableArrayList();

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
        for (int i = 0; i < MAX; i++) {
            String f = prefs == null ? null : prefs.get("recent." + i, null);
            if (f != null) {
                files.add(f);
            }
        }
    }

    public ObservableList<String> files() {
        return files;
    }

    /** Puts a file on top of the list. */
    public void add(String file) {
        List<String> next = new ArrayList<>(files);
        next.remove(file);
        next.add(0, file);
        while (next.size() > MAX) {
            next.remove(next.size() - 1);
        }
        files.setAll(next);
        save();
    }

    /** Forgets a file that can no longer be opened. */
    public void remove(String file) {
        files.remove(file);
        save();
    }

    private void save() {
        if (prefs == null) {
            return;
        }
        for (int i = 0; i < MAX; i++) {
            if (i < files.size()) {
                prefs.put("recent." + i, files.get(i));
            } else {
                prefs.remove("recent." + i);
            }
        }
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the list still works for this run; nothing the user could do about it
        }
    }
}
