package com.easymo.commons.ratelimit.redis;

import com.codahale.metrics.health.HealthCheck;
import java.util.Objects;

/**
 * Reports the rate limiter's Redis: unhealthy while a {@code PING} fails or the store decides requests without
 * Redis, healthy otherwise.
 *
 * <p>The ping is bounded by the client's socket timeout, so a hung Redis cannot hold the health check longer. When
 * the ping succeeds while the store falls back, the check offers it to the store's breaker as a trial call, so an
 * instance that receives no limited requests (one a load balancer took out of rotation) still recovers.
 */
public class RedisStoreHealthCheck extends HealthCheck {

    private final RedisRateLimitStore redis;
    private final FallbackRateLimitStore store;

    public RedisStoreHealthCheck(RedisRateLimitStore redis, FallbackRateLimitStore store) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected Result check() {
        try {
            redis.ping();
        } catch (RuntimeException e) {
            return Result.builder()
                    .unhealthy()
                    .withMessage("Redis ping failed: %s", e.getClass().getSimpleName())
                    .withDetail("breaker", store.breaker().getState().name())
                    .withDetail("fallingBack", store.isFallingBack())
                    .build();
        }
        // Redis responds: let the store run the script on a probe bucket now, so that recovery does not wait for the
        // next limited request.
        store.probe(redis::probe);
        String breakerState = store.breaker().getState().name();
        ResultBuilder result = store.isFallingBack()
                ? Result.builder().unhealthy()
                : Result.builder().healthy();
        return result.withMessage(
                        store.isFallingBack()
                                ? "Redis responds to PING, but requests are still decided without it"
                                : "Redis responds")
                .withDetail("breaker", breakerState)
                .withDetail("fallingBack", store.isFallingBack())
                .build();
    }
}
