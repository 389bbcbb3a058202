package com.easymo.commons.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Body of every error response: {@code {"error": "<code>", "message": "<sentence>"}} plus optional fields.
 *
 * <p>Null fields are left out of the JSON.
 *
 * @param error snake_case code that clients can branch on, such as {@code invalid_field}
 * @param message one sentence for a human reader; it never carries an exception message or a stack trace
 * @param field JSON path or parameter name of the rejected input, such as {@code to}
 * @param retryAfter whole seconds until a retry can succeed, the same value as the {@code Retry-After} header
 * @param errorId random ID of a server error, which the ERROR log line for that error also carries
 * @param correlationId the request's correlation ID, as in the {@code X-Correlation-ID} response header and on
 *     every log line of the request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        String error, String message, String field, Long retryAfter, String errorId, String correlationId) {

    /** Creates a response body after checking that the code and the message are present. */
    public ErrorResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Creates a body without a correlation ID. The response filter that error handling installs adds the ID of the
     * request this body responds to.
     */
    public ErrorResponse(String error, String message, String field, Long retryAfter, String errorId) {
        this(error, message, field, retryAfter, errorId, null);
    }

    /** Returns a copy that carries the given correlation ID. */
    public ErrorResponse withCorrelationId(String correlationId) {
        return new ErrorResponse(error, message, field, retryAfter, errorId, correlationId);
    }

    /** Creates a body with only a code and a message. */
    public static ErrorResponse of(String error, String message) {
        return new ErrorResponse(error, message, null, null, null);
    }

    /** Creates a body that names the rejected field. */
    public static ErrorResponse forField(String error, String message, String field) {
        return new ErrorResponse(error, message, field, null, null);
    }
}
