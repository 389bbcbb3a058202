package com.easymo.voicebridge.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** Stages of an outbound call, declared in the order a call passes through them. */
public enum CallStatus {
    /** The provider has accepted the call but not yet dialled. */
    QUEUED("queued"),
    /** The callee's phone is ringing. */
    RINGING("ringing"),
    /** The callee answered and the call is connected. */
    IN_PROGRESS("in-progress"),
    /** The call has ended. */
    COMPLETED("completed");

    private final String value;

    CallStatus(String value) {
        this.value = value;
    }

    /** Returns the name used in JSON, such as {@code in-progress}. */
    @JsonValue
    public String value() {
        return value;
    }
}
