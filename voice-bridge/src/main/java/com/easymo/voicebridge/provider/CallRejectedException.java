package com.easymo.voicebridge.provider;

import java.util.Optional;

/**
 * The telephony provider rejected a call with a 4xx status because of the call itself, such as a number that it
 * cannot dial. A retry of the same call would be rejected again.
 */
public class CallRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int providerStatus;
    private final String providerCode;

    /**
     * Creates the exception.
     *
     * @param providerStatus the HTTP status of the provider's response
     * @param providerCode the provider's error code, such as {@code invalid_number}, or {@code null} when its
     *     response carried none that is safe to show to clients
     */
    public CallRejectedException(int providerStatus, String providerCode) {
        super("Telephony provider rejected the call with status " + providerStatus + " and code " + providerCode);
        this.providerStatus = providerStatus;
        this.providerCode = providerCode;
    }

    /** Returns the HTTP status of the provider's response. */
    public int getProviderStatus() {
        return providerStatus;
    }

    /** Returns the provider's error code, or empty when its response carried none that is safe to show. */
    public Optional<String> getProviderCode() {
        return Optional.ofNullable(providerCode);
    }
}
