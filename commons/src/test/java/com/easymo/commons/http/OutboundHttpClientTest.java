package com.easymo.commons.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.testing.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.util.Duration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class OutboundHttpClientTest {

    private static final String NAME = "sms-provider";
    private static final long READ_TIMEOUT_MILLIS = 300;
    private static final int WAIT_IN_OPEN_STATE_SECONDS = 10;
    private static final int WINDOW = 4;

    private final MutableClock clock = MutableClock.startingAt2026();
    private final MetricRegistry metrics = new MetricRegistry();
    private WireMockServer stub;
    private OutboundHttpClient client;

    @BeforeEach
    void startStub() {
        stub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
        client = newFactory().build(NAME, clock, metrics);
    }

    @AfterEach
    void stopStub() {
        MDC.remove(OutboundHttpClient.CORRELATION_ID_MDC_KEY);
        stub.stop();
    }

    @Test
    void clientErrorsKeepBreakerClosed() {
        respondWith(404);

        for (int i = 0; i < 30; i++) {
            assertThat(client.send(request()).statusCode()).isEqualTo(404);
        }

        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.CLOSED);
        assertThat(meterCount(OutboundHttpMetrics.RESPONSES_4XX)).isEqualTo(30);
    }

    @Test
    void serverErrorsOpenBreaker() {
        respondWith(500);

        for (int i = 0; i < WINDOW; i++) {
            assertThat(client.send(request()).statusCode()).isEqualTo(500);
        }

        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.OPEN);
    }

    @Test
    void openBreakerRejectsWithoutNetwork() {
        openBreaker();
        stub.resetRequests();
        clock.advance(java.time.Duration.ofSeconds(3));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.send(request()))
                .isInstanceOfSatisfying(UpstreamUnavailableException.class, e -> {
                    assertThat(e.getBreakerName()).isEqualTo(NAME);
                    assertThat(e.getRetryAfterSeconds()).isEqualTo(WAIT_IN_OPEN_STATE_SECONDS - 3);
                });
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isLessThan(100);
        stub.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void retryAfterRoundsUpPartialSecond() {
        openBreaker();
        clock.advance(java.time.Duration.ofMillis(9_500));

        assertThatThrownBy(() -> client.send(request()))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.getRetryAfterSeconds()).isEqualTo(1));
    }

    @Test
    void probeAfterWaitClosesBreakerWhenStubRecovers() {
        openBreaker();
        stub.resetAll();
        respondWith(200);
        clock.advance(java.time.Duration.ofSeconds(WAIT_IN_OPEN_STATE_SECONDS + 1));

        HttpResponse<String> response = client.send(request());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.CLOSED);
        stub.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void failedProbeOpensBreakerAgain() {
        openBreaker();
        clock.advance(java.time.Duration.ofSeconds(WAIT_IN_OPEN_STATE_SECONDS + 1));

        assertThat(client.send(request()).statusCode()).isEqualTo(500);

        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> client.send(request()))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.getRetryAfterSeconds()).isEqualTo(WAIT_IN_OPEN_STATE_SECONDS));
    }

    @Test
    void slowStubTimesOutWhileClosed() {
        respondAfterDelay(200, 2_000);

        long elapsedMillis = timedSendExpectingTimeout();

        assertThat(elapsedMillis).isLessThan(READ_TIMEOUT_MILLIS + 1_000);
        assertThat(meterCount(OutboundHttpMetrics.TIMEOUTS)).isEqualTo(1);
    }

    @Test
    void slowBodyTimesOut() {
        stub.stubFor(get("/messages")
                .willReturn(aResponse().withStatus(200).withBody("x".repeat(64)).withChunkedDribbleDelay(8, 2_000)));

        long elapsedMillis = timedSendExpectingTimeout();

        assertThat(elapsedMillis).isLessThan(READ_TIMEOUT_MILLIS + 1_000);
    }

    @Test
    void timeoutsOpenBreaker() {
        respondAfterDelay(200, 2_000);

        for (int i = 0; i < WINDOW; i++) {
            timedSendExpectingTimeout();
        }

        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.OPEN);
        assertThat(meterCount(OutboundHttpMetrics.TIMEOUTS)).isEqualTo(WINDOW);
    }

    @Test
    void slowStubTimesOutWhileHalfOpen() {
        openBreaker();
        stub.resetAll();
        respondAfterDelay(200, 2_000);
        clock.advance(java.time.Duration.ofSeconds(WAIT_IN_OPEN_STATE_SECONDS + 1));

        long elapsedMillis = timedSendExpectingTimeout();

        assertThat(elapsedMillis).isLessThan(READ_TIMEOUT_MILLIS + 1_000);
        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.OPEN);
    }

    @Test
    void refusedConnectionIsConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/x"));

        assertThatThrownBy(() -> client.send(request))
                .isInstanceOfSatisfying(
                        UpstreamException.class,
                        e -> assertThat(e.getKind()).isEqualTo(UpstreamException.Kind.CONNECTION_FAILURE));

        assertThat(meterCount(OutboundHttpMetrics.CONNECTION_ERRORS)).isEqualTo(1);
        assertThat(client.getCircuitBreaker().getMetrics().getNumberOfFailedCalls())
                .isEqualTo(1);
    }

    @Test
    void sendsCorrelationIdFromMdc() {
        respondWith(200);
        MDC.put(OutboundHttpClient.CORRELATION_ID_MDC_KEY, "c0ffee-42");

        client.send(request());

        stub.verify(getRequestedFor(urlEqualTo("/messages"))
                .withHeader(OutboundHttpClient.CORRELATION_ID_HEADER, equalTo("c0ffee-42")));
    }

    @Test
    void omitsCorrelationIdWithoutMdc() {
        respondWith(200);

        client.send(request());

        stub.verify(getRequestedFor(urlEqualTo("/messages")).withoutHeader(OutboundHttpClient.CORRELATION_ID_HEADER));
    }

    @Test
    void doesNotFollowRedirects() {
        stub.stubFor(get("/messages").willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));

        HttpResponse<String> response = client.send(request());

        assertThat(response.statusCode()).isEqualTo(302);
        stub.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void metricsCountKnownSequence() {
        assertThat(stateGauge()).isEqualTo(OutboundHttpMetrics.STATE_CLOSED);

        respondWith(200);
        client.send(request());
        respondWith(404);
        client.send(request());
        respondWith(500);
        client.send(request());
        client.send(request());
        assertThatThrownBy(() -> client.send(request())).isInstanceOf(UpstreamUnavailableException.class);

        assertThat(metrics.timer(OutboundHttpMetrics.clientMetric(NAME, OutboundHttpMetrics.REQUESTS))
                        .getCount())
                .isEqualTo(4);
        assertThat(meterCount(OutboundHttpMetrics.RESPONSES_2XX)).isEqualTo(1);
        assertThat(meterCount(OutboundHttpMetrics.RESPONSES_4XX)).isEqualTo(1);
        assertThat(meterCount(OutboundHttpMetrics.RESPONSES_5XX)).isEqualTo(2);
        assertThat(meterCount(OutboundHttpMetrics.TIMEOUTS)).isZero();
        assertThat(meterCount(OutboundHttpMetrics.CONNECTION_ERRORS)).isZero();
        assertThat(meterCount(OutboundHttpMetrics.REJECTED)).isEqualTo(1);
        assertThat(stateGauge()).isEqualTo(OutboundHttpMetrics.STATE_OPEN);
    }

    @Test
    void stateGaugeShowsHalfOpen() {
        OutboundHttpClientFactory factory = newFactory();
        factory.getCircuitBreaker().setPermittedNumberOfCallsInHalfOpenState(2);
        MetricRegistry registry = new MetricRegistry();
        OutboundHttpClient twoProbes = factory.build("two-probes", clock, registry);
        respondWith(500);
        for (int i = 0; i < WINDOW; i++) {
            twoProbes.send(request());
        }
        clock.advance(java.time.Duration.ofSeconds(WAIT_IN_OPEN_STATE_SECONDS + 1));
        respondWith(200);

        twoProbes.send(request());

        assertThat(registry.getGauges()
                        .get(OutboundHttpMetrics.breakerState("two-probes"))
                        .getValue())
                .isEqualTo(OutboundHttpMetrics.STATE_HALF_OPEN);
    }

    @Test
    void rejectsSecondClientWithSameName() {
        assertThatThrownBy(() -> newFactory().build(NAME, clock, metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NAME);
    }

    private OutboundHttpClientFactory newFactory() {
        OutboundHttpClientFactory factory = new OutboundHttpClientFactory();
        factory.setConnectTimeout(Duration.seconds(1));
        factory.setReadTimeout(Duration.milliseconds(READ_TIMEOUT_MILLIS));
        factory.getCircuitBreaker().setSlidingWindowSize(WINDOW);
        factory.getCircuitBreaker().setMinimumNumberOfCalls(WINDOW);
        factory.getCircuitBreaker().setPermittedNumberOfCallsInHalfOpenState(1);
        factory.getCircuitBreaker().setWaitDurationInOpenState(Duration.seconds(WAIT_IN_OPEN_STATE_SECONDS));
        factory.getCircuitBreaker().setSlowCallDurationThreshold(Duration.seconds(30));
        return factory;
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/messages")).GET();
    }

    private void respondWith(int status) {
        stub.stubFor(get("/messages").willReturn(aResponse().withStatus(status).withBody("status " + status)));
    }

    private void respondAfterDelay(int status, int delayMillis) {
        stub.stubFor(get("/messages").willReturn(aResponse().withStatus(status).withFixedDelay(delayMillis)));
    }

    private void openBreaker() {
        respondWith(500);
        for (int i = 0; i < WINDOW; i++) {
            client.send(request());
        }
        assertThat(client.getCircuitBreaker().getState()).isEqualTo(State.OPEN);
    }

    /** Sends one request that must time out and returns how long {@code send} took, in milliseconds. */
    private long timedSendExpectingTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.send(request()))
                .isInstanceOfSatisfying(
                        UpstreamException.class,
                        e -> assertThat(e.getKind()).isEqualTo(UpstreamException.Kind.TIMEOUT));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long meterCount(String metric) {
        return metrics.meter(OutboundHttpMetrics.clientMetric(NAME, metric)).getCount();
    }

    private Object stateGauge() {
        return metrics.getGauges().get(OutboundHttpMetrics.breakerState(NAME)).getValue();
    }
}
