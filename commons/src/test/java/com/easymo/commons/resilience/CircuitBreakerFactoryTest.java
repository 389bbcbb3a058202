package com.easymo.commons.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerFactoryTest {

    private final YamlConfigurationFactory<CircuitBreakerFactory> factory = new YamlConfigurationFactory<>(
            CircuitBreakerFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void parsesFullBlock() throws Exception {
        CircuitBreakerFactory breaker =
                factory.build(new ResourceConfigurationSourceProvider(), "resilience/circuit-breaker-block.yml");

        CircuitBreakerConfig config = breaker.toConfig();

        assertThat(config.getFailureRateThreshold()).isEqualTo(40f);
        assertThat(config.getSlowCallRateThreshold()).isEqualTo(80f);
        assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(60);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(45_000L);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
        assertThat(config.getMaxWaitDurationInHalfOpenState()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void defaultsMatchDocumentation() throws Exception {
        CircuitBreakerFactory breaker = parse("{}\n");

        CircuitBreakerConfig config = breaker.toConfig();

        assertThat(breaker.getSlidingWindowType()).isEqualTo(SlidingWindowType.COUNT);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getSlowCallRateThreshold()).isEqualTo(100f);
        assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
        assertThat(config.getMaxWaitDurationInHalfOpenState()).isEqualTo(Duration.ZERO);
    }

    @Test
    void toConfigRecordsEveryExceptionByDefault() throws Exception {
        CircuitBreakerConfig config = parse("{}\n").toConfig();

        assertThat(config.getRecordExceptionPredicate().test(new IOException("connection reset")))
                .isTrue();
        assertThat(config.getRecordExceptionPredicate().test(new IllegalStateException("bad response")))
                .isTrue();
    }

    @Test
    void toConfigUsesCallersFailurePredicateAndClock() throws Exception {
        Clock clock = Clock.systemUTC();

        CircuitBreakerConfig config = parse("{}\n").toConfig(IOException.class::isInstance, clock);

        assertThat(config.getRecordExceptionPredicate().test(new IOException("connection reset")))
                .isTrue();
        assertThat(config.getRecordExceptionPredicate().test(new IllegalArgumentException("invalid number")))
                .isFalse();
        assertThat(config.getClock()).isSameAs(clock);
    }

    @Test
    void rejectsFailureRateThresholdOver100() {
        assertThatThrownBy(() -> parse("failureRateThreshold: 101\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("failureRateThreshold must be less than or equal to 100");
    }

    @Test
    void rejectsZeroFailureRateThreshold() {
        assertThatThrownBy(() -> parse("failureRateThreshold: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("failureRateThreshold must be greater than or equal to 1");
    }

    @Test
    void rejectsSlowCallRateThresholdOver100() {
        assertThatThrownBy(() -> parse("slowCallRateThreshold: 150\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("slowCallRateThreshold must be less than or equal to 100");
    }

    @Test
    void rejectsZeroSlidingWindowSize() {
        assertThatThrownBy(() -> parse("slidingWindowSize: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("slidingWindowSize must be greater than or equal to 1");
    }

    @Test
    void rejectsZeroMinimumNumberOfCalls() {
        assertThatThrownBy(() -> parse("minimumNumberOfCalls: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("minimumNumberOfCalls must be greater than or equal to 1");
    }

    @Test
    void rejectsOpenStateWaitUnderOneSecond() {
        assertThatThrownBy(() -> parse("waitDurationInOpenState: 500ms\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("waitDurationInOpenState must be greater than or equal to 1 SECONDS");
    }

    @Test
    void rejectsZeroPermittedCallsInHalfOpenState() {
        assertThatThrownBy(() -> parse("permittedNumberOfCallsInHalfOpenState: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("permittedNumberOfCallsInHalfOpenState must be greater than or equal to 1");
    }

    @Test
    void rejectsZeroSlowCallDurationThreshold() {
        assertThatThrownBy(() -> parse("slowCallDurationThreshold: 0s\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("slowCallDurationThreshold must be greater than or equal to 1 MILLISECONDS");
    }

    @Test
    void rejectsUnknownSlidingWindowType() {
        assertThatThrownBy(() -> parse("slidingWindowType: hourly\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("slidingWindowType");
    }

    @Test
    void rejectsCountWindowBelowMinimumCalls() {
        assertThatThrownBy(() -> parse("slidingWindowSize: 5\nminimumNumberOfCalls: 10\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "minimumNumberOfCalls must be less than or equal to slidingWindowSize for a count window");
    }

    @Test
    void acceptsTimeWindowBelowMinimumCalls() throws Exception {
        CircuitBreakerFactory breaker =
                parse("slidingWindowType: time\nslidingWindowSize: 5\nminimumNumberOfCalls: 10\n");

        assertThat(breaker.getSlidingWindowType()).isEqualTo(SlidingWindowType.TIME);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
    }

    private CircuitBreakerFactory parse(String yaml) throws Exception {
        return factory.build(
                path -> (InputStream) new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }
}
