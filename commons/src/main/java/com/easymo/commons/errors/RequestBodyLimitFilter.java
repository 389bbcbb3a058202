package com.easymo.commons.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.OptionalLong;

/**
 * Rejects request bodies larger than {@code requests.maxBodySize} with 413 {@code payload_too_large}.
 *
 * <p>A declared {@code Content-Length} above the limit is rejected before any byte of the body is read. Every other
 * body, chunked ones included, is read through a {@link LimitedInputStream} that raises
 * {@link PayloadTooLargeException} once the limit is passed. It runs before authentication and rate limiting, so an
 * oversized request costs little.
 */
@PreMatching
@Priority(RequestBodyLimitFilter.PRIORITY)
final class RequestBodyLimitFilter implements ContainerRequestFilter {

    /** Priority of this filter: lower values run first, and authentication filters use 1000. */
    static final int PRIORITY = Priorities.AUTHENTICATION - 500;

    private final long maxBytes;

    /** Creates a filter that allows bodies of at most {@code maxBytes} bytes. */
    RequestBodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        OptionalLong declaredLength = declaredLength(request);
        if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
            request.abortWith(PayloadTooLargeExceptionMapper.response(maxBytes));
            return;
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
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
