package com.easymo.tests.ratelimit;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.LogCapture;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits seen by a client that reaches voice-bridge directly. Each test starts an hour after the previous one
 * on the service's clock, so every window has ended and every bucket is full again.
 *
 * <p>Each subclass runs these tests against one rate-limit store, with {@code voice-bridge-direct.yml}.
 */
abstract class DirectClientLimitCases {

    private static final String EXCEEDED_BODY = "{\"error\":\"rate_limit_exceeded\","
            + "\"message\":\"Too many requests, please try again later\",\"retryAfter\":60,\"correlationId\":\"%s\"}";

    private final ObjectMapper json = new ObjectMapper();
    private VoiceBridgeClient client;

    /** Returns the running service. */
    protected abstract DropwizardAppExtension<VoiceBridgeConfiguration> app();

    /** Returns the clock that the running service reads. */
    protected abstract MutableClock clock();

    @BeforeEach
    void startInFreshWindows() {
        clock().advance(Duration.ofHours(1));
        client = VoiceBridgeFixture.client(app());
    }

    @Test
    void burstOfFifteenAdmitsTen() throws Exception {
        List<HttpResponse<String>> responses = client.placeCallsAtOnce(15, null);

        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 202)
                .hasSize(10);
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .hasSize(5);
        for (HttpResponse<String> response : responses) {
            assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("10");
            assertThat(Long.parseLong(header(response, "X-RateLimit-Remaining")))
                    .isBetween(0L, 9L);
            assertThat(header(response, "X-RateLimit-Reset")).matches("\\d{10}");
        }
        for (HttpResponse<String> rejected : responses) {
            if (rejected.statusCode() == 429) {
                assertThat(rejected.body()).isEqualTo(EXCEEDED_BODY.formatted(header(rejected, "X-Correlation-ID")));
                assertThat(header(rejected, "Content-Type")).isEqualTo("application/json");
                assertThat(header(rejected, "Retry-After")).isEqualTo("60");
                assertThat(header(rejected, "X-RateLimit-Remaining")).isEqualTo("0");
            }
        }
    }

    @Test
    void fortyConcurrentCallsPlaceExactlyTen() throws Exception {
        List<HttpResponse<String>> responses = client.placeCallsAtOnce(40, null);

        List<HttpResponse<String>> accepted = responses.stream()
                .filter(response -> response.statusCode() == 202)
                .toList();
        Set<String> callIds = new HashSet<>();
        for (HttpResponse<String> response : accepted) {
            callIds.add(json.readTree(response.body()).get("callId").asText());
        }
        assertThat(accepted).hasSize(10);
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .hasSize(30);
        assertThat(callIds).hasSize(10);
        for (String callId : callIds) {
            assertThat(client.getCall(callId, null).statusCode()).isEqualTo(200);
        }
        assertThat(responses)
                .allSatisfy(response -> assertThat(Long.parseLong(header(response, "X-RateLimit-Remaining")))
                        .isNotNegative());
    }

    @Test
    void spoofedForwardedForGetsNoFreshBucket() {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;

        for (int i = 1; i <= 11; i++) {
            last = client.placeCall("203.0.113." + i);
            statuses.add(last.statusCode());
        }

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(header(last, "X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void remainingCountsDownThenStaysAtZero() {
        List<Integer> statuses = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        List<String> remaining = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = client.placeCall(null);
            statuses.add(response.statusCode());
            limits.add(header(response, "X-RateLimit-Limit"));
            remaining.add(header(response, "X-RateLimit-Remaining"));
        }

        assertThat(statuses).containsExactly(202, 202, 202, 202, 202, 202, 202, 202, 202, 202, 429, 429);
        assertThat(limits).containsOnly("10");
        assertThat(remaining).containsExactly("9", "8", "7", "6", "5", "4", "3", "2", "1", "0", "0", "0");
    }

    @Test
    void rejectedBodiesStillTakeTokens() {
        HttpResponse<String> malformed = client.placeCall("{\"to\":", null);
        HttpResponse<String> invalid = client.placeCall("{\"to\":\"0712345678\",\"from\":\"sip:a@b.example\"}", null);
        HttpResponse<String> latin1 =
                client.placeCall(VoiceBridgeClient.GOOD_CALL, "application/json; charset=iso-8859-1", null);

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(header(malformed, "X-RateLimit-Remaining")).isEqualTo("9");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(header(invalid, "X-RateLimit-Remaining")).isEqualTo("8");
        assertThat(latin1.statusCode()).isEqualTo(415);
        assertThat(header(latin1, "X-RateLimit-Remaining")).isEqualTo("7");
    }

    @Test
    void rejectedRetriesDoNotExtendLockout() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(client.placeCall(null).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> firstRejection = client.placeCall(null);
        JsonNode body = json.readTree(firstRejection.body());
        long advertisedReset = Long.parseLong(header(firstRejection, "X-RateLimit-Reset"));

        List<Integer> retries = new ArrayList<>();
        while (clock().instant().getEpochSecond() + 5 < advertisedReset) {
            clock().advance(Duration.ofSeconds(5));
            retries.add(client.placeCall(null).statusCode());
        }
        clock().advance(Duration.ofSeconds(advertisedReset - clock().instant().getEpochSecond()));
        HttpResponse<String> afterReset = client.placeCall(null);

        assertThat(firstRejection.statusCode()).isEqualTo(429);
        assertThat(body.get("retryAfter").asLong()).isEqualTo(60);
        assertThat(retries).hasSize(11).containsOnly(429);
        assertThat(afterReset.statusCode()).isEqualTo(202);
        assertThat(header(afterReset, "X-RateLimit-Remaining")).isEqualTo("9");
    }

    @Test
    void globalPolicyRejects101stRequestWhileHealthCheckAnswers() throws Exception {
        String callId = null;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> placed = client.placeCall(null);
            assertThat(placed.statusCode()).isEqualTo(202);
            callId = json.readTree(placed.body()).get("callId").asText();
        }
        for (int i = 0; i < 90; i++) {
            assertThat(client.getCall(callId, null).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> rejected;
        List<Map<String, Object>> events;
        try (LogCapture logs = LogCapture.of("com.easymo.commons.ratelimit.RateLimitFilter")) {
            rejected = client.getCall(callId, null);
            events = logs.fields();
        }
        HttpResponse<String> health = client.healthCheck();

        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(header(rejected, "X-RateLimit-Limit")).isEqualTo("100");
        assertThat(header(rejected, "X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(header(rejected, "Retry-After")).isEqualTo("900");
        assertThat(json.readTree(rejected.body()).get("retryAfter").asLong()).isEqualTo(900);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(events).hasSize(1);
        assertThat(events.get(0))
                .containsEntry("event", "RATE_LIMIT_EXCEEDED")
                .containsEntry("policy", "global")
                .containsEntry("key", "127.0.0.1")
                .containsEntry("limit", 100L)
                .containsEntry("method", "GET")
                .containsEntry("path", "/calls/{callId}");
    }
}
