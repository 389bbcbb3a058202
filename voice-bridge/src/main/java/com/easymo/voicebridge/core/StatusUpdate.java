package com.easymo.voicebridge.core;

/** Outcome of a status callback for one call. */
public enum StatusUpdate {
    /** The status was accepted. A status older than the call's current one is accepted but changes nothing. */
    ACCEPTED,
    /** No stored call has the ID. */
    CALL_NOT_FOUND,
    /** The provider's call ID in the callback differs from the one stored with the call. */
    PROVIDER_CALL_MISMATCH,
    /** The provider derives statuses itself and takes no callbacks. */
    NOT_SUPPORTED
}
