package com.easymo.benchmarks;

import ch.qos.logback.classic.Logger;
import com.easymo.commons.ratelimit.BucketKey;
import com.easymo.commons.ratelimit.BucketState;
import com.easymo.commons.ratelimit.ClientIpResolver;
import com.easymo.commons.ratelimit.KeyType;
import com.easymo.commons.ratelimit.MemoryRateLimitStore;
import com.easymo.commons.ratelimit.RateLimitDecision;
import com.easymo.commons.ratelimit.RateLimitFactory;
import com.easymo.commons.ratelimit.RateLimitPolicy;
import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.RateLimiter;
import com.easymo.commons.ratelimit.redis.FallbackRateLimitStore;
import com.easymo.commons.ratelimit.redis.RedisStoreFactory;
import io.dropwizard.core.setup.Environment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.component.LifeCycle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Measures one rate-limit decision, {@link RateLimiter#check}, for a request on voice-bridge's {@code POST
 * /calls/outbound} route: two policies, {@code global} and {@code outbound-calls}, both counted per client IP.
 *
 * <ul>
 *   <li>{@code baseline*}: the client key alone ({@link ClientIpResolver#keyFor}), and the limiter over a store that
 *       does nothing. Other results can be given as ratios to these, measured in the same run.
 *   <li>{@code memory*}: {@link MemoryRateLimitStore}. One client that is always admitted, on one thread and on two
 *       threads that contend for the same buckets. 100,000 clients in turn, with a bound large enough for all their
 *       buckets, and with the default bound of 100,000 buckets, half of what they need, so that buckets are
 *       evicted and created again. One client whose {@code outbound-calls} bucket is empty, the path of a 429.
 *   <li>{@code redis*}: the store that {@link RedisStoreFactory} builds with its defaults
 *       ({@link FallbackRateLimitStore} around {@code RedisRateLimitStore}, one {@code EVALSHA} per decision)
 *       against a {@code redis-server} that the benchmark starts on 127.0.0.1. Admitted on one and two threads, and
 *       rejected.
 * </ul>
 *
 * <p>Admitted decisions use capacities so large that no run empties a bucket, and rejected ones use voice-bridge's
 * capacities (100 and 10). Every window is one day instead of voice-bridge's 15 minutes and 1 minute, so that no
 * bucket refills during a run. The cost of a decision does not depend on the window. After every iteration a check
 * fails the run if a decision was not the one the benchmark claims to measure, or if the Redis store fell back to
 * memory. Run with {@code java -jar benchmarks/target/benchmarks.jar RateLimiterBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class RateLimiterBenchmark {

    static final String OUTBOUND_CALLS = "outbound-calls";
    static final long ADMITTED_CAPACITY = 1_000_000_000L;
    static final long OUTBOUND_CALLS_CAPACITY = 10;
    static final int DISTINCT_CLIENTS = 100_000;

    /** The default {@code maxBuckets} of the memory store and of the Redis store's local fallback. */
    static final long DEFAULT_MAX_BUCKETS = 100_000;

    /** A bound that no benchmark reaches, so that the memory store never evicts a bucket early. */
    static final long LARGE_MAX_BUCKETS = 10 * DISTINCT_CLIENTS;

    private static final Duration WINDOW = Duration.ofDays(1);

    /** voice-bridge's policies with capacities that no run empties, so that every decision admits the request. */
    static final List<RateLimitPolicy> ADMITTED_POLICIES = List.of(
            new RateLimitPolicy(RateLimitFactory.GLOBAL_POLICY, ADMITTED_CAPACITY, WINDOW, KeyType.IP),
            new RateLimitPolicy(OUTBOUND_CALLS, ADMITTED_CAPACITY, WINDOW, KeyType.IP));

    /** voice-bridge's policies with its capacities: the {@code outbound-calls} bucket is empty after 10 requests. */
    static final List<RateLimitPolicy> VOICE_BRIDGE_POLICIES = List.of(
            new RateLimitPolicy(RateLimitFactory.GLOBAL_POLICY, 100, WINDOW, KeyType.IP),
            new RateLimitPolicy(OUTBOUND_CALLS, OUTBOUND_CALLS_CAPACITY, WINDOW, KeyType.IP));

    static final InetAddress ADMITTED_CLIENT = ipv4(203, 0, 113, 62);
    static final InetAddress REJECTED_CLIENT = ipv4(203, 0, 113, 63);

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ClientIpResolver RESOLVER = new ClientIpResolver(List.of(), 64);

    @Benchmark
    public String baselineKeyFor() {
        return RESOLVER.keyFor(ADMITTED_CLIENT);
    }

    @Benchmark
    public RateLimitDecision baselineNoOpStore(NoOpStoreLimiter state) {
        return state.limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null);
    }

    @Benchmark
    public RateLimitDecision memoryHotKey(MemoryLimiter state) {
        return state.limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision memoryHotKeyTwoThreads(MemoryLimiter state) {
        return state.limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null);
    }

    @Benchmark
    public RateLimitDecision memoryManyKeysWithinBound(ManyKeysWithinBound state, ClientCursor clients) {
        return state.limiter.check(ADMITTED_POLICIES, clients.next(), null);
    }

    @Benchmark
    public RateLimitDecision memoryManyKeysOverBound(ManyKeysOverBound state, ClientCursor clients) {
        return state.limiter.check(ADMITTED_POLICIES, clients.next(), null);
    }

    @Benchmark
    public RateLimitDecision memoryRejected(MemoryLimiter state) {
        return state.limiter.check(VOICE_BRIDGE_POLICIES, REJECTED_CLIENT, null);
    }

    @Benchmark
    public RateLimitDecision redisHotKey(RedisLimiter state) {
        return state.limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision redisHotKeyTwoThreads(RedisLimiter state) {
        return state.limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null);
    }

    @Benchmark
    public RateLimitDecision redisRejected(RedisLimiter state) {
        return state.limiter.check(VOICE_BRIDGE_POLICIES, REJECTED_CLIENT, null);
    }

    /** A limiter whose store returns one prepared decision, so that only the limiter's own work is measured. */
    @State(Scope.Benchmark)
    public static class NoOpStoreLimiter {
        RateLimiter limiter;

        @Setup
        public void setUp() {
            useServiceLogLevel();
            limiter = new RateLimiter(new NoOpStore(), RESOLVER, CLOCK);
        }
    }

    /**
     * A limiter over a memory store that all benchmark threads share, with {@link #ADMITTED_CLIENT} admitted and the
     * {@code outbound-calls} bucket of {@link #REJECTED_CLIENT} empty.
     */
    @State(Scope.Benchmark)
    public static class MemoryLimiter {
        RateLimiter limiter;

        @Setup
        public void setUp() {
            useServiceLogLevel();
            limiter = new RateLimiter(new MemoryRateLimitStore(CLOCK, LARGE_MAX_BUCKETS), RESOLVER, CLOCK);
            exhaustOutboundCalls(limiter);
        }

        @TearDown(Level.Iteration)
        public void checkDecisions() {
            checkAdmittedAndRejected(limiter, "memory");
        }
    }

    /**
     * A limiter over a memory store that already contains the buckets of {@link #DISTINCT_CLIENTS} clients, as many
     * as its bound allows.
     */
    public abstract static class ManyKeysLimiter {
        MemoryRateLimitStore store;
        RateLimiter limiter;

        abstract long maxBuckets();

        @Setup
        public void setUp() {
            useServiceLogLevel();
            store = new MemoryRateLimitStore(CLOCK, maxBuckets());
            limiter = new RateLimiter(store, RESOLVER, CLOCK);
            for (InetAddress client : ClientCursor.CLIENTS) {
                requireDecision(limiter.check(ADMITTED_POLICIES, client, null), true, client);
            }
        }

        @TearDown(Level.Iteration)
        public void checkAdmitted() {
            InetAddress client = ClientCursor.CLIENTS[0];
            requireDecision(limiter.check(ADMITTED_POLICIES, client, null), true, client);
        }
    }

    /** Many clients whose buckets all fit in the store, so that every decision finds its buckets in the cache. */
    @State(Scope.Benchmark)
    public static class ManyKeysWithinBound extends ManyKeysLimiter {
        @Override
        long maxBuckets() {
            return LARGE_MAX_BUCKETS;
        }

        /** Checks that no bucket was evicted, so that the benchmark measured lookups and no bucket creation. */
        @TearDown(Level.Trial)
        public void checkNothingEvicted() {
            long expected = (long) ADMITTED_POLICIES.size() * DISTINCT_CLIENTS;
            store.cleanUp();
            if (store.size() != expected) {
                throw new IllegalStateException("Expected " + expected + " buckets in the memory store, found "
                        + store.size() + ". Buckets were evicted, so raise LARGE_MAX_BUCKETS.");
            }
        }
    }

    /**
     * Many clients that need twice as many buckets as the default bound allows, so that decisions evict buckets and
     * create new ones. Caffeine's W-TinyLFU policy decides which buckets stay, so some clients keep theirs. The
     * trial teardown prints the share of decisions that created buckets.
     */
    @State(Scope.Benchmark)
    public static class ManyKeysOverBound extends ManyKeysLimiter {
        @Override
        long maxBuckets() {
            return DEFAULT_MAX_BUCKETS;
        }

        /**
         * Samples one more pass over all clients and prints how many decisions found no bucket of either policy. A
         * new bucket has taken exactly one token, so {@code remaining == capacity - 1} marks a decision that created
         * both buckets. Decisions that created only one of them are not counted.
         */
        @TearDown(Level.Trial)
        public void printCreatedShare() {
            int created = 0;
            for (InetAddress client : ClientCursor.CLIENTS) {
                RateLimitDecision decision = limiter.check(ADMITTED_POLICIES, client, null);
                requireDecision(decision, true, client);
                if (decision.limiting().remaining() == ADMITTED_CAPACITY - 1) {
                    created++;
                }
            }
            System.out.printf(
                    "memoryManyKeysOverBound: %d of %d sampled decisions (%.0f%%) created both buckets; %d buckets"
                            + " held, bound %d%n",
                    created, DISTINCT_CLIENTS, 100.0 * created / DISTINCT_CLIENTS, store.size(), DEFAULT_MAX_BUCKETS);
        }
    }

    /**
     * Each benchmark thread's position in the list of {@link #DISTINCT_CLIENTS} IPv4 clients. Threads start at
     * different offsets and cycle through all of them.
     */
    @State(Scope.Thread)
    public static class ClientCursor {
        static final InetAddress[] CLIENTS = distinctClients();

        private int position;

        @Setup
        public void setUp(ThreadParams thread) {
            position = thread.getThreadIndex() * (CLIENTS.length / thread.getThreadCount());
        }

        InetAddress next() {
            InetAddress client = CLIENTS[position];
            position = position + 1 == CLIENTS.length ? 0 : position + 1;
            return client;
        }

        /** Returns 10.0.0.1, 10.0.0.2 and so on, one address per client. */
        private static InetAddress[] distinctClients() {
            InetAddress[] clients = new InetAddress[DISTINCT_CLIENTS];
            for (int i = 0; i < clients.length; i++) {
                int host = i + 1;
                clients[i] = ipv4(10, (host >> 16) & 0xff, (host >> 8) & 0xff, host & 0xff);
            }
            return clients;
        }
    }

    /**
     * A limiter over the store that {@link RedisStoreFactory} builds with its defaults (standalone mode, a pool of 32
     * connections, timeouts of 250 ms, {@code onFailure: local}), pointed at a {@code redis-server} of its own.
     * Threads share the store. {@link #ADMITTED_CLIENT} is admitted and the {@code outbound-calls} bucket of
     * {@link #REJECTED_CLIENT} is empty.
     */
    @State(Scope.Benchmark)
    public static class RedisLimiter {
        /** Number of calls that failed in Redis or that the open breaker sent to the fallback store. */
        private final AtomicLong callsWithoutRedis = new AtomicLong();

        private LoopbackRedisServer server;
        private Environment environment;
        private FallbackRateLimitStore store;
        RateLimiter limiter;

        @Setup
        public void setUp() throws IOException, InterruptedException {
            useServiceLogLevel();
            server = LoopbackRedisServer.start();
            try {
                RedisStoreFactory factory = new RedisStoreFactory();
                factory.setAddresses(List.of(server.address()));
                // The benchmark's server has no password: ignore REDIS_USER and REDIS_PASSWORD in the environment.
                factory.withEnvironment(variable -> null);
                environment = new Environment("voice-bridge");
                store = (FallbackRateLimitStore) factory.build(environment, CLOCK);
                store.breaker()
                        .getEventPublisher()
                        .onError(event -> callsWithoutRedis.incrementAndGet())
                        .onCallNotPermitted(event -> callsWithoutRedis.incrementAndGet());
                limiter = new RateLimiter(store, RESOLVER, CLOCK);

                exhaustOutboundCalls(limiter);
                checkAdmittedAndRejected(limiter, "redis");
                checkKeysInRedis();
            } catch (RuntimeException e) {
                tearDown();
                throw e;
            }
        }

        /** Fails the run if any decision of the iteration went to the fallback store instead of Redis. */
        @TearDown(Level.Iteration)
        public void checkDecisions() {
            checkAllInRedis();
            checkAdmittedAndRejected(limiter, "redis");
            checkAllInRedis();
        }

        private void checkAllInRedis() {
            if (callsWithoutRedis.get() > 0 || store.isFallingBack()) {
                throw new IllegalStateException(callsWithoutRedis.get() + " decisions were made without Redis at "
                        + server.address() + " (failed calls, or calls the open circuit breaker did not permit), so"
                        + " the results do not measure Redis alone. Check that the server still runs, and the load"
                        + " on the machine.");
            }
        }

        /** Closes the Redis client and stops the server, also after a failed setup. */
        @TearDown
        public void tearDown() throws InterruptedException {
            try {
                if (environment != null) {
                    for (LifeCycle managed : environment.lifecycle().getManagedObjects()) {
                        managed.stop();
                    }
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
                throw new IllegalStateException("Failed to close the Redis client", e);
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }

        private void checkKeysInRedis() {
            String key = "ratelimit:voice-bridge:{" + RESOLVER.keyFor(ADMITTED_CLIENT) + "}:" + OUTBOUND_CALLS;
            try (Jedis jedis = server.connect()) {
                if (!jedis.exists(key)) {
                    throw new IllegalStateException("Key " + key + " is missing from " + server.address()
                            + " after an admitted decision, so the store did not decide in Redis.");
                }
            }
        }
    }

    /**
     * Sets the root logger to INFO, Dropwizard's default {@code logging.level}. Without a configuration file logback
     * logs at DEBUG, and Resilience4j's DEBUG lines for every call would then be measured with each decision.
     */
    static void useServiceLogLevel() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    /** A store that ignores its buckets apart from keeping the last list, and returns one prepared decision. */
    private static final class NoOpStore implements RateLimitStore {
        private final RateLimitDecision admitted = RateLimitDecision.allowed(List.of(new BucketState(
                new BucketKey(ADMITTED_POLICIES.get(0), "203.0.113.62"), ADMITTED_CAPACITY - 1, Instant.EPOCH)));

        /** Keeps the list reachable, so that the JIT compiler cannot drop the work of building it. */
        private List<BucketKey> last;

        @Override
        public RateLimitDecision tryConsume(List<BucketKey> buckets) {
            last = buckets;
            return admitted;
        }

        @Override
        public long size() {
            return last == null ? 0 : last.size();
        }
    }

    /** Takes every token of {@link #REJECTED_CLIENT}'s {@code outbound-calls} bucket. */
    static void exhaustOutboundCalls(RateLimiter limiter) {
        for (int i = 0; i < OUTBOUND_CALLS_CAPACITY; i++) {
            requireDecision(limiter.check(VOICE_BRIDGE_POLICIES, REJECTED_CLIENT, null), true, REJECTED_CLIENT);
        }
    }

    /** Checks that the limiter still admits {@link #ADMITTED_CLIENT} and rejects {@link #REJECTED_CLIENT}. */
    static void checkAdmittedAndRejected(RateLimiter limiter, String storeName) {
        requireDecision(limiter.check(ADMITTED_POLICIES, ADMITTED_CLIENT, null), true, ADMITTED_CLIENT);
        RateLimitDecision rejected = limiter.check(VOICE_BRIDGE_POLICIES, REJECTED_CLIENT, null);
        requireDecision(rejected, false, REJECTED_CLIENT);
        String policy = rejected.limiting().bucket().policy().name();
        if (!policy.equals(OUTBOUND_CALLS)) {
            throw new IllegalStateException("Expected the " + storeName + " store to reject " + REJECTED_CLIENT + " by "
                    + OUTBOUND_CALLS + ", but " + policy + " rejected it");
        }
    }

    static void requireDecision(RateLimitDecision decision, boolean admitted, InetAddress client) {
        if (decision.allowed() != admitted) {
            throw new IllegalStateException("Expected " + client.getHostAddress() + " to be "
                    + (admitted ? "admitted" : "rejected") + ", but the decision was " + decision);
        }
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes always make an IPv4 address", e);
        }
    }
}
