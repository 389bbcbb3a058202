package com.easymo.voicebridge.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Stages of an outbound call. The first four are declared in the order a call passes through them; {@code completed}
 * and the statuses after it are final, and a call reaches exactly one of them.
 *
 * <p>The values are the status names of Twilio's voice API, which HTTP telephony providers send.
 */
public enum CallStatus {
    /** The provider has accepted the call but not yet dialled. */
    QUEUED("queued"),
    /** The callee's phone is ringing. */
    RINGING("ringing"),
    /** The callee answered and the call is connected. */
    IN_PROGRESS("in-progress"),
    /** The call has ended after it was answered. */
    COMPLETED("completed"),
    /** The callee's line was busy. */
    BUSY("busy"),
    /** The callee did not answer. */
    NO_ANSWER("no-answer"),
    /** The provider could not place the call. */
    FAILED("failed"),
    /** The call was cancelled before it was answered. */
    CANCELED("canceled");

    /** Twilio's status of a call that the provider is starting to dial, which this service reports as queued. */
    private static final String INITIATED = "initiated";

    private final String value;

    CallStatus(String value) {
        this.value = value;
    }

    /** Returns the name used in JSON, such as {@code in-progress}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** Returns whether the call has ended, so its status no longer changes. */
    public boolean isFinal() {
        return compareTo(COMPLETED) >= 0;
    }

    /**
     * Returns the status with the given name, such as {@code in-progress}, or empty for an unknown name. The
     * provider's {@code initiated} is returned as {@link #QUEUED}.
     */
    public static Optional<CallStatus> fromValue(String value) {
        if (INITIATED.equals(value)) {
            return Optional.of(QUEUED);
        }
        return Arrays.stream(values())
                .filter(status -> status.value.equals(value))
                .findFirst();
    }
}
