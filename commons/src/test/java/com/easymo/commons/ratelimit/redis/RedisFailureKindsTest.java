package com.easymo.commons.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Which Redis failures the store retries, and how the lazy client limits rebuilding. */
class RedisFailureKindsTest {

    @Test
    void closedPooledConnectionIsRetried() {
        assertThat(RedisRateLimitStore.isClosedConnection(new JedisConnectionException("Unexpected end of stream.")))
                .isTrue();
        assertThat(RedisRateLimitStore.isClosedConnection(
                        new JedisConnectionException(new SocketException("Broken pipe"))))
                .isTrue();
    }

    @Test
    void connectFailuresAreNotRetried() {
        JedisConnectionException refused = new JedisConnectionException("Failed to connect to 127.0.0.1:1.");
        refused.addSuppressed(new ConnectException("Connection refused"));
        JedisConnectionException timedOut = new JedisConnectionException(new SocketTimeoutException("Read timed out"));

        assertThat(RedisRateLimitStore.isClosedConnection(refused)).isFalse();
        assertThat(RedisRateLimitStore.isClosedConnection(timedOut)).isFalse();
        assertThat(RedisRateLimitStore.isClosedConnection(
                        new JedisConnectionException("All sentinels down, cannot determine where limiter is running.")))
                .isFalse();
    }

    @Test
    void failedBuildIsNotRepeatedWithinBackoff() {
        AtomicInteger builds = new AtomicInteger();
        LazyRedisClient client = new LazyRedisClient(() -> {
            builds.incrementAndGet();
            throw new JedisConnectionException("All sentinels down");
        });

        assertThatThrownBy(client::get).hasMessage("All sentinels down");
        assertThatThrownBy(client::get).hasMessageContaining("could not be built");
        assertThatThrownBy(client::get).hasMessageContaining("could not be built");

        assertThat(builds).hasValue(1);
    }
}
