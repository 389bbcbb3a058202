package com.easymo.commons.ratelimit.redis;

import com.codahale.metrics.health.HealthCheck;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reports the rate limiter's Redis: unhealthy while a {@code PING} fails or the store decides requests without
 * Redis, healthy otherwise.
 *
 * <p>The ping is bounded by the client's socket timeout, so a hung Redis cannot hold the health check longer.
 */
public class RedisStoreHealthCheck extends HealthCheck {

    private final UnifiedJedis redis;
    private final FallbackRateLimitStore store;

    public RedisStoreHealthCheck(UnifiedJedis redis, FallbackRateLimitStore store) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected Result check() {
        String breakerState = store.breaker().getState().name();
        try {
            redis.ping();
        } catch (RuntimeException e) {
            return Result.builder()
                    .unhealthy()
                    .withMessage("Redis ping failed: %s", e.getClass().getSimpleName())
                    .withDetail("breaker", breakerState)
                    .withDetail("fallingBack", store.isFallingBack())
                    .build();
        }
        ResultBuilder result = store.isFallingBack()
                ? Result.builder().unhealthy()
                : Result.builder().healthy();
        return result.withMessage(
                        store.isFallingBack()
                                ? "Redis answers ping, but requests are still decided without it"
                                : "Redis answers")
                .withDetail("breaker", breakerState)
                .withDetail("fallingBack", store.isFallingBack())
                .build();
    }
}
