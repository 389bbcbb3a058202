package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.voicebridge.core.CallStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Optional;
import java.util.UUID;

/**
 * External service that dials phone numbers.
 *
 * <p>The simulated provider derives statuses from the elapsed time. The HTTP provider calls a Twilio-style REST API
 * and learns statuses from the callbacks that the API posts to {@code POST /calls/{callId}/status}.
 */
public interface TelephonyProvider {

    /**
     * Asks the provider to call {@code to}, an E.164 number, from {@code from}, a SIP URI, and returns the provider's
     * reference to the call.
     *
     * @param callId this service's ID of the call, which status callbacks carry in their path
     * @throws CallRejectedException if the provider rejected the request for a reason that lies in the call itself
     */
    ProviderCall placeCall(UUID callId, String to, String from);

    /** Returns the current status of a call that {@link #placeCall} returned. */
    CallStatus fetchStatus(ProviderCall call);

    /** Returns whether the provider learns statuses from callbacks; the simulated provider derives them itself. */
    default boolean takesStatusCallbacks() {
        return false;
    }

    /**
     * Records a status that the provider posted to the status callback.
     *
     * @throws UnsupportedOperationException if {@link #takesStatusCallbacks()} returns {@code false}
     */
    default void recordStatus(ProviderCall call, CallStatus status) {
        throw new UnsupportedOperationException("This telephony provider takes no status callbacks");
    }

    /** Returns the circuit breaker that guards calls to the provider, or empty when the provider needs none. */
    default Optional<CircuitBreaker> circuitBreaker() {
        return Optional.empty();
    }

    /** Checks whether the provider can accept calls, for the {@code telephony} health check. */
    HealthCheck.Result checkHealth();
}
