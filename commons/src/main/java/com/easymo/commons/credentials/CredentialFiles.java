package com.easymo.commons.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads credential files defensively: only regular files, and never more than a bound. */
public final class CredentialFiles {

    private CredentialFiles() {}

    /**
     * Reads a file of at most {@code maxBytes} bytes. A device, a named pipe or a directory is rejected before it is
     * opened, so a wrong path can neither block the reader nor fill the heap. A link is followed to its target.
     *
     * @param kind the kind of file, for messages, such as {@code API key file}
     * @throws NoSuchFileException if the file does not exist, with a message that names the file alone
     * @throws IOException with a message that names the file and the problem, never the content
     */
    public static byte[] read(Path file, int maxBytes, String kind) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(kind + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(kind + " " + file + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                throw new IOException(kind + " " + file + " is larger than " + maxBytes + " bytes");
            }
            return content;
        } catch (AccessDeniedException e) {
            throw new IOException(kind + " " + file + " cannot be read: access denied", e);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(kind + " " + file + " does not exist");
        }
    }
}
