package com.easymo.commons.ratelimit;

import java.util.Objects;

/**
 * Identifies one bucket: a policy and the client key it counts, such as {@code 203.0.113.9} or
 * {@code 2001:db8:ab:cd:0:0:0:0/64}.
 */
public record BucketKey(RateLimitPolicy policy, String key) {

    public BucketKey {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(key, "key");
    }

    /** Returns the store-wide identifier of the bucket, {@code <policy>:<key>}. */
    public String id() {
        return policy.name() + ":" + key;
    }
}
