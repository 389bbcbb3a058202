package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.voicebridge.core.CallStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Provider that places no real calls. A call's status follows only from the time elapsed since it was placed.
 *
 * <p>It keeps no state, because the placing time travels in the {@link ProviderCall}, so it never fills up.
 */
final class SimulatedTelephonyProvider implements TelephonyProvider {

    private static final String CALL_ID_PREFIX = "sim-";

    private final Clock clock;
    private final Duration ringingAfter;
    private final Duration answeredAfter;
    private final Duration completedAfter;

    /** Creates a provider whose calls ring, are answered and complete after the given delays. */
    SimulatedTelephonyProvider(Clock clock, Duration ringingAfter, Duration answeredAfter, Duration completedAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ringingAfter = Objects.requireNonNull(ringingAfter, "ringingAfter");
        this.answeredAfter = Objects.requireNonNull(answeredAfter, "answeredAfter");
        this.completedAfter = Objects.requireNonNull(completedAfter, "completedAfter");
    }

    @Override
    public ProviderCall placeCall(UUID callId, String to, String from) {
        return new ProviderCall(CALL_ID_PREFIX + UUID.randomUUID(), clock.instant());
    }

    @Override
    public CallStatus fetchStatus(ProviderCall call) {
        Duration elapsed = Duration.between(call.placedAt(), clock.instant());
        if (elapsed.compareTo(completedAfter) >= 0) {
            return CallStatus.COMPLETED;
        }
        if (elapsed.compareTo(answeredAfter) >= 0) {
            return CallStatus.IN_PROGRESS;
        }
        if (elapsed.compareTo(ringingAfter) >= 0) {
            return CallStatus.RINGING;
        }
        return CallStatus.QUEUED;
    }

    @Override
    public HealthCheck.Result checkHealth() {
        return HealthCheck.Result.healthy("simulated provider, no external service");
    }
}
