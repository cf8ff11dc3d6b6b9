package org.mailtrail.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailtrail.export.AtomicFile;

/** Writes a finished document to standard output or, atomically, to a file. */
final class Output {
    private Output() {
    }

    static void write(String text, Path file, PrintWriter out) {
        if (file == null) {
            out.print(text);
            out.flush();
            return;
        }
        try {
            AtomicFile.write(file, text);
        } catch (IOException e) {
            throw new CliException(MailTrailCli.IO_ERROR, "cannot write " + file + ": " + e, e);
        }
    }
}
