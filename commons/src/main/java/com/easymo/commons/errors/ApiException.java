package com.easymo.commons.errors;

import jakarta.ws.rs.WebApplicationException;
import java.util.Objects;

/**
 * Exception that resources throw to return a specific status and {@link ErrorResponse}.
 *
 * <p>For example {@code throw new ApiException(404, "call_not_found", "No call exists with the given ID.")}.
 * The message is sent to the client as it is, so it must not contain internals or personal data.
 */
public class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String field;

    /** Creates an exception for the given HTTP status, snake_case code and client-facing message. */
    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** Creates an exception that also names the rejected field, or {@code null} when no field applies. */
    public ApiException(int status, String code, String message, String field) {
        super(Objects.requireNonNull(message, "message"), status);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    /** Returns the snake_case code for the {@code error} field. */
    public String getCode() {
        return code;
    }

    /** Returns the name of the rejected field, or {@code null}. */
    public String getField() {
        return field;
    }

    /** Returns the HTTP status code. */
    public int getStatus() {
        return getResponse().getStatus();
    }

    /** Returns the response body that describes this exception. */
    public ErrorResponse toErrorResponse() {
        return ErrorResponse.forField(code, getMessage(), field);
    }
}
