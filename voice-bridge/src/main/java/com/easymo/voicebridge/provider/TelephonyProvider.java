package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.voicebridge.core.CallStatus;

/**
 * External service that dials phone numbers.
 *
 * <p>The simulated provider derives statuses from the elapsed time. A provider that calls a real telephony API
 * implements the same interface.
 */
public interface TelephonyProvider {

    /**
     * Asks the provider to call {@code to}, an E.164 number, from {@code from}, a SIP URI, and returns the provider's
     * reference to the call.
     */
    ProviderCall placeCall(String to, String from);

    /** Fetches the current status of a call that {@link #placeCall} returned. */
    CallStatus fetchStatus(ProviderCall call);

    /** Checks whether the provider can accept calls, for the {@code telephony} health check. */
    HealthCheck.Result checkHealth();
}
