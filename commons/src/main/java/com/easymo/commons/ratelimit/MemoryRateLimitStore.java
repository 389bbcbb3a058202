package com.easymo.commons.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps token buckets in this process's memory, for a service that runs as one instance.
 *
 * <p>A bucket that has not been used for one window of its policy is evicted: by then it has refilled completely,
 * so evicting it loses nothing. The store contains at most {@code maxBuckets} buckets. When a new key arrives at that
 * bound, the bucket least likely to be used again is evicted early, and a client whose bucket was evicted starts
 * again with a full bucket. Size the bound above the number of clients active within one window.
 *
 * <p>When a policy's capacity or window changes, each bucket takes the new one on its next use and keeps what its
 * client has used in the current window: the tokens left become the new capacity minus the tokens used, never fewer
 * than none, and the current window keeps its start. The Redis store follows the same rule.
 */
public final class MemoryRateLimitStore implements RateLimitStore {

    private static final Comparator<BucketKey> LOCK_ORDER = Comparator.comparing(BucketKey::id);

    private final Clock clock;
    private final TimeMeter timeMeter;
    private final Cache<String, Entry> buckets;

    /**
     * Creates an empty store.
     *
     * @param clock the clock that buckets refill by and idle buckets expire by
     * @param maxBuckets the maximum number of buckets held at once
     */
    public MemoryRateLimitStore(Clock clock, long maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be at least 1, was " + maxBuckets);
        }
        this.clock = clock;
        this.timeMeter = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfter(new IdleForOneWindow())
                .ticker(timeMeter::currentTimeNanos)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateLimitDecision tryConsume(List<BucketKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("buckets must not be empty");
        }
        List<BucketKey> ordered = keys.stream().distinct().sorted(LOCK_ORDER).toList();
        List<Entry> entries = new ArrayList<>(ordered.size());
        for (BucketKey key : ordered) {
            entries.add(buckets.get(
                    key.id(),
                    id -> new Entry(
                            key,
                            Bucket.builder()
                                    .addLimit(limit(key.policy()))
                                    .withCustomTimePrecision(timeMeter)
                                    // Every access holds the entry's lock, so the bucket needs no synchronization of
                                    // its own.
                                    .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                                    .build())));
        }

        entries.forEach(entry -> entry.lock.lock());
        try {
            long nowNanos = timeMeter.currentTimeNanos();
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).follow(ordered.get(i), nowNanos);
            }
            return consumeLocked(entries);
        } finally {
            entries.forEach(entry -> entry.lock.unlock());
        }
    }

    private RateLimitDecision consumeLocked(List<Entry> entries) {
        long nowNanos = timeMeter.currentTimeNanos();

        List<BucketState> empty = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.key.policy().dryRun()) {
                continue;
            }
            EstimationProbe probe = entry.bucket.estimateAbilityToConsume(1);
            if (!probe.canBeConsumed()) {
                empty.add(new BucketState(entry.key, 0, instantAt(nowNanos + probe.getNanosToWaitForRefill())));
            }
        }
        if (!empty.isEmpty()) {
            return RateLimitDecision.rejected(empty);
        }

        List<BucketState> consumed = new ArrayList<>(entries.size());
        List<BucketState> dryRunExceeded = new ArrayList<>(0);
        for (Entry entry : entries) {
            ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                Instant resetAt = instantAt(nowNanos + probe.getNanosToWaitForReset());
                consumed.add(new BucketState(entry.key, probe.getRemainingTokens(), resetAt));
            } else {
                // Only a bucket in dry run can be empty here: it lets the request through and reports it.
                BucketState state =
                        new BucketState(entry.key, 0, instantAt(nowNanos + probe.getNanosToWaitForRefill()));
                consumed.add(state);
                dryRunExceeded.add(state);
            }
        }
        return RateLimitDecision.allowed(consumed, dryRunExceeded);
    }

    @Override
    public long size() {
        return buckets.estimatedSize();
    }

    /** Evicts expired buckets now, instead of waiting for later requests to do it. */
    public void cleanUp() {
        buckets.cleanUp();
    }

    private static io.github.bucket4j.Bandwidth limit(RateLimitPolicy policy) {
        return io.github.bucket4j.Bandwidth.builder()
                .capacity(policy.capacity())
                .refillIntervally(policy.capacity(), policy.window())
                .build();
    }

    private static Instant instantAt(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    @Override
    public String toString() {
        return "MemoryRateLimitStore{clock=" + clock + ", size=" + size() + "}";
    }

    private static final class Entry {
        private final LocalBucket bucket;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile BucketKey key;

        /**
         * Tokens used beyond the capacity, after a cut below what the client had used, until {@code excessUntilNanos}
         * ends the window: a bucket cannot go below zero tokens, so the rest of the use is kept here.
         */
        private long excess;

        private long excessUntilNanos;

        private Entry(BucketKey key, LocalBucket bucket) {
            this.key = key;
            this.bucket = bucket;
        }

        /** Takes the policy of the request if it changed since the bucket's last use; called under the lock. */
        private void follow(BucketKey requested, long nowNanos) {
            RateLimitPolicy current = key.policy();
            RateLimitPolicy next = requested.policy();
            if (current.equals(next)) {
                return;
            }
            if (current.capacity() != next.capacity() || !current.window().equals(next.window())) {
                // Read after the refill that a window's end brings, so a bucket whose window has ended counts none
                // used.
                long used =
                        current.capacity() - bucket.getAvailableTokens() + (nowNanos < excessUntilNanos ? excess : 0);
                bucket.replaceConfiguration(
                        BucketConfiguration.builder().addLimit(limit(next)).build(), TokensInheritanceStrategy.AS_IS);
                long target = Math.max(0, next.capacity() - used);
                long available = bucket.getAvailableTokens();
                if (available > target) {
                    bucket.tryConsume(available - target);
                } else if (available < target) {
                    bucket.addTokens(target - available);
                }
                excess = Math.max(0, used - next.capacity());
                // With no token left, the wait for one is the wait until the window ends and the bucket refills.
                excessUntilNanos = excess > 0
                        ? nowNanos + bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()
                        : 0;
            }
            key = requested;
        }
    }

    private static final class IdleForOneWindow implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String id, Entry entry, long currentTime) {
            return entry.key.policy().window().toNanos();
        }

        @Override
        public long expireAfterUpdate(String id, Entry entry, long currentTime, long currentDuration) {
            return entry.key.policy().window().toNanos();
        }

        @Override
        public long expireAfterRead(String id, Entry entry, long currentTime, long currentDuration) {
            return entry.key.policy().window().toNanos();
        }
    }

    @Override
    public String type() {
        return "memory";
    }
}
