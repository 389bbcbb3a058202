package com.easymo.commons.http;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.easymo.commons.logging.CorrelationIdFilter;
import com.easymo.commons.resilience.CircuitBreakerFactory;
import com.easymo.commons.resilience.CircuitBreakerMetrics;
import com.easymo.commons.resilience.CircuitBreakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.MDC;

/**
 * Sends requests to one upstream HTTP service through a circuit breaker, with timeouts, metrics and the caller's
 * correlation ID.
 *
 * <p>The client follows no redirects and retries nothing. Each call is recorded by the breaker:
 *
 * <ul>
 *   <li>a 5xx response counts as a failed call and is still returned to the caller, who can read the provider's
 *       error body or throw {@link UpstreamException#serverError(String, int)};
 *   <li>any other response, 4xx included, counts as a successful call and is returned unchanged, because a 4xx
 *       reflects the request rather than the provider's health;
 *   <li>a timeout or a connection failure counts as a failed call and is thrown as {@link UpstreamException}.
 * </ul>
 *
 * <p>While the breaker does not permit calls, {@link #send} throws {@link UpstreamUnavailableException} without
 * touching the network. Build instances with {@link OutboundHttpClientFactory}; the metrics are listed in
 * {@link OutboundHttpMetrics}. The breaker's state changes are logged as {@link CircuitBreakers} describes.
 */
public class OutboundHttpClient {

    /** Header that carries the correlation ID to the upstream service. */
    public static final String CORRELATION_ID_HEADER = CorrelationIdFilter.HEADER;

    /** SLF4J MDC key from which the correlation ID is read. */
    public static final String CORRELATION_ID_MDC_KEY = CorrelationIdFilter.MDC_KEY;

    private final String name;
    private final Duration readTimeout;
    private final Duration waitDurationInOpenState;
    private final Clock clock;
    private final HttpClient httpClient;
    private final CircuitBreaker breaker;
    private final AtomicReference<Instant> openUntil = new AtomicReference<>(Instant.EPOCH);

    private final Timer requests;
    private final Meter responses2xx;
    private final Meter responses3xx;
    private final Meter responses4xx;
    private final Meter responses5xx;
    private final Meter timeouts;
    private final Meter connectionErrors;
    private final Meter rejected;

    OutboundHttpClient(
            String name,
            Duration connectTimeout,
            Duration readTimeout,
            CircuitBreakerFactory breakerFactory,
            Clock clock,
            MetricRegistry metrics) {
        this.name = requireName(name);
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(breakerFactory, "breakerFactory");
        Objects.requireNonNull(metrics, "metrics");
        rejectRegisteredName(name, metrics);

        this.waitDurationInOpenState =
                breakerFactory.getWaitDurationInOpenState().toJavaDuration();
        this.breaker = buildBreaker(name, breakerFactory, clock);
        this.httpClient = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        this.requests = metrics.timer(OutboundHttpMetrics.clientMetric(name, OutboundHttpMetrics.REQUESTS));
        this.responses2xx = meter(metrics, OutboundHttpMetrics.RESPONSES_2XX);
        this.responses3xx = meter(metrics, OutboundHttpMetrics.RESPONSES_3XX);
        this.responses4xx = meter(metrics, OutboundHttpMetrics.RESPONSES_4XX);
        this.responses5xx = meter(metrics, OutboundHttpMetrics.RESPONSES_5XX);
        this.timeouts = meter(metrics, OutboundHttpMetrics.TIMEOUTS);
        this.connectionErrors = meter(metrics, OutboundHttpMetrics.CONNECTION_ERRORS);
        this.rejected = meter(metrics, OutboundHttpMetrics.REJECTED);
        CircuitBreakerMetrics.register(metrics, breaker);
    }

    /**
     * Sends the request and returns the response with its body read as a string.
     *
     * <p>The request gets {@code readTimeout} as its timeout and, when the MDC contains {@value
     * #CORRELATION_ID_MDC_KEY}, the {@value #CORRELATION_ID_HEADER} header with that value. The caller's builder is
     * copied, not changed. {@code readTimeout} bounds the whole exchange, including the body.
     *
     * @param request the request to send
     * @return the response, whatever its status
     * @throws UpstreamUnavailableException if the circuit breaker does not permit the call
     * @throws UpstreamException if the call timed out, failed to connect, lost its connection or was interrupted
     * @throws IllegalArgumentException if the correlation ID in the MDC is not a valid header value
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest prepared = prepare(Objects.requireNonNull(request, "request"));
        acquirePermission();
        return exchange(prepared);
    }

    /** Returns the client's name, which is also the name of its circuit breaker and the infix of its metrics. */
    public String getName() {
        return name;
    }

