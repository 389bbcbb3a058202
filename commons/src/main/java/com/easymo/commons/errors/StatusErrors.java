package com.easymo.commons.errors;

import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/**
 * Default codes and messages for error statuses that carry no more specific information.
 *
 * <p>Only 500 has the code {@code internal_error}. Other 5xx statuses, such as 505 for an HTTP version the client
 * chose, get a code of their own.
 */
final class StatusErrors {

    /** Code for a 5xx status without a standard reason phrase; {@code internal_error} stays reserved for 500. */
    private static final String SERVER_ERROR = "server_error";

    private static final Map<Integer, ErrorResponse> KNOWN = Map.ofEntries(
            entry(400, ErrorCodes.BAD_REQUEST, "The request is invalid."),
            entry(401, "unauthorized", "The request lacks valid credentials."),
            entry(403, "forbidden", "The request is not allowed."),
            entry(404, ErrorCodes.NOT_FOUND, "No resource matches the request path."),
            entry(405, ErrorCodes.METHOD_NOT_ALLOWED, "The resource does not support the request method."),
            entry(
                    406,
                    ErrorCodes.NOT_ACCEPTABLE,
                    "The resource cannot produce a media type that the Accept header allows."),
            entry(408, ErrorCodes.REQUEST_TIMEOUT, "The request did not arrive in time."),
            entry(409, "conflict", "The request conflicts with the current state of the resource."),
            entry(411, "length_required", "The request must carry a Content-Length header."),
            entry(413, ErrorCodes.PAYLOAD_TOO_LARGE, "The request body is too large."),
            entry(414, "uri_too_long", "The request URI is too long."),
            entry(
                    415,
                    ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    "The resource does not accept the Content-Type of the request."),
            entry(417, "expectation_failed", "The server cannot meet the request's Expect header."),
            entry(426, "upgrade_required", "The request must use a protocol version this server speaks."),
            entry(429, ErrorCodes.RATE_LIMIT_EXCEEDED, "Too many requests, please try again later"),
            entry(431, "request_header_fields_too_large", "The request headers are too large."),
            entry(500, ErrorCodes.INTERNAL_ERROR, "The server failed to process the request."),
            entry(501, "not_implemented", "The server does not support the request method."),
            entry(503, "service_unavailable", "The service is unavailable, please try again later."),
            entry(
                    505,
                    ErrorCodes.HTTP_VERSION_NOT_SUPPORTED,
                    "The server does not support the HTTP version of the request."));

    private StatusErrors() {}

    /**
     * Returns the default body for an error status, deriving the code from the reason phrase for rare statuses. A
     * status without a standard reason phrase gets {@code server_error} from 500 up and {@code bad_request} below.
     */
    static ErrorResponse forStatus(int status) {
        ErrorResponse known = KNOWN.get(status);
        if (known != null) {
            return known;
        }
        Response.Status standard = Response.Status.fromStatusCode(status);
        String code = standard == null ? fallbackCode(status) : snakeCase(standard.getReasonPhrase());
        return ErrorResponse.of(code, "The request failed with HTTP status " + status + ".");
    }

    private static String fallbackCode(int status) {
        return status >= 500 ? SERVER_ERROR : ErrorCodes.BAD_REQUEST;
    }

    private static String snakeCase(String reasonPhrase) {
        return reasonPhrase.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static Map.Entry<Integer, ErrorResponse> entry(int status, String code, String message) {
        return Map.entry(status, ErrorResponse.of(code, message));
    }
}
