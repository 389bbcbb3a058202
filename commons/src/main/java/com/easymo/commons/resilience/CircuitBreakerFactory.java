package com.easymo.commons.resilience;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One named circuit breaker in the configuration, built into a Resilience4j {@link CircuitBreakerConfig}.
 *
 * <p>The defaults suit an external API called a few times a second: 20 calls span a few seconds of traffic, at least
 * 10 of them must be seen so that one or two early errors cannot open the breaker, and 30s open gives the provider
 * time to recover before 3 trial calls test it again.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code failureRateThreshold}</td><td>50</td><td>Percentage of failed calls in the window at or above
 *       which the breaker opens, 1 to 100.</td></tr>
 *   <tr><td>{@code slowCallRateThreshold}</td><td>100</td><td>Percentage of slow calls in the window at or above
 *       which the breaker opens, 1 to 100. At 100 only a window in which every call was slow opens it.</td></tr>
 *   <tr><td>{@code slowCallDurationThreshold}</td><td>2s</td><td>Duration above which a call counts as slow, at
 *       least 1ms.</td></tr>
 *   <tr><td>{@code slidingWindowType}</td><td>count</td><td>{@code count}: the window contains the last
 *       {@code slidingWindowSize} calls. {@code time}: it contains the calls of the last {@code slidingWindowSize}
 *       seconds.</td></tr>
 *   <tr><td>{@code slidingWindowSize}</td><td>20</td><td>Size of the window, in calls or in seconds, at least
 *       1.</td></tr>
 *   <tr><td>{@code minimumNumberOfCalls}</td><td>10</td><td>Calls that the window must contain before the rates
 *       are compared with the thresholds, at least 1. A {@code count} window must have room for them.</td></tr>
 *   <tr><td>{@code waitDurationInOpenState}</td><td>30s</td><td>How long the breaker rejects calls after opening,
 *       at least 1s. The first call after this time moves it to half-open.</td></tr>
 *   <tr><td>{@code permittedNumberOfCallsInHalfOpenState}</td><td>3</td><td>Trial calls let through while
 *       half-open, at least 1. Their failure rate decides whether the breaker closes or opens again.</td></tr>
 *   <tr><td>{@code maxWaitDurationInHalfOpenState}</td><td>0s</td><td>How long the breaker stays half-open before
 *       it opens again if the trial calls have not all finished. {@code 0s} means it waits for the permitted calls
 *       however long they take. A Resilience4j scheduler thread measures this wait in real time, not with the
 *       injected clock.</td></tr>
 * </table>
 *
 * <p>What counts as a failure is the caller's decision: {@link #toConfig(Predicate, Clock)} takes a predicate that
 * returns {@code true} for the exceptions to record as failures, so that a client can ignore, for example, a 4xx
 * response, which reflects the request rather than the provider's health. {@link #toConfig()} records every exception.
 */
public class CircuitBreakerFactory {

    @Min(1)
    @Max(100)
    private int failureRateThreshold = 50;

    @Min(1)
    @Max(100)
    private int slowCallRateThreshold = 100;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration slowCallDurationThreshold = Duration.seconds(2);

    @NotNull
    private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT;

    @Min(1)
    private int slidingWindowSize = 20;

    @Min(1)
    private int minimumNumberOfCalls = 10;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration waitDurationInOpenState = Duration.seconds(30);

    @Min(1)
    private int permittedNumberOfCallsInHalfOpenState = 3;

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    private Duration maxWaitDurationInHalfOpenState = Duration.seconds(0);

    @JsonProperty
    public int getFailureRateThreshold() {
        return failureRateThreshold;
    }

    @JsonProperty
    public void setFailureRateThreshold(int failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    @JsonProperty
    public int getSlowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    @JsonProperty
    public void setSlowCallRateThreshold(int slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    @JsonProperty
    public Duration getSlowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    @JsonProperty
    public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    @JsonProperty
    public SlidingWindowType getSlidingWindowType() {
        return slidingWindowType;
    }

    @JsonProperty
    public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    @JsonProperty
    public int getSlidingWindowSize() {
        return slidingWindowSize;
    }

    @JsonProperty
    public void setSlidingWindowSize(int slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    @JsonProperty
    public int getMinimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    @JsonProperty
    public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    @JsonProperty
    public Duration getWaitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    @JsonProperty
    public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
        this.waitDurationInOpenState = waitDurationInOpenState;
    }

    @JsonProperty
    public int getPermittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    @JsonProperty
    public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
        this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
    }

    @JsonProperty
    public Duration getMaxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    @JsonProperty
    public void setMaxWaitDurationInHalfOpenState(Duration maxWaitDurationInHalfOpenState) {
        this.maxWaitDurationInHalfOpenState = maxWaitDurationInHalfOpenState;
    }

    /**
     * Returns whether a {@code count} window can contain {@code minimumNumberOfCalls}. A smaller window would never
     * hold enough calls to compare the rates with the thresholds.
     */
    @ValidationMethod(
            message = "minimumNumberOfCalls must be less than or equal to slidingWindowSize for a count window")
    public boolean isMinimumNumberOfCallsWithinWindow() {
        return slidingWindowType != SlidingWindowType.COUNT || minimumNumberOfCalls <= slidingWindowSize;
    }

    /** Builds the Resilience4j config on the system clock, recording every exception as a failure. */
    public CircuitBreakerConfig toConfig() {
        return toConfig(exception -> true, Clock.systemUTC());
    }

    /**
     * Builds the Resilience4j config.
     *
     * @param recordException returns {@code true} for an exception that counts as a failed call; other exceptions
     *     count as successful calls
     * @param clock the clock that measures the open state and a {@code time} window
     */
    public CircuitBreakerConfig toConfig(Predicate<Throwable> recordException, Clock clock) {
        Objects.requireNonNull(recordException, "recordException");
        Objects.requireNonNull(clock, "clock");

        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slowCallRateThreshold(slowCallRateThreshold)
                .slowCallDurationThreshold(slowCallDurationThreshold.toJavaDuration())
                .slidingWindow(slidingWindowSize, minimumNumberOfCalls, slidingWindowType.toResilience4j())
                .waitDurationInOpenState(waitDurationInOpenState.toJavaDuration())
                .permittedNumberOfCallsInHalfOpenState(permittedNumberOfCallsInHalfOpenState)
                .maxWaitDurationInHalfOpenState(maxWaitDurationInHalfOpenState.toJavaDuration())
                .recordException(recordException)
                .clock(clock)
                .build();
    }
}
