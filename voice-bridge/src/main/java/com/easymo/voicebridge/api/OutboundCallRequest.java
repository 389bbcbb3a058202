package com.easymo.voicebridge.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /calls/outbound}.
 *
 * <p>Both fields are required JSON strings. The messages leave out the rejected value, because phone numbers and
 * SIP users are personal data.
 *
 * @param to callee's phone number in E.164 form: {@code +}, then 8 to 15 digits, the first of them not 0
 * @param from caller's SIP URI, as {@link SipUri} describes
 */
public record OutboundCallRequest(
        @NotNull(message = "is required")
        @Pattern(
                regexp = E164_PATTERN,
                message = "must be an E.164 phone number: + followed by 8 to 15 digits, the first not 0")
        String to,

        @NotNull(message = "is required") @SipUri String from) {

    /** Regular expression that {@code to} must match. */
    public static final String E164_PATTERN = "^\\+[1-9][0-9]{7,14}$";
}
