package com.easymo.tests.redis;

import java.util.List;

/** Starts Redis servers: as Docker containers through Testcontainers, or as local processes. */
interface RedisBackend extends AutoCloseable {

    /** Starts a server on the port with the extra {@code redis-server} arguments and waits until it accepts. */
    RedisNode start(int port, List<String> arguments);

    /** Starts a Sentinel on the port with the given configuration file text. */
    RedisNode startSentinel(int port, String configuration);

    /** Returns a short description for test output, such as the image and network mode. */
    String describe();

    @Override
    void close();
}
