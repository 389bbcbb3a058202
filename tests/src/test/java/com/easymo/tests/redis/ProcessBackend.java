package com.easymo.tests.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starts Redis as local {@code redis-server} processes bound to 127.0.0.1, each in its own temporary folder. */
final class ProcessBackend implements RedisBackend {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path server;
    private final Path cli;
    private final Path root;
    private final List<ProcessNode> nodes = new ArrayList<>();

    ProcessBackend(Path server, Path cli) {
        this.server = server;
        this.cli = cli;
        try {
            this.root = Files.createTempDirectory("easymo-redis-");
        } catch (IOException e) {
            throw new IllegalStateException("Failed to create a folder for Redis servers", e);
        }
    }

    @Override
    public RedisNode start(int port, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                server.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
        command.addAll(arguments);
        return started(new ProcessNode(this, port, command, null));
    }

    @Override
    public RedisNode startSentinel(int port, String configuration) {
        return started(new ProcessNode(this, port, null, configuration));
    }

    @Override
    public String describe() {
        return "local processes of " + server;
    }

    @Override
    public void close() {
        nodes.forEach(ProcessNode::stop);
        nodes.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftover files in the temporary folder do no harm.
        }
    }

    private RedisNode started(ProcessNode node) {
        node.start();
        nodes.add(node);
        return node;
    }

    /** A server process; stopping sends SIGTERM to its PID and waits, starting runs a new process on the port. */
    private static final class ProcessNode implements RedisNode {
        private final ProcessBackend backend;
        private final int port;
        private final List<String> command;
        private final String sentinelConfiguration;
        private final Path folder;
        private Process process;

        private ProcessNode(ProcessBackend backend, int port, List<String> command, String sentinelConfiguration) {
            this.backend = backend;
            this.port = port;
            this.command = command;
            this.sentinelConfiguration = sentinelConfiguration;
            this.folder = backend.root.resolve(Integer.toString(port));
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public synchronized void start() {
            if (process != null) {
                return;
            }
            try {
                Files.createDirectories(folder);
                List<String> arguments = command;
                if (sentinelConfiguration != null) {
                    Path file = folder.resolve("sentinel.conf");
                    Files.writeString(file, sentinelConfiguration, StandardCharsets.UTF_8);
                    arguments = List.of(backend.server.toString(), file.toString(), "--sentinel");
                }
                Path log = folder.resolve("redis.log");
                process = new ProcessBuilder(arguments)
                        .directory(folder.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                awaitReady(log);
            } catch (IOException e) {
                throw new IllegalStateException("Failed to start redis-server on port " + port, e);
            }
        }

        private void awaitReady(Path log) throws IOException {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                if (output.contains("Ready to accept connections") || output.contains("Sentinel ID is")) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server on port " + port + " exited: " + output);
                }
                sleep(Duration.ofMillis(20));
            }
            throw new IllegalStateException("redis-server on port " + port + " was not ready within " + START_TIMEOUT);
        }

        @Override
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }

        @Override
        public synchronized void pause() {
            signal("-STOP");
        }

        @Override
        public synchronized void resume() {
            signal("-CONT");
        }

        /** Sends a signal to this node's process by its PID. */
        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
                if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill " + signal + " failed for redis-server on port " + port);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Failed to signal redis-server on port " + port, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while signalling redis-server", e);
            }
        }

        @Override
        public String cli(String... arguments) {
            List<String> command =
                    new ArrayList<>(List.of(backend.cli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
            command.addAll(List.of(arguments));
            try {
                Process run =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                run.waitFor(30, TimeUnit.SECONDS);
                return output;
            } catch (IOException e) {
                throw new IllegalStateException("redis-cli failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running redis-cli", e);
            }
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for redis-server", e);
            }
        }
    }
}
