package com.easymo.commons.ratelimit;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of one request against all policies that apply to it.
 *
 * @param allowed whether every bucket had a token, so one token was taken from each
 * @param limiting the state reported to the client. When allowed, it is the bucket with the fewest remaining tokens
 *     (the later reset on a tie). When rejected, it is the empty bucket that resets last.
 */
public record RateLimitDecision(boolean allowed, BucketState limiting) {

    private static final Comparator<BucketState> MOST_RESTRICTIVE = Comparator.comparingLong(BucketState::remaining)
            .thenComparing(BucketState::resetAt, Comparator.reverseOrder());

    /** Creates the decision for an admitted request from the states of all buckets it consumed from. */
    public static RateLimitDecision allowed(List<BucketState> states) {
        return new RateLimitDecision(true, states.stream().min(MOST_RESTRICTIVE).orElseThrow());
    }

    /** Creates the decision for a rejected request from the states of the empty buckets that rejected it. */
    public static RateLimitDecision rejected(List<BucketState> emptyBuckets) {
        return new RateLimitDecision(
                false, emptyBuckets.stream().min(MOST_RESTRICTIVE).orElseThrow());
    }
}
