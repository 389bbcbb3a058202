package com.easymo.voicebridge.core;

import com.easymo.voicebridge.provider.ProviderCall;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Outbound call that this service placed.
 *
 * @param id ID that clients use in {@code /calls/{id}}
 * @param to callee's phone number in E.164 form
 * @param from caller's SIP URI
 * @param createdAt when the call was placed
 * @param providerCall the telephony provider's reference to the call
 */
public record Call(UUID id, String to, String from, Instant createdAt, ProviderCall providerCall) {

    /** Creates a call after checking that every component is present. */
    public Call {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(providerCall, "providerCall");
    }
}
