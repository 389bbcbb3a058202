package com.easymo.tests.redis;

import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.RateLimitStoreContract;
import com.easymo.commons.ratelimit.redis.RedisRateLimitStore;
import com.easymo.commons.testing.MutableClock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.RedisClient;

/** The store contract that the in-memory store passes, run unchanged against a standalone Redis. */
class RedisStoreContractTest extends RateLimitStoreContract {

    private static RedisFixture fixture;
    private static RedisClient redis;

    @BeforeAll
    static void startRedis() {
        fixture = RedisFixture.start();
        RedisNode node = fixture.standalone();
        redis = RedisClient.create(node.host(), node.port());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        fixture.close();
    }

    @Override
    protected RateLimitStore createStore(MutableClock clock) {
        // A new prefix per test gives each test empty buckets on the shared server.
        return new RedisRateLimitStore(redis, "contract-" + UUID.randomUUID(), clock);
    }
}
