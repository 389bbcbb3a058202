package com.easymo.commons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.RateLimitTestApplication;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.Scrape;
import com.easymo.commons.testing.TestHttp;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives a service with the platform bundle and reads its admin port's {@code /metrics}. The tests share one
 * running service, so each reads the change of a counter across its own requests, from its own client address
 * behind the loopback proxy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PlatformMetricsTest {

    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("ratelimit-test.yml")) {
                @Override
                public RateLimitTestApplication newApplication() {
                    return new RateLimitTestApplication(MutableClock.startingAt2026());
                }
            });

    private static final String REQUESTS = PlatformMetric.HTTP_SERVER_REQUESTS.exposedName();
    private static final String ERRORS = PlatformMetric.HTTP_SERVER_ERRORS.exposedName();
    private static final String DECISIONS = PlatformMetric.RATE_LIMIT_DECISIONS.exposedName();
    private static final String DURATION = PlatformMetric.HTTP_SERVER_REQUEST_DURATION.exposedName();

    @Test
    void servesPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = admin().get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.contentType(response)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE " + DURATION + " histogram\n");
    }

    @Test
    void servesOpenMetricsWhenAccepted() throws Exception {
        HttpResponse<String> response = admin().get("/metrics", "application/openmetrics-text; version=1.0.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.contentType(response))
                .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void dropwizardJsonMovesToMetricsJson() throws Exception {
        HttpResponse<String> response = admin().get(PlatformMetrics.DROPWIZARD_JSON_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        List<String> gauges = new ArrayList<>();
        TestHttp.json(response).path("gauges").fieldNames().forEachRemaining(gauges::add);
        assertThat(gauges).contains("org.eclipse.jetty.util.thread.QueuedThreadPool.dw.size");
    }

    @Test
    void countsRequestsByRouteAndStatusClass() throws Exception {
        Scrape before = scrape();

        send("GET", "/ping", "198.51.100.1");
        send("GET", "/ping", "198.51.100.1");

        Scrape after = scrape();
        String[] labels = {"method", "GET", "route", "/ping", "status_class", "2xx"};
        assertThat(after.value(REQUESTS, labels) - before.value(REQUESTS, labels))
                .isEqualTo(2.0);
        assertThat(after.value(DURATION + "_count", labels) - before.value(DURATION + "_count", labels))
                .isEqualTo(2.0);
        assertThat(after.value(DURATION + "_bucket", append(labels, "le", "+Inf"))
                        - before.value(DURATION + "_bucket", append(labels, "le", "+Inf")))
                .isEqualTo(2.0);
    }

    @Test
    void histogramHasObjectiveBucket() throws Exception {
        send("GET", "/ping", "198.51.100.2");

        Scrape scrape = scrape();

        assertThat(scrape.contains(
                        DURATION + "_bucket", "method", "GET", "route", "/ping", "status_class", "2xx", "le", "0.3"))
                .isTrue();
        assertThat(scrape.type(DURATION)).isEqualTo("histogram");
    }

    @Test
    void countsRateLimitDecisions() throws Exception {
        Scrape before = scrape();

        for (int i = 0; i < 4; i++) {
            send("POST", "/limited", "198.51.100.3");
        }

        Scrape after = scrape();
        assertThat(delta(before, after, DECISIONS, "policy", "tight", "outcome", "admitted"))
                .isEqualTo(3.0);
        assertThat(delta(before, after, DECISIONS, "policy", "tight", "outcome", "rejected"))
                .isEqualTo(1.0);
        assertThat(delta(before, after, DECISIONS, "policy", "global", "outcome", "admitted"))
                .isEqualTo(3.0);
        assertThat(delta(before, after, DECISIONS, "policy", "global", "outcome", "rejected"))
                .isZero();
    }

    @Test
    void countsRejectionAsError() throws Exception {
        Scrape before = scrape();

        for (int i = 0; i < 4; i++) {
            send("POST", "/limited", "198.51.100.4");
        }

        Scrape after = scrape();
        assertThat(delta(before, after, ERRORS, "method", "POST", "route", "/limited", "error", "rate_limit_exceeded"))
                .isEqualTo(1.0);
        assertThat(delta(before, after, REQUESTS, "method", "POST", "route", "/limited", "status_class", "4xx"))
                .isEqualTo(1.0);
        assertThat(delta(before, after, REQUESTS, "method", "POST", "route", "/limited", "status_class", "2xx"))
                .isEqualTo(3.0);
    }

    private static Set<String> unmatched(Set<String> series) {
        return series.stream()
                .filter(name -> name.contains("route=\"unmatched\""))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void randomPathSuffixCreatesNoSeries() throws Exception {
        send("GET", "/no-such-resource/" + UUID.randomUUID(), "198.51.100.5");
        Set<String> before = scrape().seriesStartingWith("http_server_");

        for (int i = 0; i < 20; i++) {
            send("GET", "/no-such-resource/" + UUID.randomUUID(), "198.51.100.5");
        }

        Scrape after = scrape();
        // Compared without the series of other routes: the previous test's last request may be recorded just after
        // the first scrape, because a request is counted once its response has gone out.
        assertThat(unmatched(after.seriesStartingWith("http_server_"))).isEqualTo(unmatched(before));
        assertThat(after.seriesStartingWith("http_server_")).noneMatch(series -> series.contains("no-such-resource"));
        assertThat(after.value(ERRORS, "method", "GET", "route", "unmatched", "error", "not_found"))
                .isGreaterThanOrEqualTo(21.0);
    }

    @Test
    void unknownMethodBecomesOther() throws Exception {
        Scrape before = scrape();

        HttpResponse<String> response = send("BREW", "/ping", "198.51.100.6");

        Scrape after = scrape();
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(delta(before, after, REQUESTS, "method", "_OTHER", "route", "unmatched", "status_class", "4xx"))
                .isEqualTo(1.0);
        assertThat(after.seriesStartingWith(REQUESTS + "{method=\"BREW\"")).isEmpty();
    }

    @Test
    void exportsStoreAndBuildInfo() throws Exception {
        Scrape scrape = scrape();

        assertThat(scrape.value(PlatformMetric.RATE_LIMIT_STORE.exposedName(), "store", "memory"))
                .isEqualTo(1.0);
        assertThat(scrape.seriesStartingWith(
                        PlatformMetric.BUILD.exposedName() + "{service=\"RateLimitTestApplication\""))
                .hasSize(1);
    }

    @Test
    void helpTextsComeFromDefinitions() throws Exception {
        send("GET", "/ping", "198.51.100.7");
        Scrape scrape = scrape();

        for (PlatformMetric metric : Set.of(
                PlatformMetric.HTTP_SERVER_REQUESTS,
                PlatformMetric.HTTP_SERVER_REQUEST_DURATION,
                PlatformMetric.RATE_LIMIT_DECISIONS,
                PlatformMetric.JETTY_THREADS,
                PlatformMetric.LOG_EVENTS)) {
            assertThat(scrape.help(metric.exposedName())).as(metric.name()).isEqualTo(metric.help());
        }
    }

    @Test
    void exportsJettyThreadPools() throws Exception {
        Scrape scrape = scrape();

        assertThat(scrape.value(PlatformMetric.JETTY_THREADS.exposedName(), "thread_pool", "dw"))
                .isPositive();
        assertThat(scrape.value(PlatformMetric.JETTY_THREADS.exposedName(), "thread_pool", "dw-admin"))
                .isPositive();
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static String[] append(String[] labels, String name, String value) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }

    private static Scrape scrape() throws Exception {
        HttpResponse<String> response = admin().get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static TestHttp admin() {
        return new TestHttp(APP.getAdminPort());
    }

    private static HttpResponse<String> send(String method, String path, String client) throws Exception {
        TestHttp http = new TestHttp(APP.getLocalPort());
        HttpRequest request = http.request(path)
                .header("X-Forwarded-For", client)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.send(request);
    }
}
