package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.MutableClock;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Drives the rate-limit filters over HTTP. Every test sends from its own client address through the trusted
 * loopback proxy, so the tests share one running service without sharing buckets.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitFilterTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("ratelimit-test.yml")) {
                @Override
                public RateLimitTestApplication newApplication() {
                    return new RateLimitTestApplication(CLOCK);
                }
            });

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        rateLimitLogger().addAppender(logs);
    }

    @AfterEach
    void stopCapturingLogs() {
        rateLimitLogger().detachAppender(logs);
    }

    @Test
    void writesGlobalHeadersOnAdmittedResponse() throws Exception {
        String expectedReset = epochSecondsRoundedUp(CLOCK.instant().plus(Duration.ofMinutes(15)));

        HttpResponse<String> response = send("GET", "/ping", "192.0.2.1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("100");
        assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(header(response, "X-RateLimit-Reset")).isEqualTo(expectedReset);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void reportsEndpointPolicyWhenMoreRestrictive() throws Exception {
        String expectedReset = epochSecondsRoundedUp(CLOCK.instant().plus(Duration.ofMinutes(1)));

        HttpResponse<String> response = send("POST", "/limited", "192.0.2.2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("3");
        assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(header(response, "X-RateLimit-Reset")).isEqualTo(expectedReset);
    }

    @Test
    void rejectsWithJsonBodyAndRetryAfter() throws Exception {
        String expectedReset = epochSecondsRoundedUp(CLOCK.instant().plus(Duration.ofMinutes(1)));
        for (int i = 0; i < 3; i++) {
            send("POST", "/limited", "192.0.2.3");
        }

        HttpResponse<String> response = send("POST", "/limited", "192.0.2.3");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        assertThat(response.body())
                .isEqualTo("{\"error\":\"rate_limit_exceeded\","
                        + "\"message\":\"Too many requests, please try again later\",\"retryAfter\":60,"
                        + "\"correlationId\":\"" + header(response, "X-Correlation-ID") + "\"}");
        assertThat(header(response, "Retry-After")).isEqualTo("60");
        assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("3");
        assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(header(response, "X-RateLimit-Reset")).isEqualTo(expectedReset);
    }

    @Test
    void rejectionWithUnreadBodyClosesConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("POST", "/limited", "192.0.2.12");
        }

        HttpResponse<String> rejected = sendWithBody("/limited", "192.0.2.12");
        HttpResponse<String> rejectedWithoutBody = send("POST", "/limited", "192.0.2.12");

        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(header(rejected, "Connection")).isEqualTo("close");
        assertThat(rejectedWithoutBody.statusCode()).isEqualTo(429);
        assertThat(header(rejectedWithoutBody, "Connection")).isNull();
    }

    @Test
    void logsPathTemplateNotRawPath() throws Exception {
        sendAs("/per-user", "192.0.2.13", "dave");
        sendAs("/per-user", "192.0.2.13", "dave");

        sendAs("/per-user/", "192.0.2.13", "dave");

        assertThat(logs.list).hasSize(1);
        assertThat(logs.list.get(0).getKeyValuePairs()).anySatisfy(pair -> {
            assertThat(pair.key).isEqualTo("path");
            assertThat(pair.value).isEqualTo("/per-user");
        });
    }

    @Test
    void retryAfterCountsDownToReset() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("POST", "/limited", "192.0.2.4");
        }

        CLOCK.advance(Duration.ofMillis(20_500));
        HttpResponse<String> response = send("POST", "/limited", "192.0.2.4");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(header(response, "Retry-After")).isEqualTo("40");
        assertThat(response.body()).contains("\"retryAfter\":40,");
    }

    @Test
    void rejectionTakesNoGlobalToken() throws Exception {
        for (int i = 0; i < 6; i++) {
            send("POST", "/limited", "192.0.2.5");
        }

        HttpResponse<String> response = send("GET", "/ping", "192.0.2.5");

        assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(100 - 3 - 1));
    }

    @Test
    void globalPolicyRejects101stRequestToAnyEndpoint() throws Exception {
        for (int i = 0; i < 98; i++) {
            assertThat(send("GET", "/ping", "192.0.2.6").statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "/limited", "192.0.2.6").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/per-user", "192.0.2.6").statusCode()).isEqualTo(200);

        HttpResponse<String> rejected = send("GET", "/ping", "192.0.2.6");
        HttpResponse<String> health = adminHealthCheck();

        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(header(rejected, "X-RateLimit-Limit")).isEqualTo("100");
        assertThat(header(rejected, "Retry-After")).isEqualTo("900");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void exemptEndpointIsNeverLimited() throws Exception {
        HttpResponse<String> response = null;
        for (int i = 0; i < 105; i++) {
            response = send("GET", "/health", "192.0.2.7");
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void logsOneStructuredEventPerRejection() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("POST", "/limited", "192.0.2.8");
        }

        assertThat(logs.list).hasSize(2);
        ILoggingEvent event = logs.list.get(0);
        Map<String, Object> fields =
                event.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
        assertThat(event.getLevel().toString()).isEqualTo("WARN");
        assertThat(fields)
                .containsEntry("event", "RATE_LIMIT_EXCEEDED")
                .containsEntry("key", "192.0.2.8")
                .containsEntry("policy", "tight")
                .containsEntry("limit", 3L)
                .containsEntry("path", "/limited")
                .containsEntry("method", "POST");
        assertThat(event.getFormattedMessage()).isEqualTo("Rate limit exceeded");
    }

    @Test
    void userPolicyCountsEachUserSeparately() throws Exception {
        sendAs("/per-user", "192.0.2.9", "alice");
        sendAs("/per-user", "192.0.2.9", "alice");

        HttpResponse<String> aliceAgain = sendAs("/per-user", "192.0.2.9", "alice");
        HttpResponse<String> bob = sendAs("/per-user", "192.0.2.9", "bob");

        assertThat(aliceAgain.statusCode()).isEqualTo(429);
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(header(bob, "X-RateLimit-Remaining")).isEqualTo("1");
    }

    @Test
    void userPolicyLogsHashedUser() throws Exception {
        for (int i = 0; i < 3; i++) {
            sendAs("/per-user", "192.0.2.10", "carol@example.com");
        }

        String key = logs.list.get(0).getKeyValuePairs().stream()
                .filter(pair -> pair.key.equals("key"))
                .map(pair -> String.valueOf(pair.value))
                .findFirst()
                .orElseThrow();
        assertThat(key).isEqualTo(RateLimiter.userKey("carol@example.com")).startsWith("user-");
        assertThat(logs.list.get(0).getFormattedMessage()).doesNotContain("carol");
    }

    @Test
    void anonymousRequestsToUserPolicyCountByAddress() throws Exception {
        send("GET", "/per-user", "192.0.2.11");
        send("GET", "/per-user", "192.0.2.11");

        HttpResponse<String> response = send("GET", "/per-user", "192.0.2.11");

        assertThat(response.statusCode()).isEqualTo(429);
    }

    private static Logger rateLimitLogger() {
        return (Logger) LoggerFactory.getLogger(RateLimitFilter.class);
    }

    private HttpResponse<String> send(String method, String path, String clientIp)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(appUri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-For", clientIp)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendWithBody(String path, String clientIp) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(appUri(path))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientIp)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendAs(String path, String clientIp, String user)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(appUri(path))
                .header("X-Forwarded-For", clientIp)
                .header("X-Test-User", user)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> adminHealthCheck() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck");
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI appUri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    private static String epochSecondsRoundedUp(Instant instant) {
        return String.valueOf(instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0));
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
