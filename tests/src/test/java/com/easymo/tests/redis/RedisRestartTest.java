package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.LogCapture;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis restarts between two bursts, which leaves every pooled connection closed by the server: the store replaces
 * them without falling back, so the limit stays exact and shared.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisRestartTest {

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
    void staleConnectionsAfterRestartDoNotLeak() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        client.placeCallsAtOnce(20, "203.0.113.90");

        NODE.stop();
        NODE.start();
        List<Integer> statuses = new ArrayList<>();
        List<java.util.Map<String, Object>> events;
        try (LogCapture logs = LogCapture.of("com.easymo.commons.ratelimit.redis.FallbackRateLimitStore", Level.INFO)) {
            client.placeCallsAtOnce(12, "203.0.113.91").forEach(response -> statuses.add(response.statusCode()));
            events = logs.fields();
        }

        assertThat(statuses).filteredOn(status -> status == 202).hasSize(10);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(2);
        assertThat(events).isEmpty();
        assertThat(NODE.cli("hget", "ratelimit:voice-bridge:{203.0.113.91}:outbound-calls", "u")
                        .strip())
                .isEqualTo("10");
    }
}
