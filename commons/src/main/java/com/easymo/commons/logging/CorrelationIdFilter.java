package com.easymo.commons.logging;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request a correlation ID: the client's {@code X-Correlation-ID} when it is well formed, otherwise a
 * new random UUID.
 *
 * <p>The ID is put into the SLF4J MDC under {@value #MDC_KEY} while the request runs, so log lines and outbound calls
 * carry it, and is returned in the response's {@code X-Correlation-ID} header. The MDC entry is removed when the
 * request ends, so a pooled thread never carries one request's ID into the next.
 */
public final class CorrelationIdFilter implements Filter {

    /** Name of the request and response header. */
    public static final String HEADER = "X-Correlation-ID";

    /** MDC key under which the ID is kept while a request runs. */
    public static final String MDC_KEY = "correlationId";

    /** Accepted client IDs: 1 to 64 letters, digits, dots, underscores and hyphens, so they are safe in logs. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String correlationId = correlationIdOf((HttpServletRequest) request);
        ((HttpServletResponse) response).setHeader(HEADER, correlationId);
        MDC.put(MDC_KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private static String correlationIdOf(HttpServletRequest request) {
        String supplied = request.getHeader(HEADER);
        if (supplied != null && VALID_ID.matcher(supplied).matches()) {
            return supplied;
        }
        return UUID.randomUUID().toString();
    }
}
