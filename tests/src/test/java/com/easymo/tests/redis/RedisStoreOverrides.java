package com.easymo.tests.redis;

import io.dropwizard.testing.ConfigOverride;
import java.util.ArrayList;
import java.util.List;

/** Configuration overrides that switch a service's {@code rateLimit.store} from {@code memory} to {@code redis}. */
public final class RedisStoreOverrides {

    private RedisStoreOverrides() {}

    /** Returns overrides for a standalone server, keeping every other key of the store at its default. */
    public static ConfigOverride[] standalone(RedisNode node, ConfigOverride... more) {
        return standalone("dw", node, more);
    }

    /**
     * Returns overrides for a standalone server under a system-property prefix of their own. Two services started
     * in one test class need different prefixes: Dropwizard restores each property to the value it had before, so
     * the same keys set twice would outlive both services and reach later test classes.
     */
    public static ConfigOverride[] standalone(String propertyPrefix, RedisNode node, ConfigOverride... more) {
        return withMore(
                List.of(
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.type", "redis"),
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.mode", "standalone"),
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.addresses", node.address())),
                more);
    }

    /** Returns overrides for a Cluster reached through all of its nodes, under a system-property prefix. */
    public static ConfigOverride[] cluster(String propertyPrefix, List<RedisNode> nodes, ConfigOverride... more) {
        return withMore(
                List.of(
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.type", "redis"),
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.mode", "cluster"),
                        ConfigOverride.config(propertyPrefix, "rateLimit.store.addresses", addresses(nodes))),
                more);
    }

    /** Returns overrides for a primary found through the setup's Sentinels. */
    public static ConfigOverride[] sentinel(RedisFixture.SentinelSetup setup, ConfigOverride... more) {
        return withMore(
                List.of(
                        ConfigOverride.config("rateLimit.store.type", "redis"),
                        ConfigOverride.config("rateLimit.store.mode", "sentinel"),
                        ConfigOverride.config("rateLimit.store.masterName", setup.masterName()),
                        ConfigOverride.config("rateLimit.store.addresses", addresses(setup.sentinels()))),
                more);
    }

    /** Joins the nodes' addresses with commas, the form the store accepts in one override. */
    private static String addresses(List<RedisNode> nodes) {
        return String.join(",", nodes.stream().map(RedisNode::address).toList());
    }

    private static ConfigOverride[] withMore(List<ConfigOverride> overrides, ConfigOverride... more) {
        List<ConfigOverride> all = new ArrayList<>(overrides);
        all.addAll(List.of(more));
        return all.toArray(ConfigOverride[]::new);
    }
}
