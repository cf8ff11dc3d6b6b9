package org.mailtrail.live;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailtrail.engine.SimulationResult;

/**
 * One SMTP session that a {@link SmtpReceiver} served, as a snapshot: who connected when, what was stored and the
 * whole session as a loggable {@link SimulationResult} (mode {@code live}, one direct journey whose timeline holds
 * every command and reply with measured times), which the GUI opens like any other session.
 *
 * <p>{@link SmtpReceiver#onSessionStarted} hands out a snapshot of a session that has just begun
 * ({@link #finished()} false, only the connection on its timeline); {@link SmtpReceiver#onSession} the final one.
 */
public final class ReceivedSession {
    private final String id;
    private final InetSocketAddress client;
    private final Instant start;
    private final Instant end;
    private final String heloName;
    private final boolean tls;
    private final String closeReason;
    private final SimulationResult result;
    private final List<Path> messageFiles;
    private final int messagesStored;
    private final Path jsonFile;
    private final Path textFile;
    private final String storeProblem;

    /**
     * A session snapshot.
     *
     * @param id             the session id, unique per receiver and store; it names the transcript files
     * @param client         the client's address and port
     * @param start          when the connection was accepted
     * @param end            when it was closed; null while the session goes on
     * @param heloName       the name the client gave in EHLO/HELO, "" if none
     * @param tls            true if the session was switched to TLS (STARTTLS)
     * @param closeReason    why it ended in words ("QUIT", "client closed the connection", "idle timeout", …); ""
     *                       while it goes on
     * @param result         the session as a log
     * @param messagesStored how many messages were accepted (answered 250 after the data)
     * @param messageFiles   the stored {@code .eml} files, in order; empty when nothing is kept on disk
     * @param jsonFile       the JSON transcript, or null when not written
     * @param textFile       the day's log the text transcript was appended to, or null when not written
     * @param storeProblem   why a message or the transcript could not be written to the store, or null
     */
    public ReceivedSession(String id, InetSocketAddress client, Instant start, Instant end, String heloName,
                           boolean tls, String closeReason, SimulationResult result, int messagesStored,
                           List<Path> messageFiles, Path jsonFile, Path textFile, String storeProblem) {
        if (id == null || client == null || start == null || result == null) {
            throw new IllegalArgumentException("id, client, start and result are required");
        }
        this.id = id;
        this.client = client;
        this.start = start;
        this.end = end;
        this.heloName = heloName == null ? "" : heloName;
        this.tls = tls;
        this.closeReason = closeReason == null ? "" : closeReason;
        this.result = result;
        this.messagesStored = messagesStored;
        this.messageFiles = List.copyOf(messageFiles);
        this.jsonFile = jsonFile;
        this.textFile = textFile;
        this.storeProblem = storeProblem;
    }

    /** The session id, e.g. {@code 20260105T090000Z-3fa2c1-000042}; also the base name of its transcripts. */
    public String id() {
        return id;
    }

    /** The client's address and port. */
    public InetSocketAddress client() {
        return client;
    }

    /** When the connection was accepted (wall clock). */
    public Instant start() {
        return start;
    }

    /** When the connection was closed; empty while the session goes on. */
    public Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** True once the connection is closed and the snapshot is final. */
    public boolean finished() {
        return end != null;
    }

    /** The name the client gave in EHLO/HELO (the last one), "" if none. */
    public String heloName() {
        return heloName;
    }

    /** True if the session was switched to TLS with STARTTLS. */
    public boolean tls() {
        return tls;
    }

    /** Why the session ended, in words; "" while it goes on. */
    public String closeReason() {
        return closeReason;
    }

    /** The session as a log: info (mode {@code live}), envelope summary, one journey with the timeline. */
    public SimulationResult result() {
        return result;
    }

    /** How many messages the client got a 250 for after the data (each stored exactly once). */
    public int messagesStored() {
        return messagesStored;
    }

    /** The stored messages ({@code DIR/maildir/new/<id>.eml}), in order; empty without a store. */
    public List<Path> messageFiles() {
        return messageFiles;
    }

    /** The JSON transcript ({@code DIR/sessions/<id>.json}) if it was written. */
    public Optional<Path> jsonFile() {
        return Optional.ofNullable(jsonFile);
    }

    /**
     * The log its text transcript was appended to ({@code DIR/sessions/YYYY-MM-DD.log}, the UTC day it ended, with the
     * other sessions of that day) if it was written.
     */
    public Optional<Path> textFile() {
        return Optional.ofNullable(textFile);
    }

    /** Why a message (answered 451) or the transcript could not be written to the store, if that happened. */
    public Optional<String> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    @Override
    public String toString() {
        return "session " + id + " from " + client.getAddress().getHostAddress() + ":" + client.getPort() + ", "
                + messagesStored + " message(s) stored" + (finished() ? ", " + closeReason : ", in progress");
    }
}
