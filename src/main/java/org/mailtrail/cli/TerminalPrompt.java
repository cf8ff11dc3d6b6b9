package org.mailtrail.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Asks for a secret (a key store's password) the way ssh and gpg do: on the terminal when there is one — the
 * {@link Console} writes the prompt to it and reads without echo — and otherwise with the prompt on standard error
 * and the answer read as one line from standard input. Never on standard output, which belongs to the command's
 * output and may be captured by a script ({@code x=$(mailtrail ...)}).
 */
final class TerminalPrompt {
    /** Stands for "asked for on the terminal" as an option's fallback value: no argument can hold a NUL. */
    static final String ASK = "\u0000";

    private TerminalPrompt() {
    }

    /** True if {@code value} is the fallback {@link #ASK} (the option was given without a value). */
    static boolean isAsk(char[] value) {
        return value != null && value.length == 1 && value[0] == '\u0000';
    }

    /**
     * The secret typed after {@code prompt}: read from the console without echo, or (no console: input or output
     * redirected) one line of {@code in}, the prompt then going to {@code err}. Empty at the end of input.
     */
    static char[] readSecret(String prompt, PrintWriter err, InputStream in) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? new char[0] : typed;
        }
        err.print(prompt);
        err.flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') { // byte by byte: nothing after the line is taken from the input
            line.write(b);
        }
        err.println();
        err.flush();
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = Charset.defaultCharset().decode(ByteBuffer.wrap(bytes, 0, n));
        Arrays.fill(bytes, (byte) 0);
        char[] out = new char[chars.remaining()];
        chars.get(out);
        return out;
    }
}
