package com.easymo.commons.ratelimit;

import java.util.List;

/** Receives every rate-limit decision, for the metrics. */
public interface RateLimitMetrics {

    /** Receives nothing, for services and tests that export no metrics. */
    RateLimitMetrics NONE = new RateLimitMetrics() {
        @Override
        public void admitted(List<RateLimitPolicy> policies) {}

        @Override
        public void rejected(RateLimitPolicy policy) {}
    };

    /** Counts a request that every one of the policies admitted. */
    void admitted(List<RateLimitPolicy> policies);

    /** Counts a request that the policy rejected. */
    void rejected(RateLimitPolicy policy);

    /** Counts a request that the policy, in dry run, would have rejected; the request went on. */
    default void dryRunRejected(RateLimitPolicy policy) {}

    /** Records a policy replaced at runtime. */
    default void policyChanged(RateLimitPolicies.Change change) {}
}
