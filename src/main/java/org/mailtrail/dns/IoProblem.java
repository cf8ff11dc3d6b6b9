package org.mailtrail.dns;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file could not be read, in words a user understands ("no such file", "not UTF-8 text")
 * rather than the JDK's ("Input length = 1", or the path again). Shared by every reader of user files:
 * world and zone files, session logs, body and password files.
 */
public final class IoProblem {
    private IoProblem() {
    }

    public static String of(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : e.getMessage();
        if ("Is a directory".equals(reason)) { // a folder given where a file was wanted (the OS's words: EISDIR)
            return "it is a folder, not a file";
        }
        if ("Not a directory".equals(reason)) {
            return "a file is where a folder was expected";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "a file is where a folder was expected";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
            return "the file system refused (" + e.getClass().getSimpleName().replace("Exception", "") + ")";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason(); // e.g. "Is a directory", without the path the caller already names
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
