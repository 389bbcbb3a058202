package com.easymo.tests.redis;

import com.easymo.commons.auth.ApiKeyDigests;
import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.ApiKeyFiles;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two API keys of one owner, sent from 40 different addresses to two voice-bridge instances behind one 3-master
 * Redis Cluster, share the owner's one budget exactly, although the owner's bucket and each address's bucket live in
 * different hash slots.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesOneOwnerClusterTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final String FIRST_KEY = ApiKeyDigests.newKey();
    private static final String SECOND_KEY = ApiKeyDigests.newKey();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final List<RedisNode> NODES = REDIS.cluster();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> FIRST = VoiceBridgeFixture.create(
            "voice-bridge-keys.yml",
            CLOCK,
            "first",
            RedisStoreOverrides.cluster("first", NODES, ApiKeyFiles.acceptingUnder("first", FIRST_KEY, SECOND_KEY)));
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> SECOND = VoiceBridgeFixture.create(
            "voice-bridge-keys.yml",
            CLOCK,
            "second",
            RedisStoreOverrides.cluster("second", NODES, ApiKeyFiles.acceptingUnder("second", FIRST_KEY, SECOND_KEY)));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void ownerKeysShareBudgetAcrossInstances() throws Exception {
        TwoInstancesTestSupport.assertOwnerSharesOneBudget(
                VoiceBridgeFixture.client(FIRST), VoiceBridgeFixture.client(SECOND), FIRST_KEY, SECOND_KEY);
    }
}
