package com.easymo.commons.resilience;

import com.codahale.metrics.health.HealthCheck;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.Objects;

/**
 * Reports one circuit breaker: unhealthy while it is {@code OPEN} or {@code FORCED_OPEN}, healthy in every other
 * state.
 *
 * <p>NOTE: a breaker leaves {@code OPEN} on the first call attempted after {@code waitDurationInOpenState}, not when
 * that time passes, so a breaker whose client makes no calls stays unhealthy until it makes one.
 */
public class CircuitBreakerHealthCheck extends HealthCheck {

    private final CircuitBreaker breaker;

    public CircuitBreakerHealthCheck(CircuitBreaker breaker) {
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    @Override
    protected Result check() {
        State state = breaker.getState();
        ResultBuilder result =
                isOpen(state) ? Result.builder().unhealthy() : Result.builder().healthy();

        return result.withMessage("Circuit breaker '%s' is %s", breaker.getName(), state)
                .withDetail("breaker", breaker.getName())
                .withDetail("state", state.name())
                .build();
    }

    private static boolean isOpen(State state) {
        return state == State.OPEN || state == State.FORCED_OPEN;
    }
}
