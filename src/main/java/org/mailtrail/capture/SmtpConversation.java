package org.mailtrail.capture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.Redaction;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.CommandParse;
import org.mailtrail.smtp.DataDecoder;
import org.mailtrail.smtp.DecodeResult;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ReplyDecoder;

/**
 * One captured SMTP connection told as the product tells its own: the client's bytes are cut into command lines and
 * parsed by {@link Command#parse}, the message by {@link DataDecoder} (the end of data exactly as a server sees it,
 * RFC 5321 §4.1.1.4), the server's bytes by {@link ReplyDecoder}; each becomes a step through
 * {@link ConnectionSteps}. Replies are matched to commands in order, so a pipelined group (RFC 2920 §3.1) shows as
 * commands with one time followed by their replies. After STARTTLS and its 220 (RFC 3207 §4) the rest is counted,
 * not decoded. Credentials (AUTH, RFC 4954 §4) are never kept.
 */
final class SmtpConversation implements Conversation {
    /** Lines of one message kept for the data step; the message itself is kept up to {@link #MAX_MESSAGE}. */
    static final int MAX_DATA_LINES = 2000;
    static final int MAX_MESSAGE = 4 * 1024 * 1024;
    private static final int MAX_HELD = 256 * 1024;
    private static final Pattern PATH = Pattern.compile("<([^<>]*)>");
    private static final String AUTH_RESPONSE = "auth-response";
    private static final String CONTENT = "content";

    private final ConnectionSteps steps;
    private final CaptureSink sink;
    private final Lines clientLines = new Lines(Command.MAX_AUTH_LINE_OCTETS);
    private ReplyDecoder replies = new ReplyDecoder(ReplyDecoder.HARD_CAP);
    /** Verbs of the commands that await a reply, in order. */
    private final ArrayDeque<String> awaiting = new ArrayDeque<>();
    private final List<byte[]> held = new ArrayList<>();
    private final List<Long> heldTimes = new ArrayList<>();
    private int heldBytes;
    private boolean holding;
    private boolean authChallenge;
    private DataDecoder data;
    private final List<String> dataLines = new ArrayList<>();
    private final Lines dataLineCutter = new Lines(1000);
    private long dataLinesDropped;
    private long dataStart;
    private int tlsEvent = -1;
    private boolean encrypted;
    private long encryptedClient;
    private long encryptedServer;
    private String from = "";
    private final List<String> rcpts = new ArrayList<>();
    /** The recipients of RCPT commands that await their reply, in order. */
    private final ArrayDeque<String> rcptReplies = new ArrayDeque<>();
    /** The recipients the server accepted in the transaction under way: the reply to the message decides them. */
    private final List<String> open = new ArrayList<>();
    private boolean dataSeen;

    SmtpConversation(ConnectionSteps steps, CaptureSink sink) {
        this.steps = steps;
        this.sink = sink;
    }

    @Override
    public void data(boolean fromClient, byte[] bytes, long t) {
        if (encrypted) {
            if (fromClient) {
                encryptedClient += bytes.length;
            } else {
                encryptedServer += bytes.length;
            }
            return;
        }
        if (fromClient) {
            if (holding) { // what follows DATA, AUTH or STARTTLS is read once the server has answered it
                if (heldBytes + bytes.length <= MAX_HELD) {
                    held.add(bytes);
                    heldTimes.add(t);
                    heldBytes += bytes.length;
                }
                return;
            }
            client(bytes, 0, t);
        } else {
            server(bytes, t);
        }
    }

