package com.easymo.commons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.resilience.CircuitBreakerMetrics;
import com.easymo.commons.testing.Scrape;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropwizardBridgeTest {

    private static final String STATE = PlatformMetric.CIRCUIT_BREAKER_STATE.exposedName();
    private static final String CALLS = PlatformMetric.CIRCUIT_BREAKER_CALLS.exposedName();

    private final MetricRegistry dropwizard = new MetricRegistry();
    private final PrometheusRegistry prometheus = new PrometheusRegistry();

    DropwizardBridgeTest() {
        prometheus.register(new DropwizardBridge(dropwizard));
    }

    @Test
    void mergesBreakersUnderOneName() throws IOException {
        CircuitBreaker telephony = CircuitBreaker.ofDefaults("telephony");
        CircuitBreaker sms = CircuitBreaker.ofDefaults("sms");
        CircuitBreakerMetrics.register(dropwizard, telephony);
        CircuitBreakerMetrics.register(dropwizard, sms);
        sms.transitionToOpenState();

        Scrape scrape = scrape();

        assertThat(scrape.value(STATE, "breaker", "telephony")).isEqualTo(0.0);
        assertThat(scrape.value(STATE, "breaker", "sms")).isEqualTo(1.0);
        assertThat(scrape.help(STATE)).isEqualTo(PlatformMetric.CIRCUIT_BREAKER_STATE.help());
        assertThat(scrape.type(STATE)).isEqualTo("gauge");
    }

    @Test
    void countsBreakerCallsByOutcome() throws IOException {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("telephony");
        CircuitBreakerMetrics.register(dropwizard, breaker);
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        breaker.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("provider failed"));
        breaker.transitionToOpenState();
        boolean permitted = breaker.tryAcquirePermission();

        Scrape scrape = scrape();

        assertThat(permitted).isFalse();
        assertThat(scrape.value(CALLS, "breaker", "telephony", "outcome", "success"))
                .isEqualTo(2.0);
        assertThat(scrape.value(CALLS, "breaker", "telephony", "outcome", "failure"))
                .isEqualTo(1.0);
        assertThat(scrape.value(CALLS, "breaker", "telephony", "outcome", "not_permitted"))
                .isEqualTo(1.0);
        assertThat(scrape.value(CALLS, "breaker", "telephony", "outcome", "ignored"))
                .isZero();
        assertThat(scrape.type(CALLS)).isEqualTo("counter");
    }

    @Test
    void mapsClientFailuresToReasons() throws IOException {
        dropwizard.meter("http-client.telephony.timeouts").mark(3);
        dropwizard.meter("http-client.telephony.connection-errors").mark();
        dropwizard.meter("http-client.telephony.responses.5xx").mark(2);

        Scrape scrape = scrape();

        String failures = PlatformMetric.HTTP_CLIENT_FAILURES.exposedName();
        assertThat(scrape.value(failures, "client", "telephony", "reason", "timeout"))
                .isEqualTo(3.0);
        assertThat(scrape.value(failures, "client", "telephony", "reason", "connection_error"))
                .isEqualTo(1.0);
        assertThat(scrape.value(
                        PlatformMetric.HTTP_CLIENT_RESPONSES.exposedName(),
                        "client",
                        "telephony",
                        "status_class",
                        "5xx"))
                .isEqualTo(2.0);
    }

    @Test
    void exportsClientTimerAsSummaryInSeconds() throws IOException {
        dropwizard.timer("http-client.telephony.requests").update(250, TimeUnit.MILLISECONDS);

        Scrape scrape = scrape();

        String duration = PlatformMetric.HTTP_CLIENT_REQUEST_DURATION.exposedName();
        assertThat(scrape.type(duration)).isEqualTo("summary");
        assertThat(scrape.value(duration + "_count", "client", "telephony")).isEqualTo(1.0);
        assertThat(scrape.value(duration, "client", "telephony", "quantile", "0.5"))
                .isEqualTo(0.25);
        // A Dropwizard timer keeps no running sum, so the bridge writes none.
        assertThat(scrape.contains(duration + "_sum", "client", "telephony")).isFalse();
    }

    @Test
    void leavesUnmappedMetricsOut() throws IOException {
        dropwizard.counter("io.dropwizard.jetty.MutableServletContextHandler.active-requests");
        dropwizard.meter("ch.qos.logback.core.Appender.all").mark();
        dropwizard.meter("ch.qos.logback.core.Appender.warn").mark();
        dropwizard.counter("circuit-breaker.with.dots.state");

        Scrape scrape = scrape();

        assertThat(scrape.sampleNames()).containsExactly(PlatformMetric.LOG_EVENTS.exposedName());
        assertThat(scrape.value(PlatformMetric.LOG_EVENTS.exposedName(), "level", "warn"))
                .isEqualTo(1.0);
    }

    private Scrape scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, prometheus.scrape(), EscapingScheme.DEFAULT);
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
