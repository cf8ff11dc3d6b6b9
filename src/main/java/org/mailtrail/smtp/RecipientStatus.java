package org.mailtrail.smtp;

/** How one recipient fared: the result, the deciding server reply (null if decided locally), and a note. */
public record RecipientStatus(Result result, Reply reply, String note) {

    /** Requires a result; a null note becomes "". */
    public RecipientStatus {
        if (result == null) {
            throw new IllegalArgumentException("result must not be null");
        }
        note = note == null ? "" : note;
    }
}
