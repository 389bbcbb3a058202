package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryRateLimitStoreTest extends RateLimitStoreContract {

    private static final int MAX_BUCKETS = 1_000;

    @Override
    protected RateLimitStore createStore(MutableClock clock) {
        return new MemoryRateLimitStore(clock, MAX_BUCKETS);
    }

    @Test
    void evictsBucketIdleForOneWindow() {
        MemoryRateLimitStore memory = (MemoryRateLimitStore) store;
        consume(CALLS, "203.0.113.60");
        consume(CALLS, "203.0.113.61");

        clock.advance(Duration.ofSeconds(59));
        memory.cleanUp();
        long beforeWindowEnds = memory.size();
        clock.advance(Duration.ofSeconds(1));
        memory.cleanUp();

        assertThat(beforeWindowEnds).isEqualTo(2);
        assertThat(memory.size()).isZero();
    }

    @Test
    void boundsBucketsUnderFloodOfAddresses() {
        MemoryRateLimitStore memory = (MemoryRateLimitStore) store;

        for (int i = 0; i < 20_000; i++) {
            consume(GLOBAL, "198.51." + (i / 256) + "." + (i % 256));
        }
        memory.cleanUp();

        assertThat(memory.size()).isLessThanOrEqualTo(MAX_BUCKETS);
    }

    @Test
    void evictedBucketStartsFull() {
        MemoryRateLimitStore memory = (MemoryRateLimitStore) store;
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.62");
        }

        clock.advance(Duration.ofMinutes(1));
        memory.cleanUp();
        RateLimitDecision decision = consume(CALLS, "203.0.113.62");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limiting().remaining()).isEqualTo(9);
    }

    @Test
    void rejectsEmptyBucketList() {
        assertThatThrownBy(() -> store.tryConsume(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buckets must not be empty");
    }

    @Test
    void rejectsMaxBucketsBelowOne() {
        assertThatThrownBy(() -> new MemoryRateLimitStore(clock, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBuckets must be at least 1, was 0");
    }
}
