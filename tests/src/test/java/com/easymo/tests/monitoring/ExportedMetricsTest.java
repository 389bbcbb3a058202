package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.auth.ApiKeyDigests;
import com.easymo.commons.metrics.PlatformMetric;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.Scrape;
import com.easymo.commons.testing.TestHttp;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.tests.logging.TelephonyProviderStub;
import com.easymo.tests.redis.RedisFixture;
import com.easymo.tests.redis.RedisNode;
import com.easymo.tests.redis.RedisStoreOverrides;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives voice-bridge, with a Redis rate-limit store and a WireMock telephony provider, through admitted, rejected,
 * failing-upstream and breaker-open requests, then reads its admin port's {@code /metrics} as Prometheus would and
 * checks it against the alert rules and dashboards in {@code monitoring/}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExportedMetricsTest {

    /** Series that Prometheus writes itself for every target, which no service exports. */
    private static final Set<String> SYNTHETIC_SERIES = Set.of("up");

    private static final String CALLS = "/calls/outbound";
    private static final String ADMITTED_CLIENT = "203.0.113.10";

    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final WireMockServer STUB = TelephonyProviderStub.start();
    private static final String API_KEY = ApiKeyDigests.newKey();
    private static final Path KEY_FILE = keyFile();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-metrics.yml",
            MutableClock.startingAt2026(),
            TelephonyProviderStub.ENVIRONMENT::get,
            RedisStoreOverrides.standalone(
                    NODE,
                    TelephonyProviderStub.baseUrl(STUB),
                    ConfigOverride.config("apiKeys.file", KEY_FILE.toString())));

    private static final List<Integer> STATUSES = new ArrayList<>();
    private static String scrapeText;
    private static Scrape scrape;

    @BeforeAll
    static void driveTrafficThenScrape() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        TelephonyProviderStub.acceptCalls(STUB);
        for (int i = 0; i < 4; i++) {
            STATUSES.add(client.placeCall(ADMITTED_CLIENT).statusCode());
        }
        TelephonyProviderStub.failCalls(STUB, 500, "{\"message\":\"provider failed\"}");
        // The breaker's window contains 4 calls and opens at 50 % failures: the second failure opens it.
        STATUSES.add(client.placeCall("203.0.113.21").statusCode());
        STATUSES.add(client.placeCall("203.0.113.22").statusCode());
        STATUSES.add(client.placeCall("203.0.113.23").statusCode());
        for (int i = 0; i < 9; i++) {
            STATUSES.add(
                    client.getCall(UUID.randomUUID().toString(), "203.0.113.30").statusCode());
        }
        TestHttp http = new TestHttp(APP.getLocalPort());
        STATUSES.add(http.send(http.request("/calls/" + UUID.randomUUID())
                        .header("X-Forwarded-For", "203.0.113.30")
                        .header("X-API-Key", API_KEY)
                        .GET()
                        .build())
                .statusCode());
        TestHttp admin = new TestHttp(APP.getAdminPort());
        admin.send(admin.request("/tasks/reload-credentials?name=api-keys")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        scrapeText = new TestHttp(APP.getAdminPort()).get("/metrics").body();
        scrape = Scrape.parse(scrapeText);
    }

    private static Path keyFile() {
        try {
            Path file = Files.createTempDirectory("metrics-keys").resolve("api-keys.yml");
            return Files.writeString(
                    file,
                    "keys:\n  - id: metrics-1\n    owner: acme\n    sha256: \"" + ApiKeyDigests.sha256Hex(API_KEY)
                            + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServers() {
        STUB.stop();
        REDIS.close();
    }

    @Test
    void trafficTookEveryPath() {
        assertThat(STATUSES.subList(0, 4)).containsExactly(202, 202, 202, 429);
        assertThat(STATUSES.subList(4, 7)).containsExactly(502, 502, 503);
        assertThat(STATUSES.subList(7, 17)).containsOnly(404);
    }

    @Test
    void promtoolAcceptsScrape() {
        Promtool.Result result = Promtool.run(List.of("check", "metrics"), scrapeText);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output()).as(result.toString()).isBlank();
    }

    @Test
    void countsRequestsByRouteAndStatus() {
        String requests = PlatformMetric.HTTP_SERVER_REQUESTS.exposedName();

        assertThat(scrape.value(requests, "method", "POST", "route", CALLS, "status_class", "2xx"))
                .isEqualTo(3.0);
        assertThat(scrape.value(requests, "method", "POST", "route", CALLS, "status_class", "4xx"))
                .isEqualTo(1.0);
        assertThat(scrape.value(requests, "method", "POST", "route", CALLS, "status_class", "5xx"))
                .isEqualTo(3.0);
        assertThat(scrape.value(requests, "method", "GET", "route", "/calls/{callId}", "status_class", "4xx"))
                .isEqualTo(10.0);
    }

    @Test
    void countsErrorsByCode() {
        String errors = PlatformMetric.HTTP_SERVER_ERRORS.exposedName();

        assertThat(scrape.value(errors, "method", "POST", "route", CALLS, "error", "rate_limit_exceeded"))
                .isEqualTo(1.0);
        assertThat(scrape.value(errors, "method", "POST", "route", CALLS, "error", "upstream_error"))
                .isEqualTo(2.0);
        assertThat(scrape.value(errors, "method", "POST", "route", CALLS, "error", "upstream_unavailable"))
                .isEqualTo(1.0);
        assertThat(scrape.value(errors, "method", "GET", "route", "/calls/{callId}", "error", "call_not_found"))
                .isEqualTo(10.0);
    }

    @Test
    void countsRateLimitDecisions() {
        String decisions = PlatformMetric.RATE_LIMIT_DECISIONS.exposedName();

        assertThat(scrape.value(decisions, "policy", "outbound-calls", "outcome", "admitted"))
                .isEqualTo(6.0);
        assertThat(scrape.value(decisions, "policy", "outbound-calls", "outcome", "rejected"))
                .isEqualTo(1.0);
        assertThat(scrape.value(decisions, "policy", "global", "outcome", "admitted"))
                .isEqualTo(16.0);
        assertThat(scrape.value(decisions, "policy", "global", "outcome", "rejected"))
                .isZero();
    }

    @Test
    void reportsOpenBreakerAndItsCalls() {
        String state = PlatformMetric.CIRCUIT_BREAKER_STATE.exposedName();
        String calls = PlatformMetric.CIRCUIT_BREAKER_CALLS.exposedName();

        assertThat(scrape.value(state, "breaker", "telephony")).isEqualTo(1.0);
        assertThat(scrape.value(state, "breaker", "rate-limit-redis")).isEqualTo(0.0);
        assertThat(scrape.value(calls, "breaker", "telephony", "outcome", "success"))
                .isEqualTo(3.0);
        assertThat(scrape.value(calls, "breaker", "telephony", "outcome", "failure"))
                .isEqualTo(2.0);
        assertThat(scrape.value(calls, "breaker", "telephony", "outcome", "not_permitted"))
                .isEqualTo(1.0);
    }

    @Test
    void reportsOutboundClient() {
        String responses = PlatformMetric.HTTP_CLIENT_RESPONSES.exposedName();
        String failures = PlatformMetric.HTTP_CLIENT_FAILURES.exposedName();
        String duration = PlatformMetric.HTTP_CLIENT_REQUEST_DURATION.exposedName();

        assertThat(scrape.value(responses, "client", "telephony", "status_class", "2xx"))
                .isEqualTo(3.0);
        assertThat(scrape.value(responses, "client", "telephony", "status_class", "5xx"))
                .isEqualTo(2.0);
        assertThat(scrape.value(failures, "client", "telephony", "reason", "rejected"))
                .isEqualTo(1.0);
        assertThat(scrape.value(duration + "_count", "client", "telephony")).isEqualTo(5.0);
    }

    @Test
    void reportsApiKeysAndReloads() {
        assertThat(scrape.value(
                        PlatformMetric.API_KEY_AUTHENTICATIONS.exposedName(),
                        "key_id",
                        "metrics-1",
                        "outcome",
                        "accepted"))
                .isEqualTo(1.0);
        assertThat(scrape.value(PlatformMetric.API_KEYS.exposedName(), "state", "active"))
                .isEqualTo(1.0);
        assertThat(scrape.value(
                        PlatformMetric.CREDENTIAL_RELOADS.exposedName(),
                        "credential",
                        "api-keys",
                        "result",
                        "reloaded"))
                .isEqualTo(1.0);
        assertThat(scrape.value(PlatformMetric.RATE_LIMIT_POLICY_LIMIT.exposedName(), "policy", "outbound-calls"))
                .isEqualTo(3.0);
        assertThat(scrape.contains(PlatformMetric.RATE_LIMIT_POLICY_CHANGES.exposedName(), "policy", "global"))
                .isTrue();
        assertThat(scrapeText).doesNotContain(API_KEY);
    }

    @Test
    void reportsRedisStoreAndPool() {
        assertThat(scrape.value(PlatformMetric.RATE_LIMIT_STORE.exposedName(), "store", "redis"))
                .isEqualTo(1.0);
        assertThat(scrape.value(PlatformMetric.RATE_LIMIT_STORE_FALLBACK.exposedName(), "on_failure", "local"))
                .isEqualTo(0.0);
        assertThat(scrape.value(PlatformMetric.REDIS_POOL_MAX_CONNECTIONS.exposedName(), "pool", "ratelimit"))
                .isEqualTo(32.0);
        assertThat(scrape.value(
                        PlatformMetric.REDIS_POOL_CONNECTIONS.exposedName(), "pool", "ratelimit", "state", "idle"))
                .isPositive();
        assertThat(scrape.value(PlatformMetric.REDIS_POOL_WAITING_THREADS.exposedName(), "pool", "ratelimit"))
                .isZero();
    }

    @Test
    void exportsEveryPlatformMetric() {
        for (PlatformMetric metric : PlatformMetric.values()) {
            assertThat(scrape.help(metric.exposedName()))
                    .as(metric.exposedName())
                    .isEqualTo(metric.help());
        }
    }

    @Test
    void alertMetricsAreExported() {
        Set<String> exported = scrape.sampleNames();
        Map<String, String> alerts = MonitoringFiles.alertExpressions();

        assertThat(alerts).isNotEmpty();
        for (Map.Entry<String, String> alert : alerts.entrySet()) {
            Set<String> missing = new TreeSet<>(PromQl.metricNames(alert.getValue()));
            missing.removeAll(exported);
            missing.removeAll(SYNTHETIC_SERIES);
            assertThat(missing).as("metrics of alert " + alert.getKey()).isEmpty();
        }
    }

    @Test
    void dashboardMetricsAreExported() {
        Set<String> exported = scrape.sampleNames();
        Map<String, String> panels = Dashboards.expressions();

        assertThat(panels).isNotEmpty();
        for (Map.Entry<String, String> panel : panels.entrySet()) {
            Set<String> missing = new TreeSet<>(PromQl.metricNames(panel.getValue()));
            missing.removeAll(exported);
            assertThat(missing).as("metrics of " + panel.getKey()).isEmpty();
        }
    }

    @Test
    void randomPathSuffixCreatesNoSeries() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        // One request of each kind first, so that the series they belong to exist before the count.
        client.getCall(UUID.randomUUID().toString(), "203.0.113.40");
        new TestHttp(APP.getLocalPort()).get("/no-such-path/" + UUID.randomUUID());
        Set<String> before = serverSeries();

        for (int i = 0; i < 20; i++) {
            client.getCall(UUID.randomUUID().toString(), "203.0.113.40");
            new TestHttp(APP.getLocalPort()).get("/no-such-path/" + UUID.randomUUID());
        }

        assertThat(serverSeries()).isEqualTo(before);
    }

    private static Set<String> serverSeries() throws Exception {
        return Scrape.parse(new TestHttp(APP.getAdminPort()).get("/metrics").body())
                .seriesStartingWith("http_server_");
    }
}
