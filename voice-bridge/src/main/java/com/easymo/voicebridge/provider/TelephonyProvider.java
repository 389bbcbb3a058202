package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.commons.credentials.ReloadableCredential;
import com.easymo.voicebridge.core.CallStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
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

    /**
     * Checks the provider's signature on a status callback before the callback is read.
     *
     * @param callId the call ID in the callback's path
     * @param parameters every POST parameter of the callback, decoded
     * @param signature the signature header of the callback, or {@code null} when it is absent
     * @return {@link SignatureCheck#NOT_CHECKED} from providers that take no callbacks, as the default does
     */
    default SignatureCheck checkCallbackSignature(UUID callId, Map<String, List<String>> parameters, String signature) {
        return SignatureCheck.NOT_CHECKED;
    }

    /**
     * Returns the credential that the {@code reload-credentials} admin task can replace without a restart, or empty
     * when the provider reads its secrets only at startup.
     */
    default Optional<ReloadableCredential> reloadableCredential() {
        return Optional.empty();
    }

    /** Returns the circuit breaker that guards calls to the provider, or empty when the provider needs none. */
    default Optional<CircuitBreaker> circuitBreaker() {
        return Optional.empty();
    }

    /** Checks whether the provider can accept calls, for the {@code telephony} health check. */
    HealthCheck.Result checkHealth();
}
