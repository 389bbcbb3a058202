package com.easymo.voicebridge.provider;

/** Outcome of checking the provider's signature on a status callback. */
public enum SignatureCheck {
    /** The signature matches one of the accepted auth tokens. */
    VALID,

    /** The signature was not checked: the provider takes no callbacks, or checking is switched off. */
    NOT_CHECKED,

    /** The callback carries no signature. */
    MISSING,

    /** The signature matches none of the accepted auth tokens. */
    INVALID
}
