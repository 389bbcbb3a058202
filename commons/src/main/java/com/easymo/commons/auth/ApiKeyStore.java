package com.easymo.commons.auth;

import com.easymo.commons.credentials.ReloadableCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API key set in use, loaded from the key file and replaced as a whole when the file is reloaded.
 *
 * <p>Requests read the set without locking; a reload builds a new set and swaps it in, so a request uses either the
 * old set or the new one, never a mix. A file that fails to parse leaves the set in use as it was.
 */
public final class ApiKeyStore implements ReloadableCredential {

    /** The name under which the reload task reports the key set. */
    public static final String NAME = "api-keys";

    private final Path file;
    private final Clock clock;
    private volatile Loaded loaded;

    /**
     * Creates the store and loads the file.
     *
     * @throws IllegalStateException if the file cannot be read or parsed, naming the problem
     */
    public ApiKeyStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            byte[] content = ApiKeyFile.readBytes(file);
            this.loaded = new Loaded(ApiKeyFile.parse(content, file.toString()), content);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot load the API keys: " + e.getMessage(), e);
        }
    }

    /** Returns the set in use. */
    public ApiKeySet keys() {
        return loaded.keys;
    }

    /** Returns the key file. */
    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> reload() throws IOException {
        return load(ApiKeyFile.readBytes(file));
    }

    /**
     * Reloads the file if its content differs from the content in use.
     *
     * @return the summary of the reload, or {@code null} if the file is unchanged
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the changed file cannot be parsed
     */
    public Map<String, Object> reloadIfChanged() throws IOException {
        byte[] content = ApiKeyFile.readBytes(file);
        if (Arrays.equals(content, loaded.content)) {
            return null;
        }
        return load(content);
    }

    /** Returns whether the file's content equals the given bytes, so a watcher can skip content it failed on. */
    boolean isLoaded(byte[] content) {
        return Arrays.equals(content, loaded.content);
    }

    private synchronized Map<String, Object> load(byte[] content) {
        ApiKeySet next = ApiKeyFile.parse(content, file.toString());
        ApiKeySet previous = loaded.keys;
        loaded = new Loaded(next, content);

        Set<String> before = ids(previous.keys());
        Set<String> after = ids(next.keys());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("keys", next.keys().size());
        countByState(next).forEach(summary::put);
        summary.put(
                "added",
                after.stream().filter(id -> !before.contains(id)).sorted().toList());
        summary.put(
                "removed",
                before.stream().filter(id -> !after.contains(id)).sorted().toList());
        return summary;
    }

    /** Returns the number of keys in each state now, by lowercase state name. */
    public Map<String, Long> countByState() {
        return countByState(loaded.keys);
    }

    private Map<String, Long> countByState(ApiKeySet keys) {
        Map<String, Long> counts = new LinkedHashMap<>();
        keys.countByState(clock.instant())
                .forEach((state, count) -> counts.put(state.name().toLowerCase(java.util.Locale.ROOT), count));
        return counts;
    }

    private static Set<String> ids(List<ApiKey> keys) {
        return keys.stream().map(ApiKey::id).collect(Collectors.toSet());
    }

    private record Loaded(ApiKeySet keys, byte[] content) {}
}
