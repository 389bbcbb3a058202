package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.ScanIteration;

/**
 * Every key the Redis store writes has a TTL no longer than its window, and none is left once the longest window
 * has passed. Windows are shortened to 2 and 3 seconds so the test can wait for them on the real clock.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisKeyExpiryTest {

    private static final long LONGEST_WINDOW_MILLIS = 3_000;
    private static final int CLIENTS = 50;

    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-behind-proxy.yml",
            Clock.systemUTC(),
            name -> null,
            RedisStoreOverrides.standalone(
                    NODE,
                    ConfigOverride.config("rateLimit.global.window", "3s"),
                    ConfigOverride.config("rateLimit.policies.outbound-calls.window", "2s")));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void everyKeyExpiresWithinItsWindow() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        burstFromClients(client);

        List<String> keys = keys();
        Map<String, Long> ttls = new HashMap<>();
        try (RedisClient redis = RedisClient.create(NODE.host(), NODE.port())) {
            for (String key : keys) {
                ttls.put(key, redis.pttl(key));
            }
        }

        assertThat(keys).hasSize(2 * CLIENTS);
        assertThat(ttls)
                .allSatisfy((key, ttl) -> assertThat(ttl).as("PTTL of %s", key).isBetween(1L, LONGEST_WINDOW_MILLIS));

        Thread.sleep(LONGEST_WINDOW_MILLIS + 500);

        assertThat(keys()).isEmpty();
        for (int i = 1; i <= CLIENTS; i++) {
            assertThat(client.placeCall("203.0.113." + i).statusCode()).isEqualTo(202);
        }
    }

    /** Sends three calls from each of 50 client addresses, all clients at once. */
    private static void burstFromClients(VoiceBridgeClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 1; i <= CLIENTS; i++) {
                String address = "203.0.113." + i;
                for (int call = 0; call < 3; call++) {
                    statuses.add(pool.submit(() -> client.placeCall(address).statusCode()));
                }
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> keys() {
        try (RedisClient redis = RedisClient.create(NODE.host(), NODE.port())) {
            List<String> keys = new ArrayList<>();
            ScanIteration scan = redis.scanIteration(1000, "ratelimit:voice-bridge:*");
            while (!scan.isIterationCompleted()) {
                keys.addAll(scan.nextBatchList());
            }
            return keys;
        }
    }
}
