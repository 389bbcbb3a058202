package com.easymo.commons.ratelimit.redis;

import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * Creates the Redis client on first use instead of at startup, and again after a failed attempt.
 *
 * <p>Sentinel and Cluster clients ask the Sentinels or the Cluster nodes for the topology when they are built, and
 * fail when none answers. Built lazily, a service starts during a Redis outage and decides requests by its
 * {@code onFailure} mode until Redis answers, instead of failing to start.
 */
final class LazyRedisClient implements Supplier<UnifiedJedis>, AutoCloseable {

    private final Supplier<UnifiedJedis> connect;
    private UnifiedJedis client;

    LazyRedisClient(Supplier<UnifiedJedis> connect) {
        this.connect = Objects.requireNonNull(connect, "connect");
    }

    /** Returns the client, building it now if no earlier call succeeded; build failures propagate. */
    @Override
    public synchronized UnifiedJedis get() {
        if (client == null) {
            client = connect.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
