package com.easymo.commons.ratelimit.redis;

import com.easymo.commons.ratelimit.BucketKey;
import com.easymo.commons.ratelimit.BucketState;
import com.easymo.commons.ratelimit.RateLimitDecision;
import com.easymo.commons.ratelimit.RateLimitStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Keeps token buckets in Redis, so that every instance of a service shares one budget per client.
 *
 * <p>One Lua script takes the tokens of all of a request's buckets in a single round trip, so admission is exact
 * under any concurrency and a rejected request takes no token from any bucket. Bucket4j's Redis proxy managers
 * update one bucket per compare-and-swap, which needs retries under contention and cannot take tokens from two
 * buckets at once. The script keeps Bucket4j's intervally refilled semantics of the in-memory store: a bucket's
 * windows are aligned to its first request, and the bucket is full again when a window ends.
 *
 * <p>Keys are {@code <prefix>:{<client key>}:<policy>}. The braces are a Redis Cluster hash tag, so the buckets of
 * one client under several policies land in one hash slot and one script can update them together. Every key
 * expires one window after its last use.
 *
 * <p>Time comes from the given clock, not from Redis, so instances need synchronised clocks (NTP); a skew of a
 * few milliseconds shifts a window's end by as much.
 */
public final class RedisRateLimitStore implements RateLimitStore {

    private static final String SCRIPT_RESOURCE = "/com/easymo/commons/ratelimit/consume.lua";
    private static final String SCRIPT = loadScript();

    private static final int DEFAULT_ATTEMPTS = 3;

    private final Supplier<UnifiedJedis> redis;
    private final int maxAttempts;
    private final String keyPrefix;
    private final Clock clock;
    private volatile String scriptSha;

    /**
     * Creates a store on a connected client.
     *
     * @param redis the client, standalone, Sentinel or Cluster
     * @param keyPrefix the namespace of this service's keys, such as {@code ratelimit:voice-bridge}
     * @param clock the clock that windows are measured by
     */
    public RedisRateLimitStore(UnifiedJedis redis, String keyPrefix, Clock clock) {
        this(() -> redis, keyPrefix, clock, DEFAULT_ATTEMPTS);
        Objects.requireNonNull(redis, "redis");
    }

    /**
     * Creates a store whose client is obtained on each call, so that it can be built lazily.
     *
     * @param redis returns the client, or throws when it cannot be built now
     * @param keyPrefix the namespace of this service's keys, such as {@code ratelimit:voice-bridge}
     * @param clock the clock that windows are measured by
     * @param maxAttempts how often one command is tried on closed connections before the failure counts. One more
     *     than the pool size lets a request get through a pool of connections that a Redis restart closed.
     */
    public RedisRateLimitStore(Supplier<UnifiedJedis> redis, String keyPrefix, Clock clock, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RateLimitDecision tryConsume(List<BucketKey> buckets) {
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("buckets must not be empty");
        }
        // NOTE: in Cluster mode all keys of one script must share a hash slot. Buckets of one client key do, but a
        // request under a user policy and an IP policy spans two slots, and Redis rejects the script (CROSSSLOT).
        List<BucketKey> distinct = buckets.stream().distinct().toList();
        List<String> keys = new ArrayList<>(distinct.size());
        List<String> args = new ArrayList<>(1 + 2 * distinct.size());
        args.add(Long.toString(epochMicros(clock.instant())));
        for (BucketKey bucket : distinct) {
            keys.add(redisKey(bucket));
            args.add(Long.toString(bucket.policy().capacity()));
            args.add(Long.toString(bucket.policy().window().toNanos() / 1000));
        }

        List<?> reply = (List<?>) evaluate(keys, args);
        return decision(distinct, reply);
    }

    /** Returns the Redis key of a bucket. */
    public String redisKey(BucketKey bucket) {
        return keyPrefix + ":{" + bucket.key() + "}:" + bucket.policy().name();
    }

    /** Counts this store's keys with {@code SCAN}, on every master of a Cluster; meant for tests and tools. */
    @Override
    public long size() {
        ScanIteration scan = redis.get().scanIteration(1000, keyPrefix + ":*");
        long count = 0;
        while (!scan.isIterationCompleted()) {
            count += scan.nextBatchList().size();
        }
        return count;
    }

    /**
     * Runs the script, retrying a connection that the server had already closed. A pooled connection goes stale
     * when Redis restarts or drops idle clients, and the command then fails at once without reaching Redis, so
     * retrying on another connection is safe. A timeout is not retried: the command may have run, and retrying
     * would double the wait.
     */
    private Object evaluate(List<String> keys, List<String> args) {
        return withRetries(() -> evaluateOnce(keys, args));
    }

    /**
     * Runs the script on a bucket of its own, so that a health check finds what a request would: a Redis that
     * responds to {@code PING} but rejects the script (out of memory, a read-only replica) is not healthy.
     */
    public void probe() {
        evaluate(
                List.of(keyPrefix + ":{health-probe}:probe"),
                List.of(Long.toString(epochMicros(clock.instant())), "1000000", Long.toString(60_000_000L)));
    }

    /** Sends {@code PING} with the same handling of closed connections as the script, for health checks. */
    public void ping() {
        withRetries(() -> redis.get().ping());
    }

    private <T> T withRetries(Supplier<T> command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return command.get();
            } catch (JedisConnectionException e) {
                if (attempt >= maxAttempts || !isClosedConnection(e)) {
                    throw e;
                }
            }
        }
    }

    private Object evaluateOnce(List<String> keys, List<String> args) {
        UnifiedJedis client = redis.get();
        String sha = scriptSha;
        if (sha != null) {
            try {
                return client.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                // A restarted or failed-over server has lost its script cache; EVAL below loads it again.
            }
        }
        Object reply = client.eval(SCRIPT, keys, args);
        scriptSha = sha != null ? sha : sha1Hex(SCRIPT);
        return reply;
    }

    /**
     * Tests whether the failure is a pooled connection the server had closed before the command: Jedis reports it
     * as an unexpected end of stream, a reset or a broken pipe. Connect failures (which Jedis attaches as suppressed
     * exceptions), timeouts, after which the command may have run, and failures to build the client are never
     * retried.
     */
    static boolean isClosedConnection(Throwable e) {
        if (hasConnectFailure(e)) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.contains("Unexpected end of stream")
                    || message.contains("Broken pipe")
                    || message.contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasConnectFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof ConnectException) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed instanceof SocketTimeoutException
                        || suppressed instanceof ConnectException
                        || suppressed instanceof UnknownHostException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static RateLimitDecision decision(List<BucketKey> buckets, List<?> reply) {
        boolean allowed = ((Long) reply.get(0)) == 1L;
        List<BucketState> states = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            long tokens = (Long) reply.get(1 + 2 * i);
            Instant resetAt = fromEpochMicros((Long) reply.get(2 + 2 * i));
            if (allowed || tokens < 1) {
                states.add(new BucketState(buckets.get(i), Math.max(0, tokens), resetAt));
            }
        }
        return allowed ? RateLimitDecision.allowed(states) : RateLimitDecision.rejected(states);
    }

    private static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant fromEpochMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static String loadScript() {
        try (InputStream in = RedisRateLimitStore.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource consume.lua is missing from the commons jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read consume.lua", e);
        }
    }

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public String toString() {
        return "RedisRateLimitStore{keyPrefix=" + keyPrefix + "}";
    }
}
