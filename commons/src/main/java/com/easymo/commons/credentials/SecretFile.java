package com.easymo.commons.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret, such as a provider's auth token, read from a file and replaced by the {@code reload-credentials}
 * admin task.
 *
 * <p>The file contains the secret as UTF-8 text. Whitespace around it is stripped. A file that is empty after
 * stripping, larger than {@value #MAX_BYTES} bytes, not valid UTF-8, or that contains control or format characters
 * (such as a byte order mark) is rejected with a message that names the file but never its content.
 *
 * <p>When a reload finds a new value, the value it replaces becomes the previous one and stays accepted for the
 * configured overlap, measured on the injected clock from the moment of the reload. So clients that still use it,
 * or a provider that still signs with it, keep working while the change spreads. Only one previous value is kept: a
 * second change within the overlap drops the oldest value at once. A reload that fails keeps both values as they
 * were.
 */
public final class SecretFile implements ReloadableCredential {

    /** Maximum size of the file in bytes, whitespace included. */
    public static final int MAX_BYTES = 4096;

    private final String name;
    private final Path path;
    private final Duration overlap;
    private final Clock clock;
    private volatile Values values;

    private SecretFile(String name, Path path, Duration overlap, Clock clock, String current) {
        this.name = name;
        this.path = path;
        this.overlap = overlap;
        this.clock = clock;
        this.values = new Values(current, null, Instant.MIN);
    }

    /**
     * Reads the secret from the file.
     *
     * @param name the credential's name in the task's output, such as {@code telephony-auth-token}
     * @param path the file that contains the secret
     * @param overlap how long a replaced value stays accepted after the reload that replaced it; zero or more
     * @param clock the clock that measures the overlap
     * @throws InvalidSecretFileException if the file cannot be read or its content is not a valid secret
     * @throws IllegalArgumentException if {@code overlap} is negative
     */
    public static SecretFile read(String name, Path path, Duration overlap, Clock clock) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(clock, "clock");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative, was " + overlap);
        }
        return new SecretFile(name, path, overlap, clock, readSecret(path));
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the file that the secret is read from. */
    public Path path() {
        return path;
    }

    /** Returns the value read by the latest successful read or reload. */
    public String current() {
        return values.current();
    }

    /** Returns the value that the latest change replaced while its overlap lasts, or empty once it has ended. */
    public Optional<String> previous() {
        Values snapshot = values;
        return isPreviousAccepted(snapshot) ? Optional.of(snapshot.previous()) : Optional.empty();
    }

    /** Returns the values to accept now: the current one, then the previous one while its overlap lasts. */
    public List<String> accepted() {
        Values snapshot = values;
        return isPreviousAccepted(snapshot)
                ? List.of(snapshot.current(), snapshot.previous())
                : List.of(snapshot.current());
    }

    /**
     * Reads the file again. When its value differs from the current one, the new value becomes current and the old
     * one is accepted until the overlap has passed.
     *
     * @return {@code changed} and, when the value changed, {@code previousAcceptedUntil} as an ISO-8601 instant
     * @throws InvalidSecretFileException if the file cannot be read or is not a valid secret; both values are kept
     */
    @Override
    public synchronized Map<String, Object> reload() {
        String next = readSecret(path);
        Values snapshot = values;
        Map<String, Object> summary = new LinkedHashMap<>();
        if (next.equals(snapshot.current())) {
            summary.put("changed", false);
            return summary;
        }

        Instant previousAcceptedUntil = clock.instant().plus(overlap);
        values = new Values(next, snapshot.current(), previousAcceptedUntil);
        summary.put("changed", true);
        summary.put("previousAcceptedUntil", previousAcceptedUntil.toString());
        return summary;
    }

    private boolean isPreviousAccepted(Values snapshot) {
        return snapshot.previous() != null && clock.instant().isBefore(snapshot.previousAcceptedUntil());
    }

    private static String readSecret(Path path) {
        byte[] bytes = readAtMost(path, MAX_BYTES);
        if (bytes.length > MAX_BYTES) {
            throw invalid(path, "is larger than " + MAX_BYTES + " bytes");
        }

        String secret = decodeUtf8(path, bytes).strip();
        if (secret.isEmpty()) {
            throw invalid(path, "is empty");
        }
        if (secret.codePoints().anyMatch(SecretFile::isControlOrFormat)) {
            throw invalid(path, "contains control or format characters");
        }
        return secret;
    }

    private static byte[] readAtMost(Path path, int maxBytes) {
        try {
            return CredentialFiles.read(path, maxBytes, "Secret file");
        } catch (NoSuchFileException e) {
            throw new InvalidSecretFileException(message(path, "does not exist"), e);
        } catch (IOException e) {
            // The messages name the file and the failure, never the file's content.
            throw new InvalidSecretFileException(e.getMessage(), e);
        }
    }

    private static String decodeUtf8(Path path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(path, "is not valid UTF-8");
        }
    }

    private static boolean isControlOrFormat(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
    }

    private static InvalidSecretFileException invalid(Path path, String problem) {
        return new InvalidSecretFileException(message(path, problem), null);
    }

    private static String message(Path path, String problem) {
        return "Secret file " + path + " " + problem;
    }

    /**
     * The secret in use, and the one it replaced with the instant until which that one stays accepted.
     *
     * @param previous the replaced value, or {@code null} before the first change
     */
    private record Values(String current, String previous, Instant previousAcceptedUntil) {}

    /** Thrown when a secret file cannot be read or does not contain a valid secret. */
    public static final class InvalidSecretFileException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        InvalidSecretFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