    private void client(byte[] b, int from, long t) {
        for (int i = from; i < b.length; i++) {
            if (encrypted) {
                encryptedClient += b.length - i;
                return;
            }
            if (holding) {
                byte[] rest = java.util.Arrays.copyOfRange(b, i, b.length);
                held.add(0, rest);
                heldTimes.add(0, t);
                heldBytes += rest.length;
                return;
            }
            if (data != null) {
                int n = data.feed(b, i, b.length - i);
                if (n <= 0) {
                    return;
                }
                for (int k = i; k < i + n; k++) {
                    String line = dataLineCutter.feed(b[k]);
                    if (line != null) {
                        if (dataLines.size() < MAX_DATA_LINES) {
                            dataLines.add(line);
                        } else {
                            dataLinesDropped++;
                        }
                    }
                }
                i += n - 1;
                if (data.isComplete()) {
                    endOfData(t);
                }
                continue;
            }
            String line = clientLines.feed(b[i]);
            if (line != null) {
                commandLine(line, t);
            }
        }
    }

    private void endOfData(long t) {
        if (dataLinesDropped > 0) {
            dataLines.add(dataLines.size() - 1, "[... " + dataLinesDropped + " more lines not shown ...]");
        }
        steps.command(dataStart, t, null, List.copyOf(dataLines), false, false);
        if (!data.sizeExceeded()) {
            sink.message(from, rcpts, steps.server(), data.content());
        }
        data = null;
        dataLines.clear();
        dataLinesDropped = 0;
        awaiting.add(CONTENT);
    }

    private void commandLine(String line, long t) {
        if (authChallenge) { // an answer to a 334 challenge: a credential (RFC 4954 §4)
            steps.command(t, t, null, List.of(Redaction.MASK), true, true);
            awaiting.add(AUTH_RESPONSE);
            holding = true;
            return;
        }
        CommandParse p = Command.parse(line);
        if (p instanceof CommandParse.Ok ok) {
            Command c = ok.command();
            String verb = c.verb();
            boolean secret = verb.equals("AUTH") && c.argument().indexOf(' ') > 0;
            String shown = secret ? "AUTH " + c.argument().substring(0, c.argument().indexOf(' ')) + " "
                    + Redaction.MASK : line;
            steps.command(t, t, c, List.of(shown), false, secret);
            awaiting.add(verb);
            switch (verb) {
                case "MAIL":
                    rcpts.clear(); // (the recipients accepted stay: a nested MAIL is refused and changes nothing)
                    dataSeen = false;
                    from = path(c.argument());
                    break;
                case "RCPT":
                    rcpts.add(path(c.argument()));
                    rcptReplies.add(path(c.argument()));
                    break;
                case "RSET":
                    open.clear(); // the transaction is dropped: nothing was sent to them
                    break;
                case "DATA":
                case "AUTH":
                case "STARTTLS":
                    holding = true;
                    break;
                default:
                    break;
            }
        } else {
            sink.unknownLine(steps, line, t);
            awaiting.add("?");
        }
    }

    private static String path(String argument) {
        Matcher m = PATH.matcher(argument);
        return m.find() ? m.group(1) : argument;
    }

    private void server(byte[] b, long t) {
        replies.feed(b);
        while (true) {
            DecodeResult r = replies.next();
            if (r instanceof DecodeResult.Complete c) {
                reply(c.reply(), c.rawLines(), t);
                if (encrypted) {
                    return; // anything after the 220 to STARTTLS in this read is already TLS
                }
            } else if (r instanceof DecodeResult.Error e) {
                steps.error(t, "smtp.protocol-error", "RFC 5321 §4.2", "Error: the server's reply does not parse: "
                        + org.mailtrail.timeline.Printable.of(e.message()),
                        org.mailtrail.timeline.Printable.of(e.offendingLine()), true);
                replies = new ReplyDecoder(ReplyDecoder.HARD_CAP);
                return;
            } else {
                return;
            }
        }
    }

