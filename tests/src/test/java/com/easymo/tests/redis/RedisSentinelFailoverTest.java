package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The primary behind the Sentinels dies: requests keep their limits through the failover (the local fallback
 * decides them meanwhile), none gets a 5xx, and the store follows the Sentinels to the promoted replica.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisSentinelFailoverTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisFixture.SentinelSetup SETUP = REDIS.sentinel("limiter");
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-behind-proxy.yml", CLOCK, name -> null, RedisStoreOverrides.sentinel(SETUP));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void limitsHoldAcrossFailover() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        for (int i = 0; i < 5; i++) {
            assertThat(client.placeCall("203.0.113.70").statusCode()).isEqualTo(202);
        }
        assertThat(SETUP.primary()
                        .cli("exists", "ratelimit:voice-bridge:{203.0.113.70}:outbound-calls")
                        .strip())
                .isEqualTo("1");

        SETUP.primary().stop();
        List<Integer> duringFailover = new ArrayList<>();
        String replicaPort = Integer.toString(SETUP.replica().port());
        RedisFixture.await("the Sentinels to promote the replica", () -> {
            duringFailover.add(client.placeCall("198.51.100.71").statusCode());
            return SETUP.sentinels()
                    .get(0)
                    .cli("sentinel", "get-master-addr-by-name", "limiter")
                    .contains(replicaPort);
        });
        RedisFixture.await("the store to write to the promoted replica", () -> {
            // Each attempt moves past the breaker's open wait: under load the client can follow the promotion only
            // after more failures, and a breaker opened then would otherwise wait for a clock that no longer moves.
            CLOCK.advance(Duration.ofSeconds(6));
            client.placeCall("203.0.113.72");
            return SETUP.replica()
                    .cli("exists", "ratelimit:voice-bridge:{203.0.113.72}:outbound-calls")
                    .strip()
                    .equals("1");
        });
        List<Integer> burst = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            burst.add(client.placeCall("203.0.113.73").statusCode());
        }

        assertThat(duringFailover)
                .isNotEmpty()
                .allSatisfy(status -> assertThat(status).isIn(202, 429));
        assertThat(duringFailover.stream().filter(status -> status == 202).count())
                .isLessThanOrEqualTo(10);
        assertThat(burst.subList(0, 10)).containsOnly(202);
        assertThat(burst.subList(10, 15)).containsOnly(429);
    }
}
