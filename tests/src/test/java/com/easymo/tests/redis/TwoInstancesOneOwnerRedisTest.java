package com.easymo.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.auth.ApiKeyDigests;
import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.ApiKeyFiles;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two API keys of one owner, sent from 40 different addresses to two voice-bridge instances behind one standalone
 * Redis, share the owner's one budget exactly.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesOneOwnerRedisTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final String FIRST_KEY = ApiKeyDigests.newKey();
    private static final String SECOND_KEY = ApiKeyDigests.newKey();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> FIRST = VoiceBridgeFixture.create(
            "voice-bridge-keys.yml",
            CLOCK,
            "first",
            RedisStoreOverrides.standalone("first", NODE, ApiKeyFiles.acceptingUnder("first", FIRST_KEY, SECOND_KEY)));
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> SECOND = VoiceBridgeFixture.create(
            "voice-bridge-keys.yml",
            CLOCK,
            "second",
            RedisStoreOverrides.standalone(
                    "second", NODE, ApiKeyFiles.acceptingUnder("second", FIRST_KEY, SECOND_KEY)));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void ownerKeysShareBudgetAcrossInstances() throws Exception {
        TwoInstancesTestSupport.assertOwnerSharesOneBudget(
                VoiceBridgeFixture.client(FIRST), VoiceBridgeFixture.client(SECOND), FIRST_KEY, SECOND_KEY);
        assertThat(NODE.cli("--scan", "--pattern", "ratelimit:voice-bridge:*"))
                .contains("ratelimit:voice-bridge:{user:test}:outbound-calls")
                .contains("ratelimit:voice-bridge:{198.51.100.10}:global");
    }
}
