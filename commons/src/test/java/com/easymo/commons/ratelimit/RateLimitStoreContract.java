package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * States what every {@link RateLimitStore} must do. Each store's test class extends it and supplies the store.
 */
public abstract class RateLimitStoreContract {

    protected static final RateLimitPolicy GLOBAL =
            new RateLimitPolicy("global", 100, Duration.ofMinutes(15), KeyType.IP);
    protected static final RateLimitPolicy CALLS = new RateLimitPolicy("calls", 10, Duration.ofMinutes(1), KeyType.IP);

    protected MutableClock clock;
    protected RateLimitStore store;

    /** Creates an empty store that reads the given clock. */
    protected abstract RateLimitStore createStore(MutableClock clock);

    @BeforeEach
    void createEmptyStore() {
        clock = MutableClock.startingAt2026();
        store = createStore(clock);
    }

    @Test
    void admitsUpToCapacityThenRejects() {
        List<Boolean> admitted = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            admitted.add(consume(CALLS, "203.0.113.20").allowed());
        }

        assertThat(admitted.subList(0, 10)).containsOnly(true);
        assertThat(admitted.subList(10, 12)).containsOnly(false);
    }

    @Test
    void remainingCountsDownAndStopsAtZero() {
        List<Long> remaining = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            remaining.add(consume(CALLS, "203.0.113.20").limiting().remaining());
        }

        assertThat(remaining).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L, 0L, 0L);
    }

    @Test
    void resetIsOneWindowAfterFirstRequest() {
        Instant first = clock.instant();

        consume(CALLS, "203.0.113.21");
        clock.advance(Duration.ofSeconds(20));
        RateLimitDecision later = consume(CALLS, "203.0.113.21");

        assertThat(later.limiting().resetAt()).isEqualTo(first.plus(Duration.ofMinutes(1)));
    }

    @Test
    void rejectionReportsSameResetAsLastAdmission() {
        RateLimitDecision last = null;
        for (int i = 0; i < 10; i++) {
            last = consume(CALLS, "203.0.113.22");
        }

        clock.advance(Duration.ofSeconds(5));
        RateLimitDecision rejected = consume(CALLS, "203.0.113.22");

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.limiting().remaining()).isZero();
        assertThat(rejected.limiting().resetAt()).isEqualTo(last.limiting().resetAt());
    }

    @Test
    void refillsWholeCapacityWhenWindowEnds() {
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.23");
        }

        clock.advance(Duration.ofMinutes(1));
        RateLimitDecision decision = consume(CALLS, "203.0.113.23");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limiting().remaining()).isEqualTo(9);
    }

    @Test
    void rejectedRetriesDoNotExtendLockout() {
        Instant start = clock.instant();
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.50");
        }
        Instant advertisedReset = consume(CALLS, "203.0.113.50").limiting().resetAt();

        for (int second = 5; second < 60; second += 5) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(consume(CALLS, "203.0.113.50").allowed()).isFalse();
        }
        clock.advance(Duration.ofSeconds(5));
        RateLimitDecision afterReset = consume(CALLS, "203.0.113.50");

        assertThat(advertisedReset).isEqualTo(start.plus(Duration.ofMinutes(1)));
        assertThat(clock.instant()).isEqualTo(advertisedReset);
        assertThat(afterReset.allowed()).isTrue();
        assertThat(afterReset.limiting().remaining()).isEqualTo(9);
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.24");
        }

        RateLimitDecision other = consume(CALLS, "203.0.113.25");

        assertThat(other.allowed()).isTrue();
        assertThat(other.limiting().remaining()).isEqualTo(9);
    }

    @Test
    void reportsMostRestrictivePolicyWhenAdmitted() {
        RateLimitDecision decision = consumeBoth("203.0.113.26");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limiting().bucket().policy()).isEqualTo(CALLS);
        assertThat(decision.limiting().remaining()).isEqualTo(9);
    }

    @Test
    void rejectionTakesNoTokenFromOtherPolicies() {
        for (int i = 0; i < 10; i++) {
            consumeBoth("203.0.113.27");
        }

        for (int i = 0; i < 5; i++) {
            assertThat(consumeBoth("203.0.113.27").allowed()).isFalse();
        }
        RateLimitDecision global = consume(GLOBAL, "203.0.113.27");

        assertThat(global.allowed()).isTrue();
        assertThat(global.limiting().remaining()).isEqualTo(100 - 10 - 1);
    }

    @Test
    void globalRejectionSparesEndpointPolicy() {
        RateLimitPolicy tinyGlobal = new RateLimitPolicy("global", 2, Duration.ofMinutes(15), KeyType.IP);
        List<BucketKey> both = List.of(new BucketKey(tinyGlobal, "203.0.113.28"), new BucketKey(CALLS, "203.0.113.28"));
        store.tryConsume(both);
        store.tryConsume(both);

        RateLimitDecision rejected = store.tryConsume(both);
        RateLimitDecision calls = consume(CALLS, "203.0.113.28");

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.limiting().bucket().policy()).isEqualTo(tinyGlobal);
        assertThat(calls.limiting().remaining()).isEqualTo(10 - 2 - 1);
    }

    @Test
    void concurrentBurstAdmitsExactlyCapacity() throws Exception {
        int requests = 40;
        ExecutorService executor = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RateLimitDecision>> results = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return consumeBoth("203.0.113.30");
                }));
            }
            start.countDown();

            int admitted = 0;
            for (Future<RateLimitDecision> result : results) {
                RateLimitDecision decision = result.get(30, TimeUnit.SECONDS);
                admitted += decision.allowed() ? 1 : 0;
                assertThat(decision.limiting().remaining()).isBetween(0L, 9L);
            }

            assertThat(admitted).isEqualTo(10);
            assertThat(consume(GLOBAL, "203.0.113.30").limiting().remaining()).isEqualTo(100 - 10 - 1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void dryRunReportsWithoutRejecting() {
        RateLimitPolicy trial = new RateLimitPolicy("trial", 3, Duration.ofMinutes(1), KeyType.IP, true);
        List<Boolean> admitted = new ArrayList<>();
        List<Integer> exceeded = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            RateLimitDecision decision = store.tryConsume(
                    List.of(new BucketKey(CALLS, "203.0.113.40"), new BucketKey(trial, "203.0.113.40")));
            admitted.add(decision.allowed());
            exceeded.add(decision.dryRunExceeded().size());
            assertThat(decision.limiting().bucket().policy()).isEqualTo(CALLS);
        }

        assertThat(admitted).containsOnly(true);
        assertThat(exceeded).containsExactly(0, 0, 0, 1, 1);
        assertThat(consume(CALLS, "203.0.113.40").limiting().remaining()).isEqualTo(4);
    }

    @Test
    void dryRunAloneHasNoLimitingBucket() {
        RateLimitPolicy trial = new RateLimitPolicy("trial", 1, Duration.ofMinutes(1), KeyType.IP, true);

        consume(trial, "203.0.113.41");
        RateLimitDecision second = consume(trial, "203.0.113.41");

        assertThat(second.allowed()).isTrue();
        assertThat(second.limiting()).isNull();
        assertThat(second.dryRunExceeded()).singleElement().satisfies(state -> {
            assertThat(state.remaining()).isZero();
            assertThat(state.resetAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void rejectionSparesDryRunBucket() {
        RateLimitPolicy tight = new RateLimitPolicy("tight", 1, Duration.ofMinutes(1), KeyType.IP);
        RateLimitPolicy trial = new RateLimitPolicy("trial", 5, Duration.ofMinutes(1), KeyType.IP, true);
        List<BucketKey> both = List.of(new BucketKey(tight, "203.0.113.42"), new BucketKey(trial, "203.0.113.42"));

        store.tryConsume(both);
        RateLimitDecision rejected = store.tryConsume(both);

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.limiting().bucket().policy()).isEqualTo(tight);
        assertThat(consume(trial, "203.0.113.42").dryRunExceeded()).isEmpty();
        assertThat(consume(trial, "203.0.113.42").limiting()).isNull();
    }

    @Test
    void largerCapacityAddsDifference() {
        for (int i = 0; i < 7; i++) {
            consume(CALLS, "203.0.113.43");
        }

        RateLimitDecision after = consume(CALLS.withCapacity(20), "203.0.113.43");

        assertThat(after.limiting().remaining()).isEqualTo(12);
        assertThat(after.limiting().limit()).isEqualTo(20);
    }

    @Test
    void smallerCapacityKeepsWhatWasUsed() {
        for (int i = 0; i < 2; i++) {
            consume(CALLS, "203.0.113.44");
        }

        RateLimitDecision first = consume(CALLS.withCapacity(5), "203.0.113.44");
        List<Boolean> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            next.add(consume(CALLS.withCapacity(5), "203.0.113.44").allowed());
        }

        assertThat(first.limiting().remaining()).isEqualTo(2);
        assertThat(next).containsExactly(true, true, false, false);
    }

    @Test
    void capacityBelowUsedRejects() {
        for (int i = 0; i < 7; i++) {
            consume(CALLS, "203.0.113.47");
        }

        RateLimitDecision cut = consume(CALLS.withCapacity(5), "203.0.113.47");
        RateLimitDecision raisedBack = consume(CALLS, "203.0.113.47");

        assertThat(cut.allowed()).isFalse();
        assertThat(raisedBack.limiting().remaining()).isEqualTo(2);
    }

    @Test
    void alternatingCapacitiesAdmitLargerOnce() {
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            RateLimitPolicy policy = i % 2 == 0 ? CALLS.withCapacity(20) : CALLS;
            if (consume(policy, "203.0.113.48").allowed()) {
                admitted++;
            }
        }

        assertThat(admitted).isEqualTo(20);
    }

    @Test
    void capacityChangeKeepsWindowStart() {
        Instant start = clock.instant();
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.45");
        }
        clock.advance(Duration.ofSeconds(10));

        RateLimitDecision raised = consume(CALLS.withCapacity(15), "203.0.113.45");
        clock.advance(Duration.ofSeconds(50));
        RateLimitDecision nextWindow = consume(CALLS.withCapacity(15), "203.0.113.45");

        assertThat(raised.limiting().remaining()).isEqualTo(4);
        assertThat(raised.limiting().resetAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));
        assertThat(nextWindow.limiting().remaining()).isEqualTo(14);
    }

    @Test
    void longerWindowMovesReset() {
        Instant start = clock.instant();
        for (int i = 0; i < 10; i++) {
            consume(CALLS, "203.0.113.46");
        }
        clock.advance(Duration.ofSeconds(30));

        RateLimitDecision longer = consume(CALLS.withWindow(Duration.ofMinutes(2)), "203.0.113.46");

        assertThat(longer.allowed()).isFalse();
        assertThat(longer.limiting().resetAt()).isEqualTo(start.plus(Duration.ofMinutes(2)));
    }

    @Test
    void userAndAddressBucketsTogether() {
        RateLimitPolicy perUser = new RateLimitPolicy("per-user", 2, Duration.ofMinutes(1), KeyType.USER);
        List<Boolean> admitted = new ArrayList<>();

        for (String address : List.of("203.0.113.50", "203.0.113.51", "203.0.113.52")) {
            admitted.add(store.tryConsume(List.of(new BucketKey(GLOBAL, address), new BucketKey(perUser, "user:acme")))
                    .allowed());
        }

        assertThat(admitted).containsExactly(true, true, false);
        // The rejected request took nothing from its address's global bucket.
        assertThat(consume(GLOBAL, "203.0.113.52").limiting().remaining()).isEqualTo(99);
        assertThat(consume(GLOBAL, "203.0.113.50").limiting().remaining()).isEqualTo(98);
    }

    @Test
    void addressRejectionSparesUserBucket() {
        RateLimitPolicy perUser = new RateLimitPolicy("per-user", 5, Duration.ofMinutes(1), KeyType.USER);
        List<BucketKey> request =
                List.of(new BucketKey(CALLS.withCapacity(1), "zz-last"), new BucketKey(perUser, "aa-first"));

        store.tryConsume(request);
        RateLimitDecision rejected = store.tryConsume(request);

        assertThat(rejected.allowed()).isFalse();
        assertThat(consume(perUser, "aa-first").limiting().remaining()).isEqualTo(3);
    }

    protected RateLimitDecision consume(RateLimitPolicy policy, String key) {
        return store.tryConsume(List.of(new BucketKey(policy, key)));
    }

    protected RateLimitDecision consumeBoth(String key) {
        return store.tryConsume(List.of(new BucketKey(GLOBAL, key), new BucketKey(CALLS, key)));
    }
}
