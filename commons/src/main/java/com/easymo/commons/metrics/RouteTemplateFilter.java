package com.easymo.commons.metrics;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Passes the route template Jersey matched to {@link RequestMetricsFilter}. It runs before every other filter that
 * may abort the request, such as the rate limiter, so that a rejected request is counted under its route.
 */
@Priority(1)
final class RouteTemplateFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        // Jersey stores request properties as attributes of the servlet request, where the servlet filter reads them.
        request.setProperty(RequestMetricsFilter.ROUTE_ATTRIBUTE, RouteTemplate.of(request.getUriInfo()));
    }
}
