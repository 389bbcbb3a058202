package com.easymo.commons.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Builds the circuit breakers of a service from its configuration and logs their state changes.
 *
 * <p>Each state change of a breaker in the registry is logged once, with the key-value pairs {@code event},
 * {@code breaker}, {@code fromState} and {@code toState}, which the message text repeats:
 *
 * <ul>
 *   <li>WARN {@code CIRCUIT_BREAKER_OPENED} when a breaker opens or is forced open, with its failure and slow call
 *       rates in percent ({@code -1} while the window contains fewer than {@code minimumNumberOfCalls} calls);
 *   <li>INFO {@code CIRCUIT_BREAKER_CLOSED} when it closes;
 *   <li>DEBUG {@code CIRCUIT_BREAKER_HALF_OPEN} when it starts letting trial calls through;
 *   <li>INFO {@code CIRCUIT_BREAKER_STATE_CHANGED} when it is disabled or switched to metrics only.
 * </ul>
 */
public final class CircuitBreakers {

    private static final Logger LOGGER = LoggerFactory.getLogger(CircuitBreakers.class);

    private CircuitBreakers() {}

    /**
     * Builds a registry that contains one breaker per configured name and records every exception as a failure.
     *
     * @see #build(Map, Clock, Map)
     */
    public static CircuitBreakerRegistry build(Map<String, CircuitBreakerFactory> breakers, Clock clock) {
        return build(breakers, clock, Map.of());
    }

    /**
     * Builds a registry that contains one breaker per configured name.
     *
     * <p>A breaker that is later requested from the registry under a name that is not configured gets the defaults
     * documented in {@link CircuitBreakerFactory}, records every exception and is logged the same way.
     *
     * @param breakers the configured breakers, by name
     * @param clock the clock that measures the open state and {@code time} windows
     * @param recordExceptions for each breaker name, the predicate that returns {@code true} for an exception that
     *     counts as a failure; a breaker without one records every exception
     * @throws IllegalArgumentException if {@code recordExceptions} names a breaker that is not configured
     */
    public static CircuitBreakerRegistry build(
            Map<String, CircuitBreakerFactory> breakers,
            Clock clock,
            Map<String, Predicate<Throwable>> recordExceptions) {
        Objects.requireNonNull(breakers, "breakers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(recordExceptions, "recordExceptions");
        rejectUnknownNames(breakers, recordExceptions);

        CircuitBreakerConfig defaults = new CircuitBreakerFactory().toConfig(exception -> true, clock);
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.custom()
                .withCircuitBreakerConfig(defaults)
                .addRegistryEventConsumer(new StateChangeLogging())
                .build();

        breakers.forEach((name, factory) -> {
            Predicate<Throwable> recordException = recordExceptions.getOrDefault(name, exception -> true);
            registry.circuitBreaker(name, factory.toConfig(recordException, clock));
        });
        return registry;
    }

    private static void rejectUnknownNames(
            Map<String, CircuitBreakerFactory> breakers, Map<String, Predicate<Throwable>> recordExceptions) {
        Set<String> unknown = new TreeSet<>(recordExceptions.keySet());
        unknown.removeAll(breakers.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("recordExceptions names circuit breakers that are not configured: "
                    + unknown + ". Configured breakers: " + new TreeSet<>(breakers.keySet()));
        }
    }

    private static void logStateChange(CircuitBreaker breaker, State fromState, State toState) {
        if (fromState == toState) {
            return;
        }

        switch (toState) {
            case OPEN, FORCED_OPEN -> logOpened(breaker, fromState, toState);
            case CLOSED -> logChange(Level.INFO, "CIRCUIT_BREAKER_CLOSED", breaker, fromState, toState);
            case HALF_OPEN -> logChange(Level.DEBUG, "CIRCUIT_BREAKER_HALF_OPEN", breaker, fromState, toState);
            default -> logChange(Level.INFO, "CIRCUIT_BREAKER_STATE_CHANGED", breaker, fromState, toState);
        }
    }

    private static void logOpened(CircuitBreaker breaker, State fromState, State toState) {
        float failureRate = breaker.getMetrics().getFailureRate();
        float slowCallRate = breaker.getMetrics().getSlowCallRate();

        withStateFields(LOGGER.atWarn(), "CIRCUIT_BREAKER_OPENED", breaker, fromState, toState)
                .addKeyValue("failureRate", failureRate)
                .addKeyValue("slowCallRate", slowCallRate)
                .log(
                        "CIRCUIT_BREAKER_OPENED breaker={} fromState={} toState={} failureRate={} slowCallRate={}",
                        breaker.getName(),
                        fromState,
                        toState,
                        failureRate,
                        slowCallRate);
    }

    private static void logChange(Level level, String event, CircuitBreaker breaker, State fromState, State toState) {
        withStateFields(LOGGER.atLevel(level), event, breaker, fromState, toState)
                .log(event + " breaker={} fromState={} toState={}", breaker.getName(), fromState, toState);
    }

    private static LoggingEventBuilder withStateFields(
            LoggingEventBuilder builder, String event, CircuitBreaker breaker, State fromState, State toState) {
        return builder.addKeyValue("event", event)
                .addKeyValue("breaker", breaker.getName())
                .addKeyValue("fromState", fromState.name())
                .addKeyValue("toState", toState.name());
    }

    /** Subscribes the state-change log to every breaker that enters the registry. */
    private static final class StateChangeLogging implements RegistryEventConsumer<CircuitBreaker> {

        @Override
        public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> event) {
            subscribe(event.getAddedEntry());
        }

        @Override
        public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> event) {
            // The subscription belongs to the removed breaker, so nothing needs undoing.
        }

        @Override
        public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> event) {
            subscribe(event.getNewEntry());
        }

        private static void subscribe(CircuitBreaker breaker) {
            breaker.getEventPublisher()
                    .onStateTransition(transition -> logStateChange(
                            breaker,
                            transition.getStateTransition().getFromState(),
                            transition.getStateTransition().getToState()));
        }
    }
}
