package com.easymo.commons.ratelimit.redis;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Creates the Redis client on first use instead of at startup, and again after a failed attempt.
 *
 * <p>Sentinel and Cluster clients ask the Sentinels or the Cluster nodes for the topology when they are built, and
 * fail when none responds. Built lazily, a service starts during a Redis outage and decides requests by its
 * {@code onFailure} mode until Redis responds, instead of failing to start. Only one thread builds at a time, and
 * for {@value #BACKOFF_MILLIS} ms after a failed build every caller fails at once, so that requests never queue
 * behind one connection attempt after another.
 */
final class LazyRedisClient implements Supplier<UnifiedJedis>, AutoCloseable {

    private static final long BACKOFF_MILLIS = 1_000;

    private final Supplier<UnifiedJedis> connect;
    private final ReentrantLock building = new ReentrantLock();
    private volatile UnifiedJedis client;
    private volatile long lastFailureNanos;
    private volatile boolean failed;

    LazyRedisClient(Supplier<UnifiedJedis> connect) {
        this.connect = Objects.requireNonNull(connect, "connect");
    }

    /**
     * Returns the client, building it now if no earlier call succeeded. Callers that arrive during a build wait for
     * it (the client's connect timeouts bound the wait) and then share its result. Within the backoff after a
     * failed build every caller fails at once.
     */
    @Override
    public UnifiedJedis get() {
        UnifiedJedis current = client;
        if (current != null) {
            return current;
        }
        building.lock();
        try {
            if (client != null) {
                return client;
            }
            if (failed && System.nanoTime() - lastFailureNanos < TimeUnit.MILLISECONDS.toNanos(BACKOFF_MILLIS)) {
                throw new JedisConnectionException("Redis client could not be built; the next attempt is within 1s");
            }
            try {
                client = connect.get();
                failed = false;
                return client;
            } catch (RuntimeException e) {
                lastFailureNanos = System.nanoTime();
                failed = true;
                throw e;
            }
        } finally {
            building.unlock();
        }
    }

    /** Returns the client if a call has built it, else {@code null}; never builds one. */
    UnifiedJedis current() {
        return client;
    }

    @Override
    public void close() {
        building.lock();
        try {
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            building.unlock();
        }
    }
}
