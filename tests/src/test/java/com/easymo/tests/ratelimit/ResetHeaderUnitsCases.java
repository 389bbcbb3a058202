package com.easymo.tests.ratelimit;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reset times in the units clients expect, measured against the real wall clock.
 *
 * <p>Each subclass runs these tests against one rate-limit store, with {@code voice-bridge-direct.yml} and
 * {@link java.time.Clock#systemUTC()}. The tests share the buckets of 127.0.0.1, so the service must start with
 * empty buckets and serve no other test class.
 */
abstract class ResetHeaderUnitsCases {

    private final ObjectMapper json = new ObjectMapper();

    /** Returns the running service. */
    protected abstract DropwizardAppExtension<VoiceBridgeConfiguration> app();

    @Test
    void resetIsEpochSecondsWithinWindow() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(app());
        long start = Instant.now().getEpochSecond();

        List<HttpResponse<String>> responses = new ArrayList<>();
        HttpResponse<String> response;
        do {
            response = client.placeCall(null);
            responses.add(response);
        } while (response.statusCode() != 429 && responses.size() < 20);
        long now = Instant.now().getEpochSecond();

        assertThat(responses).hasSize(11);
        for (HttpResponse<String> each : responses) {
            assertThat(header(each, "X-RateLimit-Reset")).matches("\\d{10}");
            // The window starts when the service handles the first call, which a busy machine may delay.
            assertThat(Long.parseLong(header(each, "X-RateLimit-Reset"))).isBetween(start, now + 61);
        }
        long reset = Long.parseLong(header(response, "X-RateLimit-Reset"));
        long retryAfter = json.readTree(response.body()).get("retryAfter").asLong();
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(retryAfter).isBetween(reset - now - 1, reset - now + 1);
        assertThat(header(response, "Retry-After")).isEqualTo(String.valueOf(retryAfter));
    }

    @Test
    void globalResetIsWithinFifteenMinutes() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(app());
        long start = Instant.now().getEpochSecond();

        HttpResponse<String> response = client.getCall("00000000-0000-0000-0000-000000000000", null);
        long end = Instant.now().getEpochSecond();

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("100");
        assertThat(Long.parseLong(header(response, "X-RateLimit-Reset"))).isBetween(start, end + 901);
    }
}