    /** Returns the client's circuit breaker, for a health check such as {@code CircuitBreakerHealthCheck}. */
    public CircuitBreaker getCircuitBreaker() {
        return breaker;
    }

    private HttpRequest prepare(HttpRequest.Builder request) {
        HttpRequest.Builder copy = request.copy().timeout(readTimeout);
        String correlationId = MDC.get(CORRELATION_ID_MDC_KEY);
        if (correlationId != null && !correlationId.isBlank()) {
            copy.setHeader(CORRELATION_ID_HEADER, correlationId);
        }
        return copy.build();
    }

    private void acquirePermission() {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            rejected.mark();
            throw new UpstreamUnavailableException(name, retryAfterSeconds());
        }
    }

    /**
     * Returns whole seconds, rounded up and at least 1, until an open breaker permits a trial call. A half-open
     * breaker whose trial calls are all in flight also rejects calls, and then this method returns 1.
     */
    private long retryAfterSeconds() {
        if (breaker.getState() != State.OPEN) {
            return 1;
        }
        long remainingMillis =
                Duration.between(clock.instant(), openUntil.get()).toMillis();
        long seconds = (remainingMillis + 999) / 1000;
        return Math.max(1, seconds);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        long start = breaker.getCurrentTimestamp();
        CompletableFuture<HttpResponse<String>> future = null;
        try (Timer.Context ignored = requests.time()) {
            future = httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            HttpResponse<String> response = future.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            recordResponse(response.statusCode(), start);
            return response;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw recordFailure(UpstreamException.Kind.TIMEOUT, e, start);
        } catch (ExecutionException e) {
            throw recordFailure(e.getCause(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (future != null) {
                future.cancel(true);
            }
            breaker.releasePermission();
            throw new UpstreamException(
                    name, UpstreamException.Kind.INTERRUPTED, "Call to upstream '" + name + "' was interrupted", e);
        }
    }

    private void recordResponse(int status, long start) {
        long duration = breaker.getCurrentTimestamp() - start;
        switch (status / 100) {
            case 2 -> responses2xx.mark();
            case 3 -> responses3xx.mark();
            case 4 -> responses4xx.mark();
            case 5 -> responses5xx.mark();
            default -> {
                // 1xx never reaches the caller as a final response, and other codes are not standard.
            }
        }

        if (status / 100 == 5) {
            breaker.onError(duration, breaker.getTimestampUnit(), UpstreamException.serverError(name, status));
        } else {
            breaker.onSuccess(duration, breaker.getTimestampUnit());
        }
    }

    private UpstreamException recordFailure(Throwable cause, long start) {
        if (cause instanceof HttpConnectTimeoutException) {
            return recordFailure(UpstreamException.Kind.CONNECTION_FAILURE, cause, start);
        }
        if (cause instanceof HttpTimeoutException) {
            return recordFailure(UpstreamException.Kind.TIMEOUT, cause, start);
        }
        if (cause instanceof IOException) {
            return recordFailure(UpstreamException.Kind.CONNECTION_FAILURE, cause, start);
        }

        breaker.releasePermission();
        throw new IllegalStateException("Call to upstream '" + name + "' failed unexpectedly", cause);
    }

    private UpstreamException recordFailure(UpstreamException.Kind kind, Throwable cause, long start) {
        String message = kind == UpstreamException.Kind.TIMEOUT
                ? "Call to upstream '" + name + "' timed out after " + readTimeout.toMillis() + "ms"
                : "Call to upstream '" + name + "' failed to connect or lost its connection";
        UpstreamException failure = new UpstreamException(name, kind, message, cause);

        (kind == UpstreamException.Kind.TIMEOUT ? timeouts : connectionErrors).mark();
        breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), failure);
        return failure;
    }

    private CircuitBreaker buildBreaker(String name, CircuitBreakerFactory breakerFactory, Clock clock) {
        CircuitBreaker built = CircuitBreakers.build(
                        Map.of(name, breakerFactory), clock, Map.of(name, UpstreamException.class::isInstance))
                .circuitBreaker(name);
        // The breaker computes the end of its open state from the same clock when it opens, but does not expose it.
        built.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == State.OPEN) {
                openUntil.set(clock.instant().plus(waitDurationInOpenState));
            }
        });
        return built;
    }

    private Meter meter(MetricRegistry metrics, String metric) {
        return metrics.meter(OutboundHttpMetrics.clientMetric(name, metric));
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        return name;
    }

    private static void rejectRegisteredName(String name, MetricRegistry metrics) {
        String gauge = OutboundHttpMetrics.breakerState(name);
        if (metrics.getNames().contains(gauge)) {
            throw new IllegalArgumentException("An outbound HTTP client named '" + name
                    + "' is already registered: the metric registry already contains " + gauge);
        }
    }
}
