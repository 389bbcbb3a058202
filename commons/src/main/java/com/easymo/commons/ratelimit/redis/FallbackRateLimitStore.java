package com.easymo.commons.ratelimit.redis;

import com.easymo.commons.ratelimit.BucketKey;
import com.easymo.commons.ratelimit.BucketState;
import com.easymo.commons.ratelimit.RateLimitDecision;
import com.easymo.commons.ratelimit.RateLimitStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a circuit breaker around a shared store and decides requests by the configured {@link FailureMode} while
 * that store fails, so that a Redis outage never turns into a 5xx.
 *
 * <p>Each call to the shared store is bounded by the client's timeouts. Once the breaker opens, requests stop
 * paying that timeout until the breaker lets a trial call through, and the shared store is used again as soon as a
 * trial call succeeds. The store logs one WARN line ({@code event=RATE_LIMIT_STORE_UNAVAILABLE}) when it starts
 * falling back and one INFO line ({@code event=RATE_LIMIT_STORE_RECOVERED}) when the shared store responds again.
 */
public final class FallbackRateLimitStore implements RateLimitStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(FallbackRateLimitStore.class);

    private final RateLimitStore shared;
    private final RateLimitStore local;
    private final CircuitBreaker breaker;
    private final FailureMode mode;
    private final Clock clock;
    private final Duration denyRetryAfter;
    private final AtomicBoolean fallingBack = new AtomicBoolean();
    private final Supplier<RedisPoolStats> poolStats;

    /**
     * Creates the store.
     *
     * @param shared the store that instances share, such as Redis
     * @param local the store used in {@link FailureMode#LOCAL} mode while the shared one fails
     * @param breaker the breaker around calls to the shared store; it records every exception as a failure
     * @param mode what to do while the shared store fails
     * @param clock the clock that reset times in {@code allow} and {@code deny} mode are measured by
     * @param denyRetryAfter how long after a {@code deny} rejection a client should retry, at least one second
     */
    public FallbackRateLimitStore(
            RateLimitStore shared,
            RateLimitStore local,
            CircuitBreaker breaker,
            FailureMode mode,
            Clock clock,
            Duration denyRetryAfter) {
        this(shared, local, breaker, mode, clock, denyRetryAfter, () -> RedisPoolStats.NONE);
    }

    /**
     * Creates the store, reporting the shared store's connection pool through {@code poolStats}.
     *
     * @see #FallbackRateLimitStore(RateLimitStore, RateLimitStore, CircuitBreaker, FailureMode, Clock, Duration)
     */
    public FallbackRateLimitStore(
            RateLimitStore shared,
            RateLimitStore local,
            CircuitBreaker breaker,
            FailureMode mode,
            Clock clock,
            Duration denyRetryAfter,
            Supplier<RedisPoolStats> poolStats) {
        this.poolStats = Objects.requireNonNull(poolStats, "poolStats");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.denyRetryAfter =
                denyRetryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : denyRetryAfter;
    }

    @Override
    public RateLimitDecision tryConsume(List<BucketKey> buckets) {
        if (breaker.tryAcquirePermission()) {
            RateLimitDecision decision = callShared(() -> shared.tryConsume(buckets));
            if (decision != null) {
                return decision;
            }
        }
        return fallback(buckets);
    }

    /**
     * Runs a trial call against the shared store, such as a {@code PING}, when the store is falling back and the
     * breaker lets a call through. A success closes the breaker as a request's success would.
     */
    public void probe(Runnable trial) {
        if (fallingBack.get() && breaker.tryAcquirePermission()) {
            callShared(() -> {
                trial.run();
                return Boolean.TRUE;
            });
        }
    }

    /**
     * Runs a call that the breaker has permitted and records its outcome. Returns its result, or null when it
     * failed, after which the caller falls back.
     */
    private <T> T callShared(Supplier<T> call) {
        long start = breaker.getCurrentTimestamp();
        try {
            T result = call.get();
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            recovered();
            return result;
        } catch (VirtualMachineError e) {
            breaker.releasePermission();
            throw e;
        } catch (Throwable e) {
            // Errors count too: a linkage error first seen here must not leave the half-open permit taken.
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            failed(e);
            return null;
        }
    }

    /**
     * Runs the shared Redis store's probe when the store is falling back and the breaker lets a trial call through,
     * so that an instance without traffic notices that Redis is back. Does nothing for other shared stores.
     */
    public void probeShared() {
        if (shared instanceof RedisRateLimitStore redis) {
            probe(redis::probe);
        }
    }

    /** Tests whether requests are being decided without the shared store now. */
    public boolean isFallingBack() {
        return fallingBack.get();
    }

    /** Returns the breaker around the shared store, for health checks and metrics. */
    /** Returns what this store does while the shared store fails. */
    public FailureMode mode() {
        return mode;
    }

    /** Returns the connection counts of the shared store's Redis client now. */
    public RedisPoolStats poolStats() {
        return poolStats.get();
    }

    @Override
    public String type() {
        return "redis";
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public long size() {
        return shared.size();
    }

    private RateLimitDecision fallback(List<BucketKey> buckets) {
        return switch (mode) {
            case LOCAL -> local.tryConsume(buckets);
            case ALLOW -> RateLimitDecision.allowed(states(buckets, false));
            case DENY -> denied(buckets);
        };
    }

    /** Rejects the request under its enforced policies; policies in dry run never reject, so alone they admit. */
    private RateLimitDecision denied(List<BucketKey> buckets) {
        List<BucketKey> enforced =
                buckets.stream().filter(bucket -> !bucket.policy().dryRun()).toList();
        return enforced.isEmpty()
                ? RateLimitDecision.allowed(states(buckets, false))
                : RateLimitDecision.rejected(states(enforced, true));
    }

    /**
     * Returns a bucket per policy that has just given one token for {@code allow}, or an empty one for
     * {@code deny} that resets when the breaker next lets a trial call through.
     */
    private List<BucketState> states(List<BucketKey> buckets, boolean empty) {
        Instant now = clock.instant();
        return buckets.stream()
                .distinct()
                .map(bucket -> empty
                        ? new BucketState(bucket, 0, now.plus(denyRetryAfter))
                        : new BucketState(
                                bucket,
                                bucket.policy().capacity() - 1,
                                now.plus(bucket.policy().window())))
                .toList();
    }

    private void failed(Throwable e) {
        if (fallingBack.compareAndSet(false, true)) {
            LOGGER.atWarn()
                    .addKeyValue("event", "RATE_LIMIT_STORE_UNAVAILABLE")
                    .addKeyValue("store", shared.toString())
                    .addKeyValue("mode", mode.name().toLowerCase(Locale.ROOT))
                    .addKeyValue("error", e.getClass().getName() + ": " + e.getMessage())
                    .log("Rate-limit store failed; deciding requests without it until it responds again");
        }
    }

    /**
     * Logs the recovery once. A success counts only while the breaker is closed: a slow call that started before
     * the breaker opened must not end the fallback.
     */
    private void recovered() {
        if (breaker.getState() == CircuitBreaker.State.CLOSED && fallingBack.compareAndSet(true, false)) {
            LOGGER.atInfo()
                    .addKeyValue("event", "RATE_LIMIT_STORE_RECOVERED")
                    .addKeyValue("store", shared.toString())
                    .log("Rate-limit store responds again and decides requests");
        }
    }

    @Override
    public String toString() {
        return "FallbackRateLimitStore{shared=" + shared + ", mode=" + mode + "}";
    }
}
