package com.easymo.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Parameters of the API key rotation run, read from Java system properties next to the common
 * {@link LoadParameters}. The keys themselves never appear in a message or in {@link #toString()}.
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>Property</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code apiKeyFile}</td><td>required</td><td>the service's API key file, which the simulation
 *       rewrites</td></tr>
 *   <tr><td>{@code oldApiKey}</td><td>required</td><td>the key that the file lists at start</td></tr>
 *   <tr><td>{@code newApiKey}</td><td>required</td><td>the key that replaces it</td></tr>
 *   <tr><td>{@code oldApiKeyId}</td><td>{@code load-test-old}</td><td>the old key's ID in the file</td></tr>
 *   <tr><td>{@code newApiKeyId}</td><td>{@code load-test-new}</td><td>the new key's ID in the file</td></tr>
 *   <tr><td>{@code apiKeyOwner}</td><td>{@code load-test}</td><td>the owner of both keys</td></tr>
 * </table>
 */
public record KeyRotationParameters(
        Path apiKeyFile, String oldKey, String newKey, String oldKeyId, String newKeyId, String owner) {

    /** The key file's rule for IDs and owners (see ApiKeyFile in commons). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The service accepts 1 to 256 visible ASCII characters as a key. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,256}");

    public KeyRotationParameters {
        if (oldKey.equals(newKey)) {
            throw new IllegalArgumentException("Invalid newApiKey: it must differ from oldApiKey");
        }
        if (oldKeyId.equals(newKeyId)) {
            throw new IllegalArgumentException(
                    "Invalid newApiKeyId '" + newKeyId + "': it must differ from oldApiKeyId");
        }
    }

    /**
     * Reads the parameters from the system properties.
     *
     * @throws IllegalArgumentException if a property is missing or invalid, with a message that names the property
     */
    public static KeyRotationParameters fromSystemProperties() {
        return new KeyRotationParameters(
                keyFile("apiKeyFile"),
                key("oldApiKey"),
                key("newApiKey"),
                name("oldApiKeyId", "load-test-old"),
                name("newApiKeyId", "load-test-new"),
                name("apiKeyOwner", "load-test"));
    }

    private static Path keyFile(String property) {
        String value = required(property);
        Path file = Path.of(value.trim());
        if (!Files.isRegularFile(file)
                || !Files.isWritable(file.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("Invalid " + property + " '" + value
                    + "': expected an existing file in a writable directory, the file the service loads its keys from");
        }
        return file;
    }

    private static String key(String property) {
        String value = required(property);
        if (!KEY.matcher(value).matches()) {
            // The message leaves the value out, because it is a key.
            throw new IllegalArgumentException(
                    "Invalid " + property + ": expected 1 to 256 visible ASCII characters without spaces");
        }
        return value;
    }

    private static String name(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue).trim();
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid " + property + " '" + value
                    + "': expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing system property " + property
                    + "; tests/load/run-load-test.sh rotation sets it (see tests/load/README.md)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "apiKeyFile " + apiKeyFile + ", old key " + oldKeyId + ", new key " + newKeyId + ", owner " + owner;
    }
}
