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
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClusterClient;
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
 * one client under several policies land in one hash slot and one script can update them together. A request whose
 * buckets have several client keys (a user policy next to IP policies) spans several slots. Against a Cluster, the
 * store then runs the script once per client key, in a fixed order. When a later group rejects, it gives the tokens
 * back to the groups already taken. Between those calls a concurrent request can see one token fewer than exact
 * admission would show it. Against a standalone or Sentinel server, one script still takes every bucket. Every key
 * expires one window after its last use.
 *
 * <p>Time comes from the given clock, not from Redis, so instances need synchronised clocks (NTP); a skew of a
 * few milliseconds shifts a window's end by as much.
 */
public final class RedisRateLimitStore implements RateLimitStore {

    private static final Script CONSUME = new Script("consume.lua");
    private static final Script REFUND = new Script("refund.lua");

    private static final int DEFAULT_ATTEMPTS = 3;

    private final Supplier<UnifiedJedis> redis;
    private final int maxAttempts;
    private final String keyPrefix;
    private final Clock clock;

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
        List<BucketKey> distinct = buckets.stream().distinct().toList();
        long now = epochMicros(clock.instant());
        if (!(redis.get() instanceof RedisClusterClient)
                || distinct.stream().map(BucketKey::key).distinct().count() == 1) {
            return decision(distinct, consume(distinct, now));
        }
        return consumeBySlot(distinct, now);
    }

    /**
     * Takes the buckets of each client key in a call of its own, in the order of the keys, and gives back what the
     * earlier calls took when a later one rejects, so that a rejected request keeps no token.
     */
    private RateLimitDecision consumeBySlot(List<BucketKey> buckets, long now) {
        Map<String, List<BucketKey>> groups = new TreeMap<>();
        for (BucketKey bucket : buckets) {
            groups.computeIfAbsent(bucket.key(), key -> new ArrayList<>()).add(bucket);
        }
        List<BucketKey> taken = new ArrayList<>(buckets.size());
        List<Object> takenReplies = new ArrayList<>(1 + 3 * buckets.size());
        takenReplies.add(1L);
        for (List<BucketKey> group : groups.values()) {
            List<?> reply = consume(group, now);
            if ((Long) reply.get(0) != 1L) {
                refund(taken, takenReplies);
                return decision(group, reply);
            }
            taken.addAll(group);
            takenReplies.addAll(reply.subList(1, reply.size()));
        }
        return decision(taken, takenReplies);
    }

    private List<?> consume(List<BucketKey> buckets, long now) {
        List<String> keys = new ArrayList<>(buckets.size());
        List<String> args = new ArrayList<>(1 + 3 * buckets.size());
        args.add(Long.toString(now));
        for (BucketKey bucket : buckets) {
            keys.add(redisKey(bucket));
            args.add(Long.toString(bucket.policy().capacity()));
            args.add(Long.toString(bucket.policy().window().toNanos() / 1000));
            args.add(bucket.policy().dryRun() ? "1" : "0");
        }
        return (List<?>) evaluate(CONSUME, keys, args);
    }

    /** Gives back the tokens taken from the buckets, one script per client key, as each lives in its own slot. */
    private void refund(List<BucketKey> taken, List<Object> replies) {
        Map<String, List<String>> keysByClient = new TreeMap<>();
        Map<String, List<String>> startsByClient = new TreeMap<>();
        for (int i = 0; i < taken.size(); i++) {
            BucketKey bucket = taken.get(i);
            if ((Long) replies.get(3 + 3 * i) == 1L) {
                continue; // an empty bucket in dry run gave no token
            }
            long start =
                    (Long) replies.get(2 + 3 * i) - bucket.policy().window().toNanos() / 1000;
            keysByClient.computeIfAbsent(bucket.key(), key -> new ArrayList<>()).add(redisKey(bucket));
            startsByClient
                    .computeIfAbsent(bucket.key(), key -> new ArrayList<>())
                    .add(Long.toString(start));
        }
        keysByClient.forEach((client, keys) -> evaluate(REFUND, keys, startsByClient.get(client)));
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
    private Object evaluate(Script script, List<String> keys, List<String> args) {
        return withRetries(() -> script.evaluate(redis.get(), keys, args));
    }

    /**
     * Runs the script on a bucket of its own, so that a health check finds what a request would: a Redis that
     * responds to {@code PING} but rejects the script (out of memory, a read-only replica) is not healthy.
     */
    public void probe() {
        evaluate(
                CONSUME,
                List.of(keyPrefix + ":{health-probe}:probe"),
                List.of(Long.toString(epochMicros(clock.instant())), "1000000", Long.toString(60_000_000L), "0"));
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
        List<BucketState> dryRunExceeded = new ArrayList<>(0);
        for (int i = 0; i < buckets.size(); i++) {
            BucketKey bucket = buckets.get(i);
            long tokens = (Long) reply.get(1 + 3 * i);
            Instant resetAt = fromEpochMicros((Long) reply.get(2 + 3 * i));
            boolean empty = (Long) reply.get(3 + 3 * i) == 1L;
            BucketState state = new BucketState(bucket, Math.max(0, tokens), resetAt);
            if (allowed) {
                states.add(state);
                if (empty) {
                    dryRunExceeded.add(state);
                }
            } else if (empty && !bucket.policy().dryRun()) {
                states.add(state);
            }
        }
        return allowed ? RateLimitDecision.allowed(states, dryRunExceeded) : RateLimitDecision.rejected(states);
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

    /** A Lua script from the commons jar, run by its SHA-1 once Redis has it cached. */
    private static final class Script {
        private final String name;
        private final String text;
        private final String sha;

        private Script(String name) {
            this.name = name;
            this.text = load(name);
            this.sha = sha1Hex(text);
        }

        private Object evaluate(UnifiedJedis client, List<String> keys, List<String> args) {
            try {
                return client.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                // A new, restarted or failed-over server lacks the script in its cache; EVAL loads it.
                return client.eval(text, keys, args);
            }
        }

        private static String load(String name) {
            try (InputStream in =
                    RedisRateLimitStore.class.getResourceAsStream("/com/easymo/commons/ratelimit/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("Resource " + name + " is missing from the commons jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + name, e);
            }
        }

        @Override
        public String toString() {
            return name;
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
