package com.easymo.commons.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of API keys, looked up by the digest of the key a request presents.
 *
 * <p>The lookup hashes the presented key first, so its timing depends on the digest, which a caller cannot steer
 * toward a stored one without knowing a key; the final comparison of the digests runs in constant time.
 */
public final class ApiKeySet {

    /** Maximum length of a key that is hashed; longer values are rejected unread. */
    public static final int MAX_KEY_LENGTH = 256;

    private static final ApiKeySet EMPTY = new ApiKeySet(List.of());

    private final List<ApiKey> keys;
    /** The keys by their digests' bytes, decoded once here rather than on every lookup. */
    private final Map<ByteBuffer, Stored> byDigest;

    /**
     * Creates a set.
     *
     * @throws IllegalArgumentException if two keys share an ID or a digest
     */
    public ApiKeySet(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
        Map<String, ApiKey> digests = new HashMap<>();
        Map<ByteBuffer, Stored> stored = new HashMap<>();
        Map<String, ApiKey> ids = new HashMap<>();
        for (ApiKey key : this.keys) {
            if (ids.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("lists the ID '" + key.id() + "' more than once");
            }
            if (digests.putIfAbsent(key.sha256(), key) != null) {
                throw new IllegalArgumentException("gives entries '"
                        + digests.get(key.sha256()).id() + "' and '" + key.id() + "' the same sha256");
            }
            byte[] digest = HexFormat.of().parseHex(key.sha256());
            stored.put(ByteBuffer.wrap(digest), new Stored(key, digest));
        }
        this.byDigest = Map.copyOf(stored);
    }

    /** Returns a set without keys. */
    public static ApiKeySet empty() {
        return EMPTY;
    }

    /** Returns the keys, in file order. */
    public List<ApiKey> keys() {
        return keys;
    }

    /** Returns the number of keys in each state at the given instant, every state present. */
    public Map<ApiKey.State, Long> countByState(Instant now) {
        Map<ApiKey.State, Long> counts = new EnumMap<>(ApiKey.State.class);
        for (ApiKey.State state : ApiKey.State.values()) {
            counts.put(state, 0L);
        }
        keys.forEach(key -> counts.merge(key.stateAt(now), 1L, Long::sum));
        return counts;
    }

    /**
     * Finds the key a request presented.
     *
     * @param presented the key as sent, already checked for length and characters
     * @param now the instant against which validity times are checked
     */
    public Authentication authenticate(String presented, Instant now) {
        byte[] digest = ApiKeyDigests.sha256(presented);
        Stored found = byDigest.get(ByteBuffer.wrap(digest));
        if (found == null || !MessageDigest.isEqual(digest, found.digest())) {
            return new Authentication(Outcome.INVALID, null);
        }
        ApiKey key = found.key();
        return switch (key.stateAt(now)) {
            case ACTIVE -> new Authentication(Outcome.ACCEPTED, key);
            case PENDING -> new Authentication(Outcome.NOT_YET_VALID, key);
            case EXPIRED -> new Authentication(Outcome.EXPIRED, key);
        };
    }

    /** A key with its digest as bytes. */
    private record Stored(ApiKey key, byte[] digest) {}

    /** The outcome of presenting a key, with the key found; {@code key} is {@code null} for an unknown key. */
    public record Authentication(Outcome outcome, ApiKey key) {}

    /** The outcomes of presenting a key, as the metrics' {@code outcome} label names them. */
    public enum Outcome {
        ACCEPTED("accepted"),
        INVALID("invalid"),
        EXPIRED("expired"),
        NOT_YET_VALID("not_yet_valid"),
        MISSING("missing");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** Returns the label value and log field value. */
        public String label() {
            return label;
        }
    }
}
