package com.easymo.commons.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Rejects request bodies larger than {@code requests.maxBodySize} with 413 {@code payload_too_large}, and wraps every
 * body so that failures caused by the client are recognised and the number of bytes read is recorded.
 *
 * <p>A declared {@code Content-Length} above the limit is rejected before any byte of the body is read. Every other
 * body, chunked ones included, is read through a {@link LimitedInputStream} that raises
 * {@link PayloadTooLargeException} once the limit is passed, inside a {@link RequestBodyInputStream}. It runs before
 * authentication and rate limiting, so an oversized request costs little.
 */
@PreMatching
@Priority(RequestBodyFilter.PRIORITY)
final class RequestBodyFilter implements ContainerRequestFilter {

    /** Priority of this filter: lower values run first, and authentication filters use 1000. */
    static final int PRIORITY = Priorities.AUTHENTICATION - 500;

    /** Request property whose value is the {@link RequestBodyInputStream} once this filter has run. */
    private static final String BODY_PROPERTY = RequestBodyFilter.class.getName() + ".body";

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final long maxBytes;

    /** Creates a filter that allows bodies of at most {@code maxBytes} bytes. */
    RequestBodyFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        OptionalLong declaredLength = declaredLength(request);
        if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
            request.abortWith(PayloadTooLargeExceptionMapper.response(maxBytes));
            return;
        }
        // A decoded body, such as inflated gzip, has another length than the declared one, so only its end counts.
        long bodyLength =
                request.getHeaderString(HttpHeaders.CONTENT_ENCODING) == null ? declaredLength.orElse(-1) : -1;
        RequestBodyInputStream body =
                new RequestBodyInputStream(new LimitedInputStream(request.getEntityStream(), maxBytes), bodyLength);
        request.setProperty(BODY_PROPERTY, body);
        request.setEntityStream(body);
    }

    /**
     * Returns whether the request may carry a body: a {@code Content-Length} above 0, a {@code Transfer-Encoding}, or
     * a POST, PUT or PATCH without {@code Content-Length}. The last case covers gzip bodies, because Jetty removes
     * {@code Content-Length} and {@code Content-Encoding} when it inflates them. The header is parsed here because
     * Jersey's {@code getLength()} throws for a length above {@link Integer#MAX_VALUE}.
     */
    static boolean hasBody(ContainerRequestContext request) {
        OptionalLong declaredLength = declaredLength(request);
        if (declaredLength.isPresent()) {
            return declaredLength.getAsLong() > 0;
        }
        return request.getHeaderString("Transfer-Encoding") != null || METHODS_WITH_BODY.contains(request.getMethod());
    }

    /**
     * Returns whether the request's body was read to its end. It is false when this filter rejected the request or
     * did not run, because then nothing read the body.
     */
    static boolean isFullyRead(ContainerRequestContext request) {
        return request.getProperty(BODY_PROPERTY) instanceof RequestBodyInputStream body && body.isFullyRead();
    }

    private static OptionalLong declaredLength(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            // Jetty rejects a malformed Content-Length before Jersey runs, and the counting stream applies anyway.
            return OptionalLong.empty();
        }
    }
}
