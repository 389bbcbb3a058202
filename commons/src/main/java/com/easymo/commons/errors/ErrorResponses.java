package com.easymo.commons.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds JAX-RS responses that carry an {@link ErrorResponse} as JSON. */
final class ErrorResponses {

    private ErrorResponses() {}

    /** Starts a response with the status, the JSON content type and the body, so callers can add headers. */
    static Response.ResponseBuilder builder(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }

    /** Builds a response with the status, the JSON content type and the body. */
    static Response build(int status, ErrorResponse body) {
        return builder(status, body).build();
    }
}
