package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Maps a request body over {@code requests.maxBodySize} to 413 {@code payload_too_large}. */
final class PayloadTooLargeExceptionMapper implements ExceptionMapper<PayloadTooLargeException> {

    @Override
    public Response toResponse(PayloadTooLargeException exception) {
        return response(exception.getMaxBytes());
    }

    /** Builds the 413 response whose message names the limit in bytes. */
    static Response response(long maxBytes) {
        String message = "The request body is larger than the limit of " + maxBytes + " bytes.";
        return ErrorResponses.build(413, ErrorResponse.of(ErrorCodes.PAYLOAD_TOO_LARGE, message));
    }
}
