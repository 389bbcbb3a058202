package com.easymo.tests.ratelimit;

import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.tests.redis.RedisFixture;
import com.easymo.tests.redis.RedisNode;
import com.easymo.tests.redis.RedisStoreOverrides;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs {@link ResetHeaderUnitsCases} with the {@code redis} store on a standalone server that this class starts.
 * The tests run on the real clock, so buckets that another class left in a shared server would still be in their
 * windows.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResetHeaderUnitsRedisTest extends ResetHeaderUnitsCases {

    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-direct.yml", Clock.systemUTC(), name -> null, RedisStoreOverrides.standalone(NODE));

    @RegisterExtension
    static final RedisStoreCheck REDIS_STORE_CHECK = new RedisStoreCheck(NODE);

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Override
    protected DropwizardAppExtension<VoiceBridgeConfiguration> app() {
        return APP;
    }
}
