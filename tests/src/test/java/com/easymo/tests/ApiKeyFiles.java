package com.easymo.tests;

import com.easymo.commons.auth.ApiKeyDigests;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes API key files for services under test. */
public final class ApiKeyFiles {

    private ApiKeyFiles() {}

    /**
     * Writes a key file that accepts the given keys, all of owner {@code test} with IDs {@code test-1}, {@code test-2}
     * and so on, and returns the override that points {@code apiKeys.file} at it.
     */
    public static ConfigOverride accepting(String... keys) {
        return acceptingUnder("dw", keys);
    }

    /** Writes a key file as {@link #accepting(String...)} does, for a service under its own property prefix. */
    public static ConfigOverride acceptingUnder(String propertyPrefix, String... keys) {
        StringBuilder content = new StringBuilder("keys:\n");
        for (int i = 0; i < keys.length; i++) {
            content.append("  - id: test-")
                    .append(i + 1)
                    .append("\n    owner: test\n    sha256: \"")
                    .append(ApiKeyDigests.sha256Hex(keys[i]))
                    .append("\"\n");
        }
        try {
            Path file = Files.createTempDirectory("api-keys").resolve("api-keys.yml");
            Files.writeString(file, content);
            return ConfigOverride.config(propertyPrefix, "apiKeys.file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
