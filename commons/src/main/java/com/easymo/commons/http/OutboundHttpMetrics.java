package com.easymo.commons.http;

import com.easymo.commons.resilience.CircuitBreakerMetrics;

/**
 * Names of the Dropwizard metrics that an {@link OutboundHttpClient} registers, each prefixed with the client's name.
 *
 * <table>
 *   <caption>Metrics of the client {@code <name>}</caption>
 *   <tr><th>Name</th><th>Type</th><th>Description</th></tr>
 *   <tr><td>{@code http-client.<name>.requests}</td><td>timer</td><td>Duration of every request that reached the
 *       network, whatever its outcome.</td></tr>
 *   <tr><td>{@code http-client.<name>.responses.2xx}, {@code .3xx}, {@code .4xx}, {@code .5xx}</td><td>meter</td>
 *       <td>Responses by status class. Redirects are not followed, so a 3xx is returned to the caller.</td></tr>
 *   <tr><td>{@code http-client.<name>.timeouts}</td><td>meter</td><td>Requests that did not complete within
 *       {@code readTimeout}.</td></tr>
 *   <tr><td>{@code http-client.<name>.connection-errors}</td><td>meter</td><td>Requests that failed to connect or
 *       lost the connection.</td></tr>
 *   <tr><td>{@code http-client.<name>.rejected}</td><td>meter</td><td>Requests rejected by the circuit breaker
 *       without a network call.</td></tr>
 * </table>
 *
 * <p>The client's circuit breaker, named like the client, has the metrics that {@link CircuitBreakerMetrics} lists.
 * The admin port's {@code /metrics} exports all of them under Prometheus names.
 */
public final class OutboundHttpMetrics {

    /** Prefix of every client metric except the breaker state gauge. */
    public static final String CLIENT_PREFIX = "http-client.";

    public static final String REQUESTS = "requests";
    public static final String RESPONSES_2XX = "responses.2xx";
    public static final String RESPONSES_3XX = "responses.3xx";
    public static final String RESPONSES_4XX = "responses.4xx";
    public static final String RESPONSES_5XX = "responses.5xx";
    public static final String TIMEOUTS = "timeouts";
    public static final String CONNECTION_ERRORS = "connection-errors";
    public static final String REJECTED = "rejected";

    /** Gauge value of a closed breaker. */
    public static final int STATE_CLOSED = CircuitBreakerMetrics.STATE_CLOSED;

    /** Gauge value of an open breaker. */
    public static final int STATE_OPEN = CircuitBreakerMetrics.STATE_OPEN;

    /** Gauge value of a half-open breaker. */
    public static final int STATE_HALF_OPEN = CircuitBreakerMetrics.STATE_HALF_OPEN;

    /** Gauge value of a disabled, forced-open or metrics-only breaker. */
    public static final int STATE_OTHER = CircuitBreakerMetrics.STATE_OTHER;

    private OutboundHttpMetrics() {}

    /** Returns the full name of a client metric, such as {@code http-client.sms.timeouts}. */
    public static String clientMetric(String clientName, String metric) {
        return CLIENT_PREFIX + clientName + "." + metric;
    }

    /** Returns the full name of the breaker state gauge, such as {@code circuit-breaker.sms.state}. */
    public static String breakerState(String clientName) {
        return CircuitBreakerMetrics.stateGauge(clientName);
    }
}
