package com.easymo.tests.redis;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.LogCapture;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis stops while the service runs: requests keep their limits through the in-memory fallback, never get a 5xx,
 * and the service uses Redis again once it is back and the breaker's open wait (5 seconds) has passed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisOutageTest {

    /** Socket and connect timeout of the store (its default); a request must never take much longer. */
    private static final Duration STORE_TIMEOUT = Duration.ofMillis(250);

    private static final String FALLBACK_LOGGER = "com.easymo.commons.ratelimit.redis.FallbackRateLimitStore";

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-behind-proxy.yml", CLOCK, name -> null, RedisStoreOverrides.standalone(NODE));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void stoppedRedisFallsBackAndRecovers() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        for (int i = 0; i < 3; i++) {
            assertThat(client.placeCall("203.0.113.39").statusCode()).isEqualTo(202);
        }

        NODE.stop();
        List<Integer> statuses = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        List<Map<String, Object>> fallbackEvents;
        try (LogCapture logs = LogCapture.of(FALLBACK_LOGGER, Level.INFO)) {
            for (int i = 0; i < 11; i++) {
                long start = System.nanoTime();
                statuses.add(client.placeCall("203.0.113.40").statusCode());
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            fallbackEvents = logs.fields();
        }
        HttpResponse<String> healthWhileDown = client.healthCheck();

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(millis).allSatisfy(time -> assertThat(time).isLessThan(STORE_TIMEOUT.toMillis() + 750));
        assertThat(fallbackEvents).singleElement().satisfies(event -> {
            assertThat(event).containsEntry("event", "RATE_LIMIT_STORE_UNAVAILABLE");
            assertThat(event).containsEntry("mode", "local");
        });
        assertThat(healthWhileDown.statusCode()).isEqualTo(500);
        assertThat(healthWhileDown.body()).contains("\"rate-limit-store\":{\"healthy\":false");

        NODE.start();
        CLOCK.advance(Duration.ofSeconds(6));
        HttpResponse<String> healthAfterRecovery;
        List<Map<String, Object>> recoveryEvents;
        try (LogCapture logs = LogCapture.of(FALLBACK_LOGGER, Level.INFO)) {
            // No limited request arrives: the health check's own trial call must bring Redis back.
            healthAfterRecovery = client.healthCheck();
            recoveryEvents = logs.fields();
        }
        HttpResponse<String> afterRecovery = client.placeCall("203.0.113.41");

        assertThat(healthAfterRecovery.statusCode()).isEqualTo(200);
        assertThat(recoveryEvents)
                .singleElement()
                .satisfies(event -> assertThat(event).containsEntry("event", "RATE_LIMIT_STORE_RECOVERED"));
        assertThat(afterRecovery.statusCode()).isEqualTo(202);
        assertThat(header(afterRecovery, "X-RateLimit-Remaining")).isEqualTo("9");
        assertThat(NODE.cli("exists", "ratelimit:voice-bridge:{203.0.113.41}:outbound-calls")
                        .strip())
                .isEqualTo("1");
    }
}
