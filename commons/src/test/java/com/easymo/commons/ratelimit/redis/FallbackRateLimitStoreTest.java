package com.easymo.commons.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.BucketKey;
import com.easymo.commons.ratelimit.KeyType;
import com.easymo.commons.ratelimit.MemoryRateLimitStore;
import com.easymo.commons.ratelimit.RateLimitDecision;
import com.easymo.commons.ratelimit.RateLimitPolicy;
import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.resilience.CircuitBreakerFactory;
import com.easymo.commons.resilience.CircuitBreakers;
import com.easymo.commons.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Decision logic of the fallback store. The shared store here is an in-memory store that can be switched to fail
 * like an unreachable Redis. The tests module runs the same paths against a real Redis that is stopped.
 */
class FallbackRateLimitStoreTest {

    private static final RateLimitPolicy CALLS = new RateLimitPolicy("calls", 3, Duration.ofMinutes(1), KeyType.IP);

    private final MutableClock clock = MutableClock.startingAt2026();
    private final SwitchableStore shared = new SwitchableStore(new MemoryRateLimitStore(clock, 100));

    @Test
    void usesSharedStoreWhileItWorks() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);

        RateLimitDecision decision = store.tryConsume(List.of(new BucketKey(CALLS, "203.0.113.1")));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limiting().remaining()).isEqualTo(2);
        assertThat(shared.calls).isEqualTo(1);
        assertThat(store.isFallingBack()).isFalse();
    }

    @Test
    void localModeKeepsLimitingWhileSharedFails() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;

        List<Boolean> admitted = consumeTimes(store, 4);

        assertThat(admitted).containsExactly(true, true, true, false);
        assertThat(store.isFallingBack()).isTrue();
    }

    @Test
    void allowModeAdmitsEverything() {
        FallbackRateLimitStore store = store(FailureMode.ALLOW);
        shared.failing = true;

        List<Boolean> admitted = consumeTimes(store, 5);
        RateLimitDecision decision = store.tryConsume(List.of(new BucketKey(CALLS, "203.0.113.1")));

        assertThat(admitted).containsOnly(true);
        assertThat(decision.limiting().remaining()).isEqualTo(2);
    }

    @Test
    void probeClosesBreakerWithoutRequests() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;
        consumeTimes(store, 4);
        shared.failing = false;
        clock.advance(Duration.ofSeconds(5).plusMillis(1));

        store.probe(() -> {});

        assertThat(store.isFallingBack()).isFalse();
        assertThat(store.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void errorFallsBackAndFreesPermit() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;
        consumeTimes(store, 4);
        clock.advance(Duration.ofSeconds(5).plusMillis(1));
        shared.failing = false;
        shared.error = true;

        RateLimitDecision duringError = store.tryConsume(List.of(new BucketKey(CALLS, "198.51.100.2")));
        shared.error = false;
        clock.advance(Duration.ofSeconds(5).plusMillis(1));
        RateLimitDecision afterError = store.tryConsume(List.of(new BucketKey(CALLS, "198.51.100.3")));

        assertThat(duringError.allowed()).isTrue();
        assertThat(afterError.allowed()).isTrue();
        assertThat(store.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(store.isFallingBack()).isFalse();
    }

    @Test
    void probeWaitsForOpenStateToEnd() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;
        consumeTimes(store, 4);
        shared.failing = false;

        store.probe(() -> {});

        assertThat(store.isFallingBack()).isTrue();
        assertThat(store.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void denyModeRejectsWithRetryAtProbe() {
        FallbackRateLimitStore store = store(FailureMode.DENY);
        shared.failing = true;

        RateLimitDecision decision = store.tryConsume(List.of(new BucketKey(CALLS, "203.0.113.1")));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.limiting().remaining()).isZero();
        assertThat(decision.limiting().resetAt()).isEqualTo(clock.instant().plusSeconds(5));
    }

    @Test
    void openBreakerStopsCallingSharedStore() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;
        consumeTimes(store, 4);
        int callsWhenOpen = shared.calls;

        consumeTimes(store, 10);

        assertThat(store.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(callsWhenOpen).isEqualTo(4);
        assertThat(shared.calls).isEqualTo(4);
    }

    @Test
    void sharedStoreIsUsedAgainAfterOpenWait() {
        FallbackRateLimitStore store = store(FailureMode.LOCAL);
        shared.failing = true;
        consumeTimes(store, 4);
        shared.failing = false;

        clock.advance(Duration.ofSeconds(5).plusMillis(1));
        RateLimitDecision decision = store.tryConsume(List.of(new BucketKey(CALLS, "198.51.100.1")));

        assertThat(decision.allowed()).isTrue();
        assertThat(store.isFallingBack()).isFalse();
        assertThat(store.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private List<Boolean> consumeTimes(FallbackRateLimitStore store, int times) {
        return IntStream.range(0, times)
                .mapToObj(i -> store.tryConsume(List.of(new BucketKey(CALLS, "203.0.113.1")))
                        .allowed())
                .toList();
    }

    private FallbackRateLimitStore store(FailureMode mode) {
        CircuitBreakerFactory breakerFactory = new CircuitBreakerFactory();
        breakerFactory.setSlidingWindowSize(4);
        breakerFactory.setMinimumNumberOfCalls(4);
        breakerFactory.setWaitDurationInOpenState(io.dropwizard.util.Duration.seconds(5));
        breakerFactory.setPermittedNumberOfCallsInHalfOpenState(1);
        CircuitBreaker breaker =
                CircuitBreakers.build(Map.of("redis", breakerFactory), clock).circuitBreaker("redis");
        return new FallbackRateLimitStore(
                shared, new MemoryRateLimitStore(clock, 100), breaker, mode, clock, Duration.ofSeconds(5));
    }

    /** A working store that throws what Jedis throws for a refused connection while {@code failing} is set. */
    private static final class SwitchableStore implements RateLimitStore {
        private final RateLimitStore delegate;
        private volatile boolean failing;
        private volatile boolean error;
        private int calls;

        private SwitchableStore(RateLimitStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public RateLimitDecision tryConsume(List<BucketKey> buckets) {
            calls++;
            if (failing) {
                throw new JedisConnectionException("Failed to connect to any host resolved for DNS name.");
            }
            if (error) {
                throw new NoClassDefFoundError("org/apache/commons/pool2/impl/GenericObjectPool");
            }
            return delegate.tryConsume(buckets);
        }

        @Override
        public long size() {
            return delegate.size();
        }
    }
}
