package com.easymo.benchmarks;

import com.easymo.commons.ratelimit.BucketKey;
import com.easymo.commons.ratelimit.KeyType;
import com.easymo.commons.ratelimit.RateLimitPolicy;
import com.easymo.commons.ratelimit.redis.RedisRateLimitStore;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Counts the Redis round trips (commands the client sends) per admitted request when many clients take
 * tokens from one bucket at once: Bucket4j's compare-and-swap proxy, the same with Bucket4j's batching
 * optimization, and the store's Lua script.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar com.easymo.benchmarks.RedisRoundTrips 127.0.0.1:16379}.
 * It writes keys under {@code roundtrips:} to the given server, which should be a throwaway one.
 */
public final class RedisRoundTrips {

    private static final int[] CONCURRENCY = {1, 16, 64};
    private static final int REQUESTS = 6_400;
    private static final long CAPACITY = 1_000_000;
    private static final Duration WINDOW = Duration.ofHours(1);

    private RedisRoundTrips() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: RedisRoundTrips host:port (a throwaway Redis server)");
            System.exit(2);
        }
        HostAndPort address = HostAndPort.from(args[0]);
        PooledConnectionProvider connections = new PooledConnectionProvider(
                address, DefaultJedisClientConfig.builder().build(), pool(64));
        CountingExecutor executor = new CountingExecutor(new DefaultCommandExecutor(connections));
        try (RedisClient redis = RedisClient.builder()
                .connectionProvider(connections)
                .commandExecutor(executor)
                .build()) {
            System.out.println("approach                    clients  requests  admitted  commands  per admitted");
            for (int clients : CONCURRENCY) {
                report("bucket4j compare-and-swap", clients, executor, bucket4j(redis, false));
                report("bucket4j with batching", clients, executor, bucket4j(redis, true));
                report("easymo Lua script", clients, executor, script(redis));
            }
        }
    }

    private static Supplier<BooleanSupplier> bucket4j(RedisClient redis, boolean batching) {
        ProxyManager<byte[]> proxies = Bucket4jJedis.casBasedBuilder(redis).build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(CAPACITY).refillIntervally(CAPACITY, WINDOW))
                .build();
        return () -> {
            byte[] key = ("roundtrips:bucket4j:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            var builder = proxies.builder();
            var bucket = batching
                    ? builder.withOptimization(Optimizations.batching()).build(key, () -> configuration)
                    : builder.build(key, () -> configuration);
            return () -> bucket.tryConsume(1);
        };
    }

    private static Supplier<BooleanSupplier> script(RedisClient redis) {
        RedisRateLimitStore store = new RedisRateLimitStore(redis, "roundtrips:easymo", Clock.systemUTC());
        RateLimitPolicy policy = new RateLimitPolicy("one-key", CAPACITY, WINDOW, KeyType.IP);
        return () -> {
            List<BucketKey> bucket =
                    List.of(new BucketKey(policy, UUID.randomUUID().toString()));
            return () -> store.tryConsume(bucket).allowed();
        };
    }

    private static void report(
            String approach, int clients, CountingExecutor executor, Supplier<BooleanSupplier> buckets)
            throws Exception {
        BooleanSupplier consume = buckets.get();
        consume.getAsBoolean(); // creates the bucket and loads scripts, outside the count
        long before = executor.commands.get();
        long admitted = run(consume, clients);
        long commands = executor.commands.get() - before;
        System.out.printf(
                Locale.ROOT,
                "%-27s %7d  %8d  %8d  %8d  %12.2f%n",
                approach,
                clients,
                REQUESTS,
                admitted,
                commands,
                (double) commands / admitted);
    }

    private static long run(BooleanSupplier consume, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong admitted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < REQUESTS / clients; i++) {
                    if (consume.getAsBoolean()) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return admitted.get();
    }

    /**
     * Counts the commands that the client sends, each one round trip. The server's own counters would also count
     * the commands a Lua script runs inside Redis, which cost no round trip.
     */
    private static final class CountingExecutor implements CommandExecutor {
        private final CommandExecutor delegate;
        private final AtomicLong commands = new AtomicLong();

        private CountingExecutor(CommandExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T executeCommand(CommandObject<T> command) {
            commands.incrementAndGet();
            return delegate.executeCommand(command);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }

    private static GenericObjectPoolConfig<Connection> pool(int size) {
        GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        return config;
    }
}
