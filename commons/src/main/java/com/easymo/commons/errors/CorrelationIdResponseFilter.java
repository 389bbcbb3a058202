package com.easymo.commons.errors;

import com.easymo.commons.logging.CorrelationIdFilter;
import com.easymo.commons.metrics.RequestMetricsFilter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.MDC;

/**
 * Adds the request's correlation ID to every {@link ErrorResponse} body that the application returns, so a client
 * can quote the ID that is on every log line of its request, and passes the body's error code to the request
 * metrics.
 *
 * <p>The ID is added here, when the response is written, and not when the body is created, because error bodies
 * may be shared constants.
 */
final class CorrelationIdResponseFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof ErrorResponse body) {
            request.setProperty(RequestMetricsFilter.ERROR_ATTRIBUTE, body.error());
        }
        if (response.getEntity() instanceof ErrorResponse body && body.correlationId() == null) {
            String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
            if (correlationId != null) {
                response.setEntity(body.withCorrelationId(correlationId));
            }
        }
    }
}
