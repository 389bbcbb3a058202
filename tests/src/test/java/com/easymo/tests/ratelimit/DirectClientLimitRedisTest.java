package com.easymo.tests.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.tests.redis.RedisFixture;
import com.easymo.tests.redis.RedisNode;
import com.easymo.tests.redis.RedisStoreOverrides;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs {@link DirectClientLimitCases} with the {@code redis} store on a standalone server that this class starts.
 *
 * <p>Before each test the cases advance the service's clock by an hour. The in-memory store then evicts every
 * bucket, so each test's windows start at its first request. Redis expires keys by its own clock, which the
 * service's clock does not move, so old keys would stay and keep their windows aligned to an earlier test's first
 * request. Deleting every key before each test does what that hour would do in real time.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DirectClientLimitRedisTest extends DirectClientLimitCases {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-direct.yml", CLOCK, name -> null, RedisStoreOverrides.standalone(NODE));

    @RegisterExtension
    static final RedisStoreCheck REDIS_STORE_CHECK = new RedisStoreCheck(NODE);

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void expireBucketsOfEarlierTests() {
        assertThat(NODE.cli("FLUSHDB")).contains("OK");
    }

    @Override
    protected DropwizardAppExtension<VoiceBridgeConfiguration> app() {
        return APP;
    }

    @Override
    protected MutableClock clock() {
        return CLOCK;
    }
}
