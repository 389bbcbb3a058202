package com.easymo.voicebridge.api;

import com.easymo.voicebridge.core.CallSnapshot;
import com.easymo.voicebridge.core.CallStatus;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.UUID;

/**
 * Body of the responses of {@code POST /calls/outbound} and {@code GET /calls/{callId}}.
 *
 * @param callId ID of the call, for {@code GET /calls/{callId}}
 * @param status current stage of the call
 * @param to callee's phone number
 * @param from caller's SIP URI
 * @param createdAt when the call was placed, as an ISO-8601 instant in UTC such as {@code 2026-01-05T10:15:30Z}
 */
public record CallResponse(
        UUID callId,
        CallStatus status,
        String to,
        String from,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt) {

    /** Creates the response for a call snapshot. */
    public static CallResponse from(CallSnapshot snapshot) {
        return new CallResponse(
                snapshot.call().id(),
                snapshot.status(),
                snapshot.call().to(),
                snapshot.call().from(),
                snapshot.call().createdAt());
    }
}
