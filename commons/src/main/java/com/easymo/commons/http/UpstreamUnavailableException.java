package com.easymo.commons.http;

import java.util.Objects;

/**
 * An outbound HTTP call was not attempted because the client's circuit breaker does not permit calls.
 *
 * <p>The stack trace is not filled in: the exception is expected while a breaker is open and is thrown on every
 * rejected call, so a trace would cost time and add no information.
 */
public class UpstreamUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final long retryAfterSeconds;

    /**
     * Creates the exception.
     *
     * @param breakerName the name of the circuit breaker, which is also the name of the client
     * @param retryAfterSeconds whole seconds until the breaker permits the next call, at least 1
     * @throws IllegalArgumentException if {@code retryAfterSeconds} is less than 1
     */
    public UpstreamUnavailableException(String breakerName, long retryAfterSeconds) {
        super(
                "Circuit breaker '" + breakerName + "' does not permit calls; retry after " + retryAfterSeconds + "s",
                null,
                false,
                false);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1, was " + retryAfterSeconds);
        }
        this.breakerName = Objects.requireNonNull(breakerName, "breakerName");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String getBreakerName() {
        return breakerName;
    }

    /** Returns whole seconds until the breaker permits the next call, at least 1. */
    public long getRetryAfterSeconds() {
        return retryAfterSeconds;
    }
}
