package com.easymo.commons.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A named token-bucket limit: {@code capacity} requests per {@code window}, counted per key.
 *
 * <p>The bucket refills intervally: its whole capacity comes back when the window that began with the key's first
 * request ends. A policy in dry run counts like any other, but when its bucket is empty the request goes on: the
 * limiter logs and counts what the policy would have rejected.
 */
public record RateLimitPolicy(String name, long capacity, Duration window, KeyType keyType, boolean dryRun) {

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

    /** Creates an enforced policy. */
    public RateLimitPolicy(String name, long capacity, Duration window, KeyType keyType) {
        this(name, capacity, window, keyType, false);
    }

    /** Returns this policy with another capacity. */
    public RateLimitPolicy withCapacity(long newCapacity) {
        return new RateLimitPolicy(name, newCapacity, window, keyType, dryRun);
    }

    /** Returns this policy with another window. */
    public RateLimitPolicy withWindow(Duration newWindow) {
        return new RateLimitPolicy(name, capacity, newWindow, keyType, dryRun);
    }

    /** Returns this policy enforced, or in dry run. */
    public RateLimitPolicy withDryRun(boolean newDryRun) {
        return new RateLimitPolicy(name, capacity, window, keyType, newDryRun);
    }
}
