package com.easymo.commons.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.ratelimit.StoreFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreFactoryTest {

    private final YamlConfigurationFactory<StoreFactory> yaml = new YamlConfigurationFactory<>(
            StoreFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void parsesEveryKey() throws Exception {
        RedisStoreFactory factory = (RedisStoreFactory) load("ratelimit/redis-sentinel.yml");

        assertThat(factory.getMode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(factory.getAddresses()).containsExactly("127.0.0.1:26379", "127.0.0.1:26380");
        assertThat(factory.getMasterName()).isEqualTo("limiter");
        assertThat(factory.getDatabase()).isEqualTo(2);
        assertThat(factory.getUserVariable()).isEqualTo("LIMITER_REDIS_USER");
        assertThat(factory.getPasswordVariable()).isEqualTo("LIMITER_REDIS_PASSWORD");
        assertThat(factory.isTls()).isTrue();
        assertThat(factory.getConnectTimeout()).isEqualTo(Duration.milliseconds(100));
        assertThat(factory.getSocketTimeout()).isEqualTo(Duration.milliseconds(150));
        assertThat(factory.getPoolSize()).isEqualTo(8);
        assertThat(factory.getKeyPrefix()).isEqualTo("rl");
        assertThat(factory.getOnFailure()).isEqualTo(FailureMode.DENY);
        assertThat(factory.getLocalMaxBuckets()).isEqualTo(5000);
        assertThat(factory.getCircuitBreaker().getFailureRateThreshold()).isEqualTo(40);
        assertThat(factory.getCircuitBreaker().getWaitDurationInOpenState()).isEqualTo(Duration.seconds(2));
    }

    @Test
    void defaultsSuitStandaloneServerOnLoopback() {
        RedisStoreFactory factory = new RedisStoreFactory();

        assertThat(factory.getMode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(factory.getAddresses()).containsExactly("127.0.0.1:6379");
        assertThat(factory.getOnFailure()).isEqualTo(FailureMode.LOCAL);
        assertThat(factory.getSocketTimeout()).isEqualTo(Duration.milliseconds(250));
        assertThat(factory.getCircuitBreaker().getWaitDurationInOpenState()).isEqualTo(Duration.seconds(5));
        assertThat(factory.getCircuitBreaker().getMinimumNumberOfCalls()).isEqualTo(5);
    }

    @Test
    void sentinelNeedsMasterName() {
        assertThatThrownBy(() -> load("ratelimit/redis-sentinel-without-master.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("masterNameValid must be set in sentinel mode");
    }

    @Test
    void clusterNeedsDatabaseZero() {
        assertThatThrownBy(() -> load("ratelimit/redis-cluster-database.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("databaseValid must be 0 in cluster mode");
    }

    private StoreFactory load(String resource) throws Exception {
        return yaml.build(new ResourceConfigurationSourceProvider(), resource);
    }
}
