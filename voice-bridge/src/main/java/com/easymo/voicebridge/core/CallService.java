package com.easymo.voicebridge.core;

import com.easymo.voicebridge.provider.ProviderCall;
import com.easymo.voicebridge.provider.SignatureCheck;
import com.easymo.voicebridge.provider.TelephonyProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Places outbound calls through the telephony provider and reports their current status. */
public final class CallService {

    private static final Logger LOGGER = LoggerFactory.getLogger(CallService.class);

    private final TelephonyProvider provider;
    private final CallStore store;
    private final Clock clock;

    /** Creates a service that places calls through {@code provider} and keeps them in {@code store}. */
    public CallService(TelephonyProvider provider, CallStore store, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Places a call from a SIP URI to an E.164 number and returns it with its status right after placing. */
    public CallSnapshot place(String to, String from) {
        UUID id = UUID.randomUUID();
        ProviderCall providerCall = provider.placeCall(id, to, from);
        Call call = new Call(id, to, from, clock.instant(), providerCall);
        store.add(call);
        LOGGER.info(
                "Placed outbound call: callId={} providerCallId={} to={}",
                call.id(),
                providerCall.providerCallId(),
                PhoneNumbers.mask(to));
        return snapshot(call);
    }

    /** Returns the call with its current status, or empty when no stored call has the ID. */
    public Optional<CallSnapshot> find(UUID id) {
        return store.find(id).map(this::snapshot);
    }

    /**
     * Checks the provider's signature on a status callback for the call with the given ID, known or not.
     *
     * @param parameters every POST parameter of the callback, decoded
     * @param signature the callback's signature header, or {@code null} when it is absent
     */
    public SignatureCheck checkCallbackSignature(UUID id, Map<String, List<String>> parameters, String signature) {
        return provider.checkCallbackSignature(id, parameters, signature);
    }

    /**
     * Records a status that the provider posted for a call.
     *
     * @param id this service's ID of the call
     * @param providerCallId the provider's ID of the call, which must match the one stored with the call
     * @param status the new status
     */
    public StatusUpdate updateStatus(UUID id, String providerCallId, CallStatus status) {
        if (!provider.takesStatusCallbacks()) {
            return StatusUpdate.NOT_SUPPORTED;
        }
        Optional<Call> call = store.find(id);
        if (call.isEmpty()) {
            return StatusUpdate.CALL_NOT_FOUND;
        }
        if (!call.get().providerCall().providerCallId().equals(providerCallId)) {
            return StatusUpdate.PROVIDER_CALL_MISMATCH;
        }

        provider.recordStatus(call.get().providerCall(), status);
        LOGGER.debug("Recorded call status from the provider: callId={} status={}", id, status.value());
        return StatusUpdate.ACCEPTED;
    }

    private CallSnapshot snapshot(Call call) {
        return new CallSnapshot(call, provider.fetchStatus(call.providerCall()));
    }
}
