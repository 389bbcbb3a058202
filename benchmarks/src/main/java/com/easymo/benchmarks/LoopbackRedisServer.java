package com.easymo.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A throwaway {@code redis-server} process that a benchmark starts for itself: bound to 127.0.0.1 on a free port,
 * without RDB snapshots or an append-only file, and stopped by its PID.
 *
 * <p>The executable is {@code redis-server} from the {@code PATH} (on Debian, {@code /usr/bin/redis-server} from the
 * {@code redis-server} package), or the path in the system property {@value #EXECUTABLE_PROPERTY}. A shutdown hook
 * stops the process when the JVM exits without calling {@link #close()}, for example after a failed setup.
 */
final class LoopbackRedisServer implements AutoCloseable {

    static final String EXECUTABLE_PROPERTY = "benchmarks.redisServer";

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private LoopbackRedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(process::destroy, "redis-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server and waits until it responds to {@code PING}. Another process can take the free port before the
     * server binds it, so a server that exits during startup is retried on a new port, up to
     * {@value #START_ATTEMPTS} times.
     *
     * @throws IllegalStateException if no attempt produced a server that responds within the start timeout
     */
    static LoopbackRedisServer start() throws IOException, InterruptedException {
        String executable = System.getProperty(EXECUTABLE_PROPERTY, "redis-server");
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            LoopbackRedisServer server = launch(executable, freePort());
            try {
                server.awaitPing();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /** Returns the address to connect to, {@code 127.0.0.1:<port>}. */
    String address() {
        return HOST + ":" + port;
    }

    /** Opens a new client connection, for checks outside the measured code. The caller closes it. */
    Jedis connect() {
        return new Jedis(
                HOST,
                port,
                DefaultJedisClientConfig.builder()
                        .timeoutMillis((int) START_TIMEOUT.toMillis())
                        .serverDefaultProtocol()
                        .build());
    }

    /** Stops the process with SIGTERM, or SIGKILL if it has not exited within the stop timeout. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook stops the process.
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete the redis-server log " + log, e);
        }
    }

    @Override
    public String toString() {
        return "LoopbackRedisServer{pid=" + process.pid() + ", address=" + address() + "}";
    }

    private static LoopbackRedisServer launch(String executable, int port) throws IOException {
        Path log = Files.createTempFile("benchmark-redis-" + port + "-", ".log");
        List<String> command = List.of(
                executable,
                "--port",
                Integer.toString(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            throw new IOException(
                    "Failed to start " + executable + ". Install Debian's redis-server package or set -D"
                            + EXECUTABLE_PROPERTY + "=/path/to/redis-server (with -jvmArgsAppend for JMH forks).",
                    e);
        }
        return new LoopbackRedisServer(process, port, log);
    }

    private void awaitPing() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + " before accepting connections. Its output: " + readLog());
            }
            try (Jedis jedis = connect()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (JedisException e) {
                // Not listening yet: try again shortly.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not respond to PING within "
                + START_TIMEOUT.toSeconds() + " s. Its output: " + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Returns a TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before the server does.
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
