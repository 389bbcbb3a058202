package com.easymo.tests.redis;

import static com.easymo.tests.redis.TwoInstancesTestSupport.assertExactlyAdmitted;
import static com.easymo.tests.redis.TwoInstancesTestSupport.burst;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two voice-bridge instances behind one standalone Redis share each client's budget exactly. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesOneRedisTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> FIRST = VoiceBridgeFixture.create(
            "voice-bridge-direct.yml", CLOCK, "first", RedisStoreOverrides.standalone("first", NODE));
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> SECOND = VoiceBridgeFixture.create(
            "voice-bridge-direct.yml", CLOCK, "second", RedisStoreOverrides.standalone("second", NODE));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void fortyConcurrentCallsOverTwoInstancesAdmitTen() throws Exception {
        List<HttpResponse<String>> responses =
                burst(VoiceBridgeFixture.client(FIRST), VoiceBridgeFixture.client(SECOND), 20);

        assertExactlyAdmitted(responses, 10);
        assertThat(NODE.cli("--scan", "--pattern", "ratelimit:voice-bridge:*"))
                .contains("ratelimit:voice-bridge:{127.0.0.1}:outbound-calls")
                .contains("ratelimit:voice-bridge:{127.0.0.1}:global");
    }
}
