package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service starts while no Sentinel responds, instead of failing to start: requests are decided by the local
 * fallback and the health check reports the store unhealthy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SentinelDownAtStartupTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final String NOBODY =
            "127.0.0.1:" + RedisFixture.freePort() + ",127.0.0.1:" + RedisFixture.freePort();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-behind-proxy.yml",
            CLOCK,
            name -> null,
            ConfigOverride.config("rateLimit.store.type", "redis"),
            ConfigOverride.config("rateLimit.store.mode", "sentinel"),
            ConfigOverride.config("rateLimit.store.masterName", "limiter"),
            ConfigOverride.config("rateLimit.store.addresses", NOBODY));

    @Test
    void startsAndLimitsLocally() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 11; i++) {
            statuses.add(client.placeCall("203.0.113.95").statusCode());
        }

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(client.healthCheck().statusCode()).isEqualTo(500);
    }
}
