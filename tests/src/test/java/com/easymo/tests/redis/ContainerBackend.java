package com.easymo.tests.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts Redis in Docker containers with host networking, each server bound to 127.0.0.1 on its own port, so that
 * Cluster and Sentinel nodes announce addresses the test JVM can reach.
 */
final class ContainerBackend implements RedisBackend {

    private static final String READY = ".*(Ready to accept connections|Sentinel ID is).*\\n";

    private final DockerImageName image;
    private final List<ContainerNode> nodes = new ArrayList<>();

    ContainerBackend(String image) {
        this.image = DockerImageName.parse(image).asCompatibleSubstituteFor("redis");
    }

    @Override
    public RedisNode start(int port, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                "/tmp"));
        command.addAll(arguments);
        return started(new ContainerNode(this, port, command, null));
    }

    @Override
    public RedisNode startSentinel(int port, String configuration) {
        return started(new ContainerNode(this, port, List.of("/tmp/sentinel.conf", "--sentinel"), configuration));
    }

    @Override
    public String describe() {
        return "Docker image " + image + " with host networking";
    }

    @Override
    public void close() {
        nodes.forEach(ContainerNode::stop);
        nodes.clear();
    }

    private RedisNode started(ContainerNode node) {
        node.start();
        nodes.add(node);
        return node;
    }

    private GenericContainer<?> container(List<String> command, String sentinelConfiguration) {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withNetworkMode("host")
                .withCommand(command.toArray(String[]::new))
                .waitingFor(Wait.forLogMessage(READY, 1));
        if (sentinelConfiguration != null) {
            container.withCopyToContainer(Transferable.of(sentinelConfiguration, 0666), "/tmp/sentinel.conf");
        }
        return container;
    }

    /** A server in a container; stopping removes the container and starting creates a new one on the same port. */
    private static final class ContainerNode implements RedisNode {
        private final ContainerBackend backend;
        private final int port;
        private final List<String> command;
        private final String sentinelConfiguration;
        private GenericContainer<?> container;

        private ContainerNode(ContainerBackend backend, int port, List<String> command, String sentinelConfiguration) {
            this.backend = backend;
            this.port = port;
            this.command = command;
            this.sentinelConfiguration = sentinelConfiguration;
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
        public synchronized void stop() {
            if (container != null) {
                container.stop();
                container = null;
            }
        }

        @Override
        public synchronized void start() {
            if (container == null) {
                container = backend.container(command, sentinelConfiguration);
                container.start();
            }
        }

        @Override
        public synchronized void pause() {
            container
                    .getDockerClient()
                    .pauseContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public synchronized void resume() {
            container
                    .getDockerClient()
                    .unpauseContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public String cli(String... arguments) {
            List<String> command =
                    new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
            command.addAll(List.of(arguments));
            try {
                Container.ExecResult result = container.execInContainer(command.toArray(String[]::new));
                return result.getStdout() + result.getStderr();
            } catch (IOException e) {
                throw new IllegalStateException("redis-cli failed in the container", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running redis-cli", e);
            }
        }
    }
}
