package com.easymo.commons.ratelimit;

import java.util.List;

/**
 * Stores the token buckets of every policy and key.
 *
 * <p>Implementations must be safe for concurrent use, and {@link #tryConsume} must be atomic across all the buckets
 * it is given: either one token is taken from each of them, or none is taken from any.
 */
public interface RateLimitStore {

    /**
     * Takes one token from each bucket if every bucket has one, creating missing buckets full.
     *
     * @param buckets the buckets of all policies that apply to one request, at least one
     * @return the decision, with the state of the limiting bucket
     */
    RateLimitDecision tryConsume(List<BucketKey> buckets);

    /** Returns the number of buckets held now, an estimate for stores that cannot count exactly. */
    long size();

    /** Returns the kind of store, as the {@code store} label of the metrics reports it: memory, redis or custom. */
    default String type() {
        return "custom";
    }
}
