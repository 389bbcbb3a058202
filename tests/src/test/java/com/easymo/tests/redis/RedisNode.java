package com.easymo.tests.redis;

/** One Redis server (or Sentinel) that a test started, on 127.0.0.1 or a mapped port. */
public interface RedisNode {

    /** Returns the host to connect to. */
    String host();

    /** Returns the port to connect to. */
    int port();

    /** Returns {@code host:port}, the form the {@code redis} store's {@code addresses} key takes. */
    default String address() {
        return host() + ":" + port();
    }

    /** Stops the server, as an outage would; its data is gone. */
    void stop();

    /** Starts the server again on the same port after {@link #stop()}. */
    void start();

    /** Freezes the server without closing its connections, as a hung Redis would be: commands get no reply. */
    void pause();

    /** Lets a server frozen by {@link #pause()} run again. */
    void resume();

    /** Runs {@code redis-cli} with the arguments against this node and returns its output. */
    String cli(String... arguments);
}
