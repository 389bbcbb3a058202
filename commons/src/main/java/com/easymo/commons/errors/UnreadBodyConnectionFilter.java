package com.easymo.commons.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Adds {@code Connection: close} to an error response when the request carries a body that was not read to its end.
 *
 * <p>Errors such as 404, 405, 406, 413, 415 and 429 are sent before the body is read. When the rest of the body has
 * not arrived by the time the response is complete, Jetty cannot reuse the connection and closes it, but the
 * response it has already sent does not say so. A client that sends its next request on that connection then fails
 * with a broken pipe or a reset. With the header, the client opens a new connection instead.
 *
 * <p>A response that already has a {@code Connection} header keeps it.
 */
@Priority(Priorities.HEADER_DECORATOR)
final class UnreadBodyConnectionFilter implements ContainerResponseFilter {

    /** Name of the {@code Connection} header, which JAX-RS has no constant for. */
    static final String CONNECTION = "Connection";

    /** Value of the {@code Connection} header that closes the connection after the response. */
    static final String CLOSE = "close";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.getHeaders().containsKey(CONNECTION)) {
            return;
        }
        if (RequestBodyFilter.hasBody(request) && !RequestBodyFilter.isFullyRead(request)) {
            response.getHeaders().putSingle(CONNECTION, CLOSE);
        }
    }
}
