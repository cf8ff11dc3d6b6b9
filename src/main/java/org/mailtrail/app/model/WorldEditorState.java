package org.mailtrail.app.model;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailtrail.app.model.WorldEditorViewModel.HostRow;
import org.mailtrail.app.model.WorldEditorViewModel.RecordRow;
import org.mailtrail.world.WorldDraft;

/** What the world editor shows, as properties the views bind to; {@link WorldEditorViewModel} keeps them up to date. */
abstract class WorldEditorState {
    final ObjectProperty<WorldDraft> draft = new SimpleObjectProperty<>();
    final BooleanProperty canUndo = new SimpleBooleanProperty();
    final BooleanProperty canRedo = new SimpleBooleanProperty();
    final BooleanProperty modified = new SimpleBooleanProperty();
    final BooleanProperty valid = new SimpleBooleanProperty(true);
    final BooleanProperty checking = new SimpleBooleanProperty();
    final BooleanProperty readOnly = new SimpleBooleanProperty();
    final StringProperty readOnlyNote = new SimpleStringProperty("");
    final StringProperty problem = new SimpleStringProperty("");
    final StringProperty problemField = new SimpleStringProperty("");
    final StringProperty problemHost = new SimpleStringProperty("");
    final IntegerProperty problemRecord = new SimpleIntegerProperty(-1);
    final StringProperty inputError = new SimpleStringProperty("");
    final StringProperty notice = new SimpleStringProperty("");
    final StringProperty inUse = new SimpleStringProperty("");
    final StringProperty domain = new SimpleStringProperty();
    final ObservableList<HostRow> hosts = FXCollections.observableArrayList();
    final ObservableList<RecordRow> records = FXCollections.observableArrayList();
    final ObservableList<String> domains = FXCollections.observableArrayList();
    final ObservableList<String> mxOrder = FXCollections.observableArrayList();


    public ObjectProperty<WorldDraft> draftProperty() { return draft; }
    public ObservableList<HostRow> hosts() { return hosts; }
    public ObservableList<RecordRow> records() { return records; }

    /** The zones of the world (their origins); {@link #domainProperty()} chooses the one the record table shows. */
    public ObservableList<String> domains() { return domains; }
    public StringProperty domainProperty() { return domain; }

    /** Where mail for each domain goes, as the MX policy of the simulation finds it. */
    public ObservableList<String> mxOrder() { return mxOrder; }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo; }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo; }
    public ReadOnlyBooleanProperty modifiedProperty() { return modified; }
    public ReadOnlyBooleanProperty validProperty() { return valid; }

    /** True while a world opens, is checked or is saved in the background. */
    public ReadOnlyBooleanProperty checkingProperty() { return checking; }
    public ReadOnlyBooleanProperty readOnlyProperty() { return readOnly; }
    public StringProperty readOnlyNoteProperty() { return readOnlyNote; }

    /** The loader's message for the edited world (field, reason), or empty when it is whole. */
    public StringProperty problemProperty() { return problem; }

    /** Where the problem is: {@code hosts}, {@code zone}, {@code retry}, {@code links}, {@code defaults}, … or empty. */
    public StringProperty problemFieldProperty() { return problemField; }

    /** The host the problem is about, or empty. */
    public StringProperty problemHostProperty() { return problemHost; }

    /** The index of the zone record the problem is about, or -1. */
    public IntegerProperty problemRecordProperty() { return problemRecord; }

    /** Why the last edit was refused (what was typed), or empty. */
    public StringProperty inputErrorProperty() { return inputError; }

    /**
     * Which world Run uses when it is not the scenario's as chosen: "direct (edited, not saved)", "two-domains (new,
     * not saved)"; empty otherwise.
     */
    public StringProperty inUseProperty() { return inUse; }

    /** A short message such as "Saved my-world.yaml and my-world.zone". */
    public StringProperty noticeProperty() { return notice; }
}
