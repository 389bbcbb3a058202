package com.easymo.commons.resilience;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/** The unit of a circuit breaker's sliding window: calls or seconds. */
public enum SlidingWindowType {
    /** The window contains the last {@code slidingWindowSize} calls. */
    @JsonProperty("count")
    COUNT(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED),

    /** The window contains the calls of the last {@code slidingWindowSize} seconds. */
    @JsonProperty("time")
    TIME(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);

    private final CircuitBreakerConfig.SlidingWindowType resilience4jType;

    SlidingWindowType(CircuitBreakerConfig.SlidingWindowType resilience4jType) {
        this.resilience4jType = resilience4jType;
    }

    /** Returns the matching Resilience4j window type. */
    public CircuitBreakerConfig.SlidingWindowType toResilience4j() {
        return resilience4jType;
    }
}
