package com.easymo.commons.ratelimit;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of one request against all policies that apply to it.
 *
 * @param allowed whether every enforced bucket had a token, so one token was taken from each bucket that had one
 * @param limiting the state reported to the client, or {@code null} when only policies in dry run applied. When
 *     allowed, it is the enforced bucket with the fewest remaining tokens (the later reset on a tie). When rejected,
 *     it is the empty enforced bucket that resets last.
 * @param dryRunExceeded the buckets of policies in dry run that were empty, so would have rejected the request; empty
 *     when the request was rejected
 */
public record RateLimitDecision(boolean allowed, BucketState limiting, List<BucketState> dryRunExceeded) {

    private static final Comparator<BucketState> MOST_RESTRICTIVE = Comparator.comparingLong(BucketState::remaining)
            .thenComparing(BucketState::resetAt, Comparator.reverseOrder());

    public RateLimitDecision {
        dryRunExceeded = List.copyOf(dryRunExceeded);
    }

    /** Creates the decision for an admitted request from the states of all buckets it consumed from. */
    public static RateLimitDecision allowed(List<BucketState> states) {
        return allowed(states, List.of());
    }

    /**
     * Creates the decision for an admitted request.
     *
     * @param states the states of all its buckets after the request
     * @param dryRunExceeded the buckets of policies in dry run that had no token for it
     */
    public static RateLimitDecision allowed(List<BucketState> states, List<BucketState> dryRunExceeded) {
        BucketState limiting = states.stream()
                .filter(state -> !state.bucket().policy().dryRun())
                .min(MOST_RESTRICTIVE)
                .orElse(null);
        return new RateLimitDecision(true, limiting, dryRunExceeded);
    }

    /** Creates the decision for a rejected request from the states of the empty enforced buckets that rejected it. */
    public static RateLimitDecision rejected(List<BucketState> emptyBuckets) {
        return new RateLimitDecision(
                false, emptyBuckets.stream().min(MOST_RESTRICTIVE).orElseThrow(), List.of());
    }
}
