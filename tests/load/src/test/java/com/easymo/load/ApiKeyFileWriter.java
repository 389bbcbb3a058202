package com.easymo.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a service's API key file: one entry per key with its ID, owner and the lowercase hex SHA-256 digest of the
 * key's UTF-8 bytes, the format that ApiKeyFile in commons reads. The file never contains a key itself.
 */
public final class ApiKeyFileWriter {

    /** One key to list: its ID in the file and the key itself, from which only the digest is written. */
    public record Entry(String id, String key) {

        @Override
        public String toString() {
            return id;
        }
    }

    private ApiKeyFileWriter() {}

    /**
     * Replaces the file's content with the given keys, all of one owner. The content goes to a new file in the same
     * directory first, which then replaces the key file in one rename, so a reload never reads a partial file.
     *
     * @throws IOException if the file cannot be written or replaced
     */
    public static void write(Path file, String owner, List<Entry> entries) throws IOException {
        StringBuilder content = new StringBuilder("keys:\n");
        for (Entry entry : entries) {
            content.append("  - id: ").append(entry.id()).append('\n');
            content.append("    owner: ").append(owner).append('\n');
            content.append("    sha256: ").append(sha256Hex(entry.key())).append('\n');
        }
        Path directory = file.toAbsolutePath().getParent();
        // createTempFile gives the new file owner-only permissions on POSIX systems.
        Path next = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(next, content, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    /** Returns the lowercase hex SHA-256 digest of a key's UTF-8 bytes. */
    static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
