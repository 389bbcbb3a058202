package com.easymo.commons.resilience;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;

/**
 * Registers a circuit breaker's state gauge and call meters in a Dropwizard registry, from which the admin port's
 * {@code /metrics} exports them as {@code easymo_circuit_breaker_state} and
 * {@code easymo_circuit_breaker_calls_total}.
 *
 * <table>
 *   <caption>Metrics of the breaker {@code <name>}</caption>
 *   <tr><th>Name</th><th>Type</th><th>Description</th></tr>
 *   <tr><td>{@code circuit-breaker.<name>.state}</td><td>gauge</td><td>0 closed, 1 open, 2 half-open, 3 any other
 *       state (disabled, forced open, metrics only).</td></tr>
 *   <tr><td>{@code circuit-breaker.<name>.calls.success}, {@code .failure}, {@code .ignored},
 *       {@code .not_permitted}</td><td>meter</td><td>Calls by outcome: recorded as a success, recorded as a failure,
 *       failed with an error the breaker ignores, or rejected without a call while the breaker was open.</td></tr>
 * </table>
 */
public final class CircuitBreakerMetrics {

    /** Gauge value of a closed breaker. */
    public static final int STATE_CLOSED = 0;

    /** Gauge value of an open breaker. */
    public static final int STATE_OPEN = 1;

    /** Gauge value of a half-open breaker. */
    public static final int STATE_HALF_OPEN = 2;

    /** Gauge value of a disabled, forced-open or metrics-only breaker. */
    public static final int STATE_OTHER = 3;

    private static final String PREFIX = "circuit-breaker.";

    private CircuitBreakerMetrics() {}

    /** Returns the name of the breaker's state gauge, such as {@code circuit-breaker.telephony.state}. */
    public static String stateGauge(String breakerName) {
        return PREFIX + breakerName + ".state";
    }

    /** Returns the name of a call meter, such as {@code circuit-breaker.telephony.calls.success}. */
    public static String callMeter(String breakerName, String outcome) {
        return PREFIX + breakerName + ".calls." + outcome;
    }

    /**
     * Registers the state gauge and the call meters of the breaker and counts its calls from now on.
     *
     * @throws IllegalArgumentException if the registry already contains a metric of a breaker with that name
     */
    public static void register(MetricRegistry metrics, CircuitBreaker breaker) {
        String name = breaker.getName();
        metrics.register(stateGauge(name), (Gauge<Integer>) () -> stateValue(breaker.getState()));
        Meter success = metrics.meter(callMeter(name, "success"));
        Meter failure = metrics.meter(callMeter(name, "failure"));
        Meter ignored = metrics.meter(callMeter(name, "ignored"));
        Meter notPermitted = metrics.meter(callMeter(name, "not_permitted"));
        breaker.getEventPublisher()
                .onSuccess(event -> success.mark())
                .onError(event -> failure.mark())
                .onIgnoredError(event -> ignored.mark())
                .onCallNotPermitted(event -> notPermitted.mark());
    }

    /** Returns the gauge value of a state. */
    public static int stateValue(State state) {
        return switch (state) {
            case CLOSED -> STATE_CLOSED;
            case OPEN -> STATE_OPEN;
            case HALF_OPEN -> STATE_HALF_OPEN;
            default -> STATE_OTHER;
        };
    }
}
