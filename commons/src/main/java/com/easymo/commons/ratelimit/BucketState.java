package com.easymo.commons.ratelimit;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one bucket after a consumption attempt.
 *
 * @param bucket the bucket
 * @param remaining tokens left in the bucket, never negative
 * @param resetAt the wall-clock time at which the bucket's whole capacity is back
 */
public record BucketState(BucketKey bucket, long remaining, Instant resetAt) {

    public BucketState {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(resetAt, "resetAt");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
        }
    }

    /** Returns the policy's capacity. */
    public long limit() {
        return bucket.policy().capacity();
    }
}
