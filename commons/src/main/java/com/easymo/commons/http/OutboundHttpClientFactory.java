package com.easymo.commons.http;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.resilience.CircuitBreakerFactory;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One outbound HTTP client in the configuration, built into an {@link OutboundHttpClient} with its own circuit
 * breaker.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code connectTimeout}</td><td>2s</td><td>Maximum time to open a TCP connection, 100ms to 1m.</td></tr>
 *   <tr><td>{@code readTimeout}</td><td>5s</td><td>Maximum time for the whole exchange, from sending the request to
 *       reading the last byte of the response body, 100ms to 5m. It bounds a half-open breaker's trial calls
 *       too.</td></tr>
 *   <tr><td>{@code circuitBreaker}</td><td>the defaults of {@link CircuitBreakerFactory}</td><td>The client's
 *       circuit breaker. Timeouts, connection failures and 5xx responses count as failed calls; any other response,
 *       4xx included, counts as a successful call.</td></tr>
 * </table>
 */
public class OutboundHttpClientFactory {

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration connectTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration readTimeout = Duration.seconds(5);

    @Valid
    @NotNull
    private CircuitBreakerFactory circuitBreaker = new CircuitBreakerFactory();

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getReadTimeout() {
        return readTimeout;
    }

    @JsonProperty
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    @JsonProperty
    public CircuitBreakerFactory getCircuitBreaker() {
        return circuitBreaker;
    }

    @JsonProperty
    public void setCircuitBreaker(CircuitBreakerFactory circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    /**
     * Builds the client and registers its metrics, which {@link OutboundHttpMetrics} lists.
     *
     * @param name the client's name, which also names its circuit breaker and its metrics
     * @param clock the clock that measures the breaker's open state
     * @param metrics the registry that receives the client's metrics
     * @throws IllegalArgumentException if {@code name} is blank or {@code metrics} already contains a client of that
     *     name
     */
    public OutboundHttpClient build(String name, Clock clock, MetricRegistry metrics) {
        return new OutboundHttpClient(
                name, connectTimeout.toJavaDuration(), readTimeout.toJavaDuration(), circuitBreaker, clock, metrics);
    }
}
