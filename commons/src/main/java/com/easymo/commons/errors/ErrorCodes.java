package com.easymo.commons.errors;

/** Values of the {@code error} field of {@link ErrorResponse} that the shared error handling produces. */
public final class ErrorCodes {

    /** The body is not well-formed JSON or not valid UTF-8 (400). */
    public static final String MALFORMED_JSON = "malformed_json";

    /** A request body is required but the request has none (400). */
    public static final String MISSING_BODY = "missing_body";

    /** The body ended before the declared length, usually because the client went away (400). */
    public static final String INCOMPLETE_BODY = "incomplete_body";

    /** The body cannot be decoded as its {@code Content-Encoding} states, such as gzip that is not valid gzip (400). */
    public static final String MALFORMED_BODY = "malformed_body";

    /** The client stopped sending the body, so the connector's idle timeout expired while it was read (408). */
    public static final String REQUEST_TIMEOUT = "request_timeout";

    /** A query, header, cookie, form or matrix parameter cannot be converted to its type (400). */
    public static final String INVALID_PARAMETER = "invalid_parameter";

    /** A field has the wrong JSON type, is unknown or breaks a validation rule (422). */
    public static final String INVALID_FIELD = "invalid_field";

    /** The request body is larger than {@code requests.maxBodySize} (413). */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";

    /** The request's {@code Content-Type} is not one the resource consumes (415). */
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

    /** The resource exists but does not support the request method (405). */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";

    /** The resource cannot produce any media type that the {@code Accept} header allows (406). */
    public static final String NOT_ACCEPTABLE = "not_acceptable";

    /** No resource matches the request path (404). */
    public static final String NOT_FOUND = "not_found";

    /** A rate-limit policy has no token left for the client (429). */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";

    /** The request line names an HTTP version that the server does not support, such as HTTP/1.2 (505). */
    public static final String HTTP_VERSION_NOT_SUPPORTED = "http_version_not_supported";

    /** The request was rejected for a reason that has no more specific code (other 4xx). */
    public static final String BAD_REQUEST = "bad_request";

    /** The server failed; the body carries an {@code errorId} that the ERROR log line also carries (500). */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {}
}
