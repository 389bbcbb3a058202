package com.easymo.tests.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * Starts the Redis deployments that integration tests need: a standalone server, a 3-master Cluster and a primary
 * with one replica watched by three Sentinels. Every server listens on 127.0.0.1 on a free port.
 *
 * <p>Servers run in Docker containers through Testcontainers when a Docker engine is reachable, and as local
 * {@code redis-server} processes otherwise. The environment variable {@code EASYMO_REDIS_BACKEND} forces one:
 * {@code containers} or {@code processes}. {@code EASYMO_REDIS_IMAGE} names the image; without it the fixture uses
 * {@value #LOCAL_IMAGE} when that exists (built by {@code tests/redis/build-local-image.sh}, as CI does) and the
 * official {@value #OFFICIAL_IMAGE} image otherwise. Containers use host networking, which Docker offers on Linux.
 */
public final class RedisFixture implements AutoCloseable {

    static final String LOCAL_IMAGE = "easymo/redis-local:7";
    static final String OFFICIAL_IMAGE = "redis:7.2";

    private static final Duration TOPOLOGY_TIMEOUT = Duration.ofSeconds(20);

    private final RedisBackend backend;

    private RedisFixture(RedisBackend backend) {
        this.backend = backend;
    }

    /** Chooses a backend as described above; fails with a message naming both fixes when neither is available. */
    public static RedisFixture start() {
        String forced = System.getenv().getOrDefault("EASYMO_REDIS_BACKEND", "");
        Optional<Path> server = onPath("redis-server");
        Optional<Path> cli = onPath("redis-cli");
        if (!forced.equals("processes") && (forced.equals("containers") || dockerAvailable())) {
            return new RedisFixture(new ContainerBackend(image()));
        }
        if (server.isPresent() && cli.isPresent()) {
            return new RedisFixture(new ProcessBackend(server.get(), cli.get()));
        }
        throw new IllegalStateException("Redis tests need a Docker engine (for Testcontainers) or redis-server and"
                + " redis-cli on the PATH: start Docker, or install Debian's redis-server package");
    }

    /** Returns which backend runs the servers, for test output. */
    public String describe() {
        return backend.describe();
    }

    /** Starts a standalone server. */
    public RedisNode standalone() {
        return backend.start(freePort(), List.of());
    }

    /** Starts three masters, joins them into a Cluster and waits until every slot is served. */
    public List<RedisNode> cluster() {
        int first = freeClusterPorts(3);
        List<RedisNode> nodes = Stream.of(first, first + 1, first + 2)
                .map(port -> backend.start(
                        port,
                        List.of(
                                "--cluster-enabled", "yes",
                                "--cluster-config-file", "nodes-" + port + ".conf",
                                "--cluster-node-timeout", "2000")))
                .toList();
        nodes.get(0)
                .cli(
                        "--cluster",
                        "create",
                        nodes.get(0).address(),
                        nodes.get(1).address(),
                        nodes.get(2).address(),
                        "--cluster-replicas",
                        "0",
                        "--cluster-yes");
        await(
                "the Cluster to serve every slot",
                () -> nodes.stream()
                        .allMatch(node -> node.cli("cluster", "info").contains("cluster_state:ok")));
        return nodes;
    }

    /**
     * Starts a primary, one replica and three Sentinels (quorum 2, primary considered down after one second) that
     * monitor the primary under the given name, and waits until the replica is in sync and every Sentinel monitors
     * the primary.
     */
    public SentinelSetup sentinel(String masterName) {
        RedisNode primary = backend.start(freePort(), List.of());
        RedisNode replica =
                backend.start(freePort(), List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
        List<RedisNode> sentinels = Stream.of(freePort(), freePort(), freePort())
                .map(port -> backend.startSentinel(port, sentinelConfiguration(port, masterName, primary.port())))
                .toList();
        await("the replica to sync", () -> primary.cli("info", "replication").contains("connected_slaves:1"));
        await(
                "every Sentinel to see the replica",
                () -> sentinels.stream()
                        .allMatch(sentinel -> sentinel.cli("sentinel", "replicas", masterName)
                                .contains(Integer.toString(replica.port()))));
        return new SentinelSetup(masterName, primary, replica, sentinels);
    }

    @Override
    public void close() {
        backend.close();
    }

    private static String sentinelConfiguration(int port, String masterName, int primaryPort) {
        return String.join(
                "\n",
                "port " + port,
                "bind 127.0.0.1",
                "sentinel resolve-hostnames no",
                "sentinel monitor " + masterName + " 127.0.0.1 " + primaryPort + " 2",
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 3000",
                "sentinel parallel-syncs " + masterName + " 1",
                "");
    }

    /** Polls until the condition holds, failing after {@link #TOPOLOGY_TIMEOUT}. */
    public static void await(String description, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(TOPOLOGY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + description, e);
            }
        }
        throw new IllegalStateException("Timed out after " + TOPOLOGY_TIMEOUT + " waiting for " + description);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String image() {
        String configured = System.getenv("EASYMO_REDIS_IMAGE");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(LOCAL_IMAGE).exec();
            return LOCAL_IMAGE;
        } catch (RuntimeException e) {
            return OFFICIAL_IMAGE;
        }
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(folder -> Path.of(folder, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Returns a port that nothing on 127.0.0.1 listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Failed to find a free port", e);
        }
    }

    /** Returns the first of {@code count} consecutive free ports whose Cluster bus ports (+10000) are free too. */
    private static int freeClusterPorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = isFree(port) && isFree(port + 10_000);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("Failed to find " + count + " consecutive free ports for a Redis Cluster");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A primary, its replica and the Sentinels that watch them. */
    public record SentinelSetup(String masterName, RedisNode primary, RedisNode replica, List<RedisNode> sentinels) {}
}
