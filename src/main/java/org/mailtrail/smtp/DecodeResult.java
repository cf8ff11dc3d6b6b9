package org.mailtrail.smtp;

import java.util.List;

/** What {@link ReplyDecoder#next()} yields: a complete reply, a need for more bytes, or an error. */
public sealed interface DecodeResult permits DecodeResult.Complete, DecodeResult.NeedMoreData, DecodeResult.Error {

    /** A complete reply and its raw wire lines (without line terminators). */
    record Complete(Reply reply, List<String> rawLines) implements DecodeResult {
        /** Copies the raw lines. */
        public Complete {
            rawLines = List.copyOf(rawLines);
        }
    }

    /** The bytes fed so far do not yet end a reply. */
    record NeedMoreData() implements DecodeResult {
    }

    /** Malformed input; {@code offendingLine} is the (possibly truncated) line that caused it. */
    record Error(String message, String offendingLine) implements DecodeResult {
    }
}
