package com.easymo.commons.errors;

import java.io.IOException;

/**
 * Signals that a request body could not be read because of the client: it stopped sending the body, or the body
 * cannot be decoded as its {@code Content-Encoding} states.
 *
 * <p>It is an {@link IOException} for the same reason as {@link PayloadTooLargeException}: Jackson passes it through
 * unchanged, so it reaches {@link RequestBodyExceptionMapper} instead of reading as a JSON error.
 */
final class RequestBodyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    private RequestBodyException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** Creates the exception for a body that stopped arriving until the connector's idle timeout expired. */
    static RequestBodyException timedOut(Throwable cause) {
        return new RequestBodyException(
                408,
                ErrorCodes.REQUEST_TIMEOUT,
                "The request body did not arrive in time: the server stopped waiting for the rest of it.",
                cause);
    }

    /** Creates the exception for a body whose {@code Content-Encoding} is gzip but whose bytes are not gzip. */
    static RequestBodyException notGzip(Throwable cause) {
        return new RequestBodyException(
                400,
                ErrorCodes.MALFORMED_BODY,
                "The request body is not valid gzip, although its Content-Encoding is gzip.",
                cause);
    }

    /** Returns the HTTP status of the response. */
    int getStatus() {
        return status;
    }

    /** Returns whether the body stopped arriving, as opposed to arriving in a form that cannot be decoded. */
    boolean isTimeout() {
        return status == 408;
    }

    /** Returns the response body, whose message is {@link #getMessage()}. */
    ErrorResponse toErrorResponse() {
        return ErrorResponse.of(code, getMessage());
    }
}
