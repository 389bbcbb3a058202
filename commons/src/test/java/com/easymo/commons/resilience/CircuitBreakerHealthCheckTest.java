package com.easymo.commons.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import com.easymo.commons.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerHealthCheckTest {

    private final CircuitBreaker breaker = CircuitBreaker.of("telephony", CircuitBreakerConfig.ofDefaults());
    private final CircuitBreakerHealthCheck healthCheck = new CircuitBreakerHealthCheck(breaker);

    @Test
    void healthyWhileClosed() {
        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is CLOSED");
        assertThat(result.getDetails()).containsEntry("breaker", "telephony").containsEntry("state", "CLOSED");
    }

    @Test
    void unhealthyWhileOpen() {
        breaker.transitionToOpenState();

        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is OPEN");
        assertThat(result.getDetails()).containsEntry("state", "OPEN");
    }

    @Test
    void unhealthyWhileForcedOpen() {
        breaker.transitionToForcedOpenState();

        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is FORCED_OPEN");
    }

    @Test
    void healthyWhileHalfOpen() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is HALF_OPEN");
    }

    @Test
    void healthyWhileDisabled() {
        breaker.transitionToDisabledState();

        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is DISABLED");
    }

    @Test
    void healthyWhileMetricsOnly() {
        breaker.transitionToMetricsOnlyState();

        Result result = healthCheck.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("Circuit breaker 'telephony' is METRICS_ONLY");
    }

    @Test
    void staysUnhealthyAfterWaitDurationUntilNextCall() {
        MutableClock clock = MutableClock.startingAt2026();
        CircuitBreakerFactory factory = new CircuitBreakerFactory();
        factory.setSlidingWindowSize(2);
        factory.setMinimumNumberOfCalls(2);
        CircuitBreaker idle =
                CircuitBreakers.build(Map.of("telephony", factory), clock).circuitBreaker("telephony");
        CircuitBreakerHealthCheck idleCheck = new CircuitBreakerHealthCheck(idle);
        idle.onError(10, TimeUnit.MILLISECONDS, new IllegalStateException("provider returned 503"));
        idle.onError(10, TimeUnit.MILLISECONDS, new IllegalStateException("provider returned 503"));
        clock.advance(Duration.ofSeconds(31));

        Result beforeCall = idleCheck.execute();
        boolean permitted = idle.tryAcquirePermission();
        Result afterCall = idleCheck.execute();

        assertThat(beforeCall.isHealthy()).isFalse();
        assertThat(permitted).isTrue();
        assertThat(afterCall.isHealthy()).isTrue();
        assertThat(afterCall.getMessage()).isEqualTo("Circuit breaker 'telephony' is HALF_OPEN");
    }
}
