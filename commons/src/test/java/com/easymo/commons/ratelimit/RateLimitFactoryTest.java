package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitFactoryTest {

    private final YamlConfigurationFactory<RateLimitFactory> factory = new YamlConfigurationFactory<>(
            RateLimitFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void parsesFullBlock() throws Exception {
        RateLimitFactory config = factory.build(new ResourceConfigurationSourceProvider(), "ratelimit-block.yml");

        assertThat(config.isEnabled()).isTrue();
        assertThat(config.globalPolicy())
                .isEqualTo(new RateLimitPolicy("global", 100, Duration.ofMinutes(15), KeyType.IP));
        assertThat(config.namedPolicies().get("outbound-calls"))
                .isEqualTo(new RateLimitPolicy("outbound-calls", 10, Duration.ofMinutes(1), KeyType.IP));
        assertThat(config.namedPolicies().get("per-user"))
                .isEqualTo(new RateLimitPolicy("per-user", 5, Duration.ofSeconds(30), KeyType.USER));
        assertThat(config.getTrustedProxies()).containsExactly("10.0.0.0/8", "127.0.0.1");
        assertThat(config.getIpv6PrefixLength()).isEqualTo(56);
        assertThat(config.getStore()).isInstanceOf(MemoryStoreFactory.class);
        assertThat(((MemoryStoreFactory) config.getStore()).getMaxBuckets()).isEqualTo(5000);
        assertThat(((MemoryStoreFactory) config.getStore()).getCleanupInterval().toSeconds())
                .isEqualTo(30);
    }

    @Test
    void defaultsMatchDocumentation() throws Exception {
        RateLimitFactory config = parse("enabled: true\n");

        assertThat(config.globalPolicy())
                .isEqualTo(new RateLimitPolicy("global", 100, Duration.ofMinutes(15), KeyType.IP));
        assertThat(config.namedPolicies()).isEmpty();
        assertThat(config.getTrustedProxies()).isEmpty();
        assertThat(config.getIpv6PrefixLength()).isEqualTo(64);
        assertThat(((MemoryStoreFactory) config.getStore()).getMaxBuckets()).isEqualTo(100_000);
        assertThat(((MemoryStoreFactory) config.getStore()).getCleanupInterval().toMinutes())
                .isEqualTo(1);
    }

    @Test
    void rejectsWindowShorterThanOneSecond() {
        assertThatThrownBy(() -> parse("global:\n  window: 0s\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("global.window must be greater than or equal to 1 SECONDS");
    }

    @Test
    void rejectsZeroCapacity() {
        assertThatThrownBy(() -> parse("policies:\n  calls:\n    capacity: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("capacity must be greater than or equal to 1");
    }

    @Test
    void rejectsUnknownKeyType() {
        assertThatThrownBy(() -> parse("global:\n  keyType: cookie\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("keyType");
    }

    @Test
    void rejectsInvalidTrustedProxy() {
        assertThatThrownBy(() -> parse("trustedProxies: [10.0.0.0/8, proxy.example.com]\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid trusted proxy 'proxy.example.com'");
    }

    @Test
    void rejectsIpv6PrefixOutOfRange() {
        assertThatThrownBy(() -> parse("ipv6PrefixLength: 129\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ipv6PrefixLength must be less than or equal to 128");
    }

    @Test
    void rejectsPolicyNamedGlobal() {
        assertThatThrownBy(() -> parse("policies:\n  global:\n    capacity: 5\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("policies must have names of lowercase letters");
    }

    @Test
    void rejectsCleanupIntervalOverFiveMinutes() {
        assertThatThrownBy(() -> parse("store:\n  type: memory\n  cleanupInterval: 6m\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("store.cleanupInterval must be less than or equal to 5 MINUTES");
    }

    @Test
    void rejectsUnknownStoreType() {
        assertThatThrownBy(() -> parse("store:\n  type: carrier-pigeon\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("carrier-pigeon");
    }

    private RateLimitFactory parse(String yaml) throws Exception {
        return factory.build(
                path -> (InputStream) new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }
}
