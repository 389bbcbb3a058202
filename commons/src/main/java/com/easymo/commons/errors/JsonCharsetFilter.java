package com.easymo.commons.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Map;

/**
 * Rejects a JSON request body whose {@code Content-Type} names a charset other than UTF-8, and any other body whose
 * charset Java does not know, with 415 {@code unsupported_media_type}. Without the second check, a form body with
 * {@code charset=foo} fails inside Jersey's form reader and becomes a 500.
 *
 * <p>JSON exchanged between systems must be UTF-8 (RFC 8259, section 8.1), and Jackson ignores the charset parameter,
 * so a body declared as {@code charset=latin1} would otherwise be read as UTF-8 and fail as malformed JSON, or
 * succeed with different characters than the client meant. The parameter may be {@code utf-8} or {@code utf8} in any
 * letter case, or absent. Without it, Jackson still detects UTF-16 and UTF-32 bodies from their first bytes and reads
 * them.
 *
 * <p>It runs after matching, so an unknown path still gets 404 and a resource that does not consume JSON still gets
 * Jersey's own 415. It runs after authorization and rate limiting too, so a request that reaches a resource method
 * takes its rate-limit token whatever its {@code Content-Type}.
 */
@Priority(JsonCharsetFilter.PRIORITY)
final class JsonCharsetFilter implements ContainerRequestFilter {

    /** Priority of this filter: lower values run first, and authorization filters use 2000. */
    static final int PRIORITY = Priorities.AUTHORIZATION + 500;

    private static final String MESSAGE = "The request body must be JSON encoded as UTF-8: send charset=utf-8 in the"
            + " Content-Type header, or no charset parameter.";

    private static final String UNKNOWN_CHARSET_MESSAGE =
            "The Content-Type header names a charset this server does not know: send charset=utf-8.";

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !RequestBodyFilter.hasBody(request)) {
            return;
        }
        String charset = charset(type);
        if (charset == null) {
            return;
        }
        if (isJson(type) && !isUtf8(charset)) {
            request.abortWith(ErrorResponses.build(
                    415, ErrorResponse.forField(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, MESSAGE, "Content-Type")));
        } else if (!isSupported(charset)) {
            request.abortWith(ErrorResponses.build(
                    415,
                    ErrorResponse.forField(
                            ErrorCodes.UNSUPPORTED_MEDIA_TYPE, UNKNOWN_CHARSET_MESSAGE, "Content-Type")));
        }
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset.trim());
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private static boolean isJson(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    private static String charset(MediaType type) {
        for (Map.Entry<String, String> parameter : type.getParameters().entrySet()) {
            if (parameter.getKey().equalsIgnoreCase(MediaType.CHARSET_PARAMETER)) {
                return parameter.getValue();
            }
        }
        return null;
    }

    private static boolean isUtf8(String charset) {
        String name = charset.trim();
        return name.equalsIgnoreCase("utf-8") || name.equalsIgnoreCase("utf8");
    }
}
