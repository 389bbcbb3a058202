package com.easymo.commons.ratelimit.redis;

import java.util.Collection;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPool;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Connection counts of a Redis client's pools, summed over the nodes it keeps pools for: one for a standalone
 * server, the primary for Sentinel, every node for Cluster.
 *
 * @param active connections borrowed now
 * @param idle connections open and waiting in the pools
 * @param waiting threads waiting for a connection
 * @param maxPerNode the largest number of connections one pool opens
 */
public record RedisPoolStats(long active, long idle, long waiting, long maxPerNode) {

    /** Counts of a client that has not been built yet, which has no pool. */
    public static final RedisPoolStats NONE = new RedisPoolStats(0, 0, 0, 0);

    /** Reads the counts of the client's pools now, or returns {@link #NONE} for {@code null}. */
    public static RedisPoolStats of(UnifiedJedis client) {
        Collection<? extends GenericObjectPool<?>> pools = pools(client);
        long active = 0;
        long idle = 0;
        long waiting = 0;
        long maxPerNode = 0;
        for (GenericObjectPool<?> pool : pools) {
            active += pool.getNumActive();
            idle += pool.getNumIdle();
            waiting += pool.getNumWaiters();
            maxPerNode = Math.max(maxPerNode, pool.getMaxTotal());
        }
        return new RedisPoolStats(active, idle, waiting, maxPerNode);
    }

    private static Collection<? extends GenericObjectPool<?>> pools(UnifiedJedis client) {
        if (client instanceof RedisClient standalone) {
            return List.of(standalone.getPool());
        }
        if (client instanceof RedisSentinelClient sentinel) {
            return sentinel.getPrimaryNodesConnectionMap().values();
        }
        if (client instanceof RedisClusterClient cluster) {
            return cluster.getClusterNodes().values();
        }
        return List.of();
    }
}
