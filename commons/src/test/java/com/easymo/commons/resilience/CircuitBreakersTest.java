package com.easymo.commons.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class CircuitBreakersTest {

    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.startingAt2026();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = breakerLogger().getLevel();
        breakerLogger().setLevel(Level.DEBUG);
        logs.start();
        breakerLogger().addAppender(logs);
    }

    @AfterEach
    void stopCapturingLogs() {
        breakerLogger().detachAppender(logs);
        breakerLogger().setLevel(previousLevel);
    }

    @Test
    void staysClosedBelowMinimumNumberOfCalls() {
        CircuitBreaker breaker = telephony();

        failCalls(breaker, 3);

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void staysClosedBelowFailureRateThreshold() {
        CircuitBreaker breaker = telephony();

        succeedCalls(breaker, 3);
        failCalls(breaker, 1);

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void opensAtFailureRateThreshold() {
        CircuitBreaker breaker = telephony();

        succeedCalls(breaker, 2);
        failCalls(breaker, 2);

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void opensWhenShareOfSlowCallsReachesThreshold() {
        CircuitBreakerFactory factory = telephonyFactory();
        factory.setSlowCallRateThreshold(50);
        CircuitBreaker breaker =
                CircuitBreakers.build(Map.of("telephony", factory), clock).circuitBreaker("telephony");

        breaker.onSuccess(3, TimeUnit.SECONDS);
        breaker.onSuccess(3, TimeUnit.SECONDS);
        breaker.onSuccess(10, TimeUnit.MILLISECONDS);
        breaker.onSuccess(10, TimeUnit.MILLISECONDS);

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void rejectsCallsUntilWaitDurationHasPassed() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.minusMillis(1));

        assertThatThrownBy(() -> breaker.executeSupplier(() -> "ringing"))
                .isInstanceOf(CallNotPermittedException.class)
                .hasMessageContaining("telephony");
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void halfOpensOnFirstCallAfterWait() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        String result = breaker.executeSupplier(() -> "ringing");

        assertThat(result).isEqualTo("ringing");
        assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void closesAfterPermittedSuccessfulCalls() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        succeedCalls(breaker, 2);

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void opensAgainWhenTrialCallsFail() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        failCalls(breaker, 2);

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void countsOnlyExceptionsThatCallerRecords() {
        Predicate<Throwable> recordException = UncheckedIOException.class::isInstance;
        CircuitBreakerRegistry registry = CircuitBreakers.build(
                Map.of("telephony", telephonyFactory()), clock, Map.of("telephony", recordException));
        CircuitBreaker breaker = registry.circuitBreaker("telephony");

        for (int call = 0; call < 4; call++) {
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                        throw new IllegalArgumentException("invalid phone number");
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void rejectsFailurePredicateForUnconfiguredBreaker() {
        Map<String, Predicate<Throwable>> recordExceptions = Map.of("telefony", exception -> true);

        assertThatThrownBy(
                        () -> CircuitBreakers.build(Map.of("telephony", telephonyFactory()), clock, recordExceptions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not configured: [telefony]")
                .hasMessageContaining("Configured breakers: [telephony]");
    }

    @Test
    void unconfiguredBreakerGetsDocumentedDefaultsAndClock() {
        CircuitBreakerRegistry registry = CircuitBreakers.build(Map.of(), clock);

        CircuitBreaker breaker = registry.circuitBreaker("render-backend");

        assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(20);
        assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(breaker.getCircuitBreakerConfig().getClock()).isSameAs(clock);
    }

    @Test
    void buildsOneBreakerPerConfiguredName() {
        Map<String, CircuitBreakerFactory> breakers = new LinkedHashMap<>();
        breakers.put("telephony", telephonyFactory());
        breakers.put("llm", new CircuitBreakerFactory());

        CircuitBreakerRegistry registry = CircuitBreakers.build(breakers, clock);

        assertThat(registry.getAllCircuitBreakers())
                .extracting(CircuitBreaker::getName)
                .containsExactlyInAnyOrder("telephony", "llm");
        assertThat(registry.circuitBreaker("telephony")
                        .getCircuitBreakerConfig()
                        .getSlidingWindowSize())
                .isEqualTo(4);
    }

    @Test
    void logsWarnWhenBreakerOpens() {
        CircuitBreaker breaker = telephony();

        succeedCalls(breaker, 2);
        failCalls(breaker, 2);

        ILoggingEvent event = onlyEvent("CIRCUIT_BREAKER_OPENED");
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage())
                .isEqualTo("CIRCUIT_BREAKER_OPENED breaker=telephony fromState=CLOSED toState=OPEN failureRate=50.0"
                        + " slowCallRate=0.0");
        assertThat(fields(event))
                .containsEntry("event", "CIRCUIT_BREAKER_OPENED")
                .containsEntry("breaker", "telephony")
                .containsEntry("fromState", "CLOSED")
                .containsEntry("toState", "OPEN")
                .containsEntry("failureRate", 50.0f);
    }

    @Test
    void logsWarnWhenBreakerIsForcedOpen() {
        CircuitBreaker breaker = telephony();

        breaker.transitionToForcedOpenState();

        ILoggingEvent event = onlyEvent("CIRCUIT_BREAKER_OPENED");
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(fields(event)).containsEntry("fromState", "CLOSED").containsEntry("toState", "FORCED_OPEN");
        assertThat(event.getFormattedMessage())
                .startsWith("CIRCUIT_BREAKER_OPENED breaker=telephony fromState=CLOSED toState=FORCED_OPEN");
    }

    @Test
    void logsDebugWhenBreakerGoesHalfOpen() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        succeedCalls(breaker, 1);

        ILoggingEvent event = onlyEvent("CIRCUIT_BREAKER_HALF_OPEN");
        assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(event.getFormattedMessage())
                .isEqualTo("CIRCUIT_BREAKER_HALF_OPEN breaker=telephony fromState=OPEN toState=HALF_OPEN");
        assertThat(fields(event))
                .containsEntry("event", "CIRCUIT_BREAKER_HALF_OPEN")
                .containsEntry("breaker", "telephony")
                .containsEntry("fromState", "OPEN")
                .containsEntry("toState", "HALF_OPEN");
    }

    @Test
    void logsInfoWhenBreakerCloses() {
        CircuitBreaker breaker = openedTelephony();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        succeedCalls(breaker, 2);

        ILoggingEvent event = onlyEvent("CIRCUIT_BREAKER_CLOSED");
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getFormattedMessage())
                .isEqualTo("CIRCUIT_BREAKER_CLOSED breaker=telephony fromState=HALF_OPEN toState=CLOSED");
        assertThat(fields(event))
                .containsEntry("event", "CIRCUIT_BREAKER_CLOSED")
                .containsEntry("breaker", "telephony")
                .containsEntry("fromState", "HALF_OPEN")
                .containsEntry("toState", "CLOSED");
    }

    @Test
    void logsEachStateChangeOnce() {
        CircuitBreaker breaker = openedTelephony();
        failCalls(breaker, 3);
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        succeedCalls(breaker, 5);

        assertThat(logs.list)
                .extracting(event -> fields(event).get("event"))
                .containsExactly("CIRCUIT_BREAKER_OPENED", "CIRCUIT_BREAKER_HALF_OPEN", "CIRCUIT_BREAKER_CLOSED");
    }

    private CircuitBreaker telephony() {
        return CircuitBreakers.build(Map.of("telephony", telephonyFactory()), clock)
                .circuitBreaker("telephony");
    }

    private CircuitBreaker openedTelephony() {
        CircuitBreaker breaker = telephony();
        failCalls(breaker, 4);
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        return breaker;
    }

    private static CircuitBreakerFactory telephonyFactory() {
        CircuitBreakerFactory factory = new CircuitBreakerFactory();
        factory.setSlidingWindowSize(4);
        factory.setMinimumNumberOfCalls(4);
        factory.setWaitDurationInOpenState(io.dropwizard.util.Duration.seconds(WAIT_IN_OPEN_STATE.toSeconds()));
        factory.setPermittedNumberOfCallsInHalfOpenState(2);
        return factory;
    }

    /** Makes successful calls, or rejected ones where the breaker does not permit them. */
    private static void succeedCalls(CircuitBreaker breaker, int calls) {
        for (int call = 0; call < calls; call++) {
            try {
                breaker.executeRunnable(() -> {});
            } catch (CallNotPermittedException rejected) {
                // An open breaker rejects the call, which is what tests that keep calling expect.
            }
        }
    }

    /** Makes calls that fail with an I/O error, or rejected ones where the breaker does not permit them. */
    private static void failCalls(CircuitBreaker breaker, int calls) {
        for (int call = 0; call < calls; call++) {
            try {
                breaker.executeRunnable(() -> {
                    throw new UncheckedIOException(new IOException("connection reset"));
                });
            } catch (UncheckedIOException | CallNotPermittedException expected) {
                // The breaker rethrows the call's exception after recording it, or rejects the call while open.
            }
        }
    }

    private ILoggingEvent onlyEvent(String name) {
        List<ILoggingEvent> matching = logs.list.stream()
                .filter(event -> name.equals(fields(event).get("event")))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        pairs.forEach(pair -> fields.put(pair.key, pair.value));
        return fields;
    }

    private static Logger breakerLogger() {
        return (Logger) LoggerFactory.getLogger(CircuitBreakers.class);
    }
}
