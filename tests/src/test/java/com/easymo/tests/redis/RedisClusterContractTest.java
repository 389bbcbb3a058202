package com.easymo.tests.redis;

import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.RateLimitStoreContract;
import com.easymo.commons.ratelimit.redis.RedisRateLimitStore;
import com.easymo.commons.testing.MutableClock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/** The store contract run unchanged against a 3-master Redis Cluster. */
class RedisClusterContractTest extends RateLimitStoreContract {

    private static RedisFixture fixture;
    private static RedisClusterClient redis;

    @BeforeAll
    static void startCluster() {
        fixture = RedisFixture.start();
        List<RedisNode> nodes = fixture.cluster();
        Set<HostAndPort> addresses = nodes.stream()
                .map(node -> new HostAndPort(node.host(), node.port()))
                .collect(Collectors.toSet());
        redis = RedisClusterClient.create(addresses);
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
        fixture.close();
    }

    @Override
    protected RateLimitStore createStore(MutableClock clock) {
        return new RedisRateLimitStore(redis, "contract-" + UUID.randomUUID(), clock);
    }
}
