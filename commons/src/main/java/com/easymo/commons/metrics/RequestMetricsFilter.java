package com.easymo.commons.metrics;

import com.easymo.commons.errors.ErrorHandling;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Counts and times every request on the application port that reaches the servlet filters, labelled by method,
 * matched route template and status class, and counts error responses by their JSON error code.
 *
 * <p>Requests that Jersey did not match, and requests a servlet filter responds to before Jersey, are labelled with the
 * route {@value #UNMATCHED}, so that paths chosen by clients never create series. Requests Jetty rejects before the
 * servlet filters, such as a malformed URI, are not counted here.
 *
 * <p>NOTE: the time ends when the filter chain returns. A resource that answers asynchronously would be timed only
 * until it suspended; no platform resource does.
 */
public final class RequestMetricsFilter implements Filter {

    /** Request attribute with the matched route template, set by {@link RouteTemplateFilter}. */
    public static final String ROUTE_ATTRIBUTE = "easymo.route";

    /** Request attribute with the JSON error code of an error response, set by the error handling. */
    public static final String ERROR_ATTRIBUTE = "easymo.errorCode";

    /** Route label of a request that matched no resource. */
    public static final String UNMATCHED = "unmatched";

    /** Method label of a request whose method is not a standard HTTP method. */
    public static final String OTHER_METHOD = "_OTHER";

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final PlatformMetrics metrics;

    RequestMetricsFilter(PlatformMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // An exception that escapes the chain becomes a 500 in Jetty's error handling.
            int status = failed ? 500 : httpResponse.getStatus();
            record(http, status, System.nanoTime() - start);
        }
    }

    private void record(HttpServletRequest request, int status, long nanos) {
        String method = methodLabel(request.getMethod());
        String route = request.getAttribute(ROUTE_ATTRIBUTE) instanceof String template ? template : UNMATCHED;
        String error = null;
        if (status >= 400) {
            error = request.getAttribute(ERROR_ATTRIBUTE) instanceof String code
                    ? code
                    : ErrorHandling.defaultErrorCode(status);
        }
        metrics.recordRequest(method, route, status, error, nanos);
    }

    /** Returns the method label: the method if it is a standard one, else {@value #OTHER_METHOD}. */
    static String methodLabel(String method) {
        return method != null && STANDARD_METHODS.contains(method) ? method : OTHER_METHOD;
    }
}
