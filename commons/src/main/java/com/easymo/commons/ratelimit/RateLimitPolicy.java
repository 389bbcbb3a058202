package com.easymo.commons.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A named token-bucket limit: {@code capacity} requests per {@code window}, counted per key.
 *
 * <p>The bucket refills intervally: its whole capacity comes back when the window that began with the key's first
 * request ends.
 */
public record RateLimitPolicy(String name, long capacity, Duration window, KeyType keyType) {

    public RateLimitPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(keyType, "keyType");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1s, was " + window);
        }
    }
}
