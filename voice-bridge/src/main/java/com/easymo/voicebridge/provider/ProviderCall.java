package com.easymo.voicebridge.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * Telephony provider's reference to a call it accepted.
 *
 * @param providerCallId the provider's own ID for the call
 * @param placedAt when the provider accepted the call
 */
public record ProviderCall(String providerCallId, Instant placedAt) {

    /** Creates a reference after checking that both components are present. */
    public ProviderCall {
        Objects.requireNonNull(providerCallId, "providerCallId");
        Objects.requireNonNull(placedAt, "placedAt");
    }
}
