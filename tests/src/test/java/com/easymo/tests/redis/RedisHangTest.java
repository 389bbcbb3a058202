package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis hangs: the process is frozen, connections stay open and commands get no reply. No request waits much
 * longer than the store's socket timeout, none gets a 5xx, and limits keep holding. Once the breaker has opened,
 * requests stop waiting for Redis at all.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisHangTest {

    /** The store's default socket timeout, which bounds every Redis command. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(250);

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
    void hungRedisBoundsEachWait() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        assertThat(client.placeCall("203.0.113.80").statusCode()).isEqualTo(202);

        NODE.pause();
        List<Integer> statuses = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        try {
            for (int i = 0; i < 11; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.placeCall("203.0.113.81");
                millis.add((System.nanoTime() - start) / 1_000_000);
                statuses.add(response.statusCode());
            }
        } finally {
            NODE.resume();
        }

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(millis).allSatisfy(time -> assertThat(time).isLessThan(SOCKET_TIMEOUT.toMillis() + 500));
        // The breaker opens after 5 failed calls (minimumNumberOfCalls), so the last requests do not wait at all.
        assertThat(millis.subList(6, 11)).allSatisfy(time -> assertThat(time).isLessThan(SOCKET_TIMEOUT.toMillis()));
    }
}