    private void reply(Reply reply, List<String> raw, long t) {
        steps.reply(t, t, reply, raw);
        String verb = awaiting.poll();
        authChallenge = reply.code() == 334;
        decide(verb, reply);
        if ("DATA".equals(verb) && reply.code() == 354) {
            data = new DataDecoder(MAX_MESSAGE);
            dataStart = t;
        }
        if ("STARTTLS".equals(verb) && reply.codeClass() == 2) {
            encrypted = !sink.seesInsideTls();
            tlsEvent = sink.encryptedFromHere(steps, t, false);
        }
        if (holding && verb != null && (verb.equals("DATA") || verb.equals("AUTH") || verb.equals("STARTTLS")
                || verb.equals(AUTH_RESPONSE))) {
            release(t);
        }
    }

    /**
     * The outcomes the dialogue shows: a recipient refused at RCPT (queued for a 4xx, refused for a 5xx), and those
     * accepted decided by the reply to the message (handed over to the server for a 250), as the proxy records them.
     */
    private void decide(String verb, Reply reply) {
        if ("MAIL".equals(verb) && reply.isPositive()) {
            sink.envelope(from, null);
        } else if ("RCPT".equals(verb) && !rcptReplies.isEmpty()) {
            String r = rcptReplies.poll();
            if (reply.isPositive()) {
                open.add(r);
                sink.envelope(from, r);
            } else {
                sink.outcome(refused(r, reply));
            }
        } else if (CONTENT.equals(verb)) {
            for (String r : open) {
                sink.outcome(reply.isPositive() ? new RecipientOutcome(r, RecipientOutcome.Status.DELIVERED,
                        reply.toString(), steps.server()) : refused(r, reply)); // "accepted by": CaptureEvents
            }
            open.clear();
        } else if ("DATA".equals(verb)) {
            dataSeen = reply.code() == 354;
            if (!dataSeen) {
                for (String r : open) {
                    sink.outcome(refused(r, reply));
                }
                open.clear();
            }
        }
    }

    private RecipientOutcome refused(String rcpt, Reply reply) {
        RecipientOutcome.Status s = reply.isTransient() ? RecipientOutcome.Status.QUEUED
                : RecipientOutcome.Status.REFUSED;
        return new RecipientOutcome(rcpt, s, reply.toString(), steps.server());
    }

    /** Reads what the client sent while its DATA, AUTH or STARTTLS awaited the answer, now that the state is known. */
    private void release(long t) {
        holding = false;
        List<byte[]> bytes = new ArrayList<>(held);
        List<Long> times = new ArrayList<>(heldTimes);
        held.clear();
        heldTimes.clear();
        heldBytes = 0;
        for (int i = 0; i < bytes.size(); i++) {
            if (holding) {
                held.addAll(bytes.subList(i, bytes.size()));
                heldTimes.addAll(times.subList(i, times.size()));
                for (int k = i; k < bytes.size(); k++) {
                    heldBytes += bytes.get(k).length;
                }
                return;
            }
            client(bytes.get(i), 0, Math.max(t, times.get(i)));
        }
    }

    @Override
    public void gap(boolean fromClient, long missing, long t) {
        sink.gap(steps, fromClient, missing, t);
        if (!encrypted) {
            if (fromClient) { // a line cut by the gap cannot be read; start again at the next line
                clientLines.rest();
            } else {
                replies = new ReplyDecoder(ReplyDecoder.HARD_CAP);
            }
        }
    }

    @Override
    public void finish(long t) {
        for (String r : open) { // accepted, but the capture holds no reply to a message for them
            sink.outcome(new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, dataSeen
                    ? "the connection ended before the server answered the message"
                    : "no message was sent: the connection ended before DATA", steps.server()));
        }
        open.clear();
        if (data != null) {
            sink.note(steps, "capture.note", "the connection ends inside the message data ("
                    + dataLines.size() + " lines seen)", t);
        } else if (!encrypted && clientLines.partial()) {
            sink.note(steps, "capture.note", "the client's last line has no line end: " + clientLines.rest(), t);
        }
        if (tlsEvent >= 0) {
            sink.encryptedCount(tlsEvent, encryptedClient, encryptedServer);
        }
    }
}
