package com.easymo.commons.logging;

import com.easymo.commons.logging.masking.PiiMasker;
import com.easymo.commons.ratelimit.ClientIpResolver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Sets up the logging context of every request: its correlation ID and the client's IP address.
 *
 * <p>The correlation ID is the client's {@code X-Correlation-ID}, else its {@code X-Request-ID}, when the value is
 * 1 to 64 letters, digits, dots, underscores and hyphens that the log masker leaves unchanged; otherwise a new
 * random UUID. It is returned in the
 * response's {@code X-Correlation-ID} header. The client IP is resolved like the rate limiter does, from the socket
 * address and {@code X-Forwarded-For} entries of trusted proxies only.
 *
 * <p>Both go into the SLF4J MDC ({@value #MDC_KEY}, {@value #CLIENT_IP_MDC_KEY}) and into request attributes for the
 * request log. The MDC is cleared when the request starts and again when it ends, whatever the outcome, so a pooled
 * thread never carries one request's values into the next.
 */
public final class CorrelationIdFilter implements Filter {

    /** Name of the request and response header. */
    public static final String HEADER = "X-Correlation-ID";

    /** Request header accepted when {@value #HEADER} is missing or malformed. */
    public static final String ALIAS_HEADER = "X-Request-ID";

    /** MDC key under which the ID is kept while a request runs. */
    public static final String MDC_KEY = "correlationId";

    /** MDC key under which the client IP address is kept while a request runs. */
    public static final String CLIENT_IP_MDC_KEY = "clientIp";

    /** Request attribute that contains the client IP address for the request log. */
    public static final String CLIENT_IP_ATTRIBUTE = "easymo.clientIp";

    private static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";

    /**
     * Accepted client IDs: 1 to 64 letters, digits, dots, underscores and hyphens, at least one a letter or digit,
     * so they are safe in logs and never look like an empty value such as {@code -}.
     */
    private static final Pattern VALID_ID = Pattern.compile("(?=.*[A-Za-z0-9])[A-Za-z0-9._-]{1,64}");

    private final ClientIpResolver clientIpResolver;
    private final PiiMasker masker;

    /**
     * Creates a filter.
     *
     * @param clientIpResolver resolves client addresses as the rate limiter does
     * @param masker the log masker. A client ID that it would change, such as one shaped like an API key or a phone
     *     number, is replaced. So the same ID appears unmasked in the response, in every log line and upstream.
     */
    public CorrelationIdFilter(ClientIpResolver clientIpResolver, PiiMasker masker) {
        this.clientIpResolver = Objects.requireNonNull(clientIpResolver, "clientIpResolver");
        this.masker = Objects.requireNonNull(masker, "masker");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        String correlationId = correlationIdOf(httpRequest);
        String clientIp = clientIpOf(httpRequest);
        ((HttpServletResponse) response).setHeader(HEADER, correlationId);
        request.setAttribute(CLIENT_IP_ATTRIBUTE, clientIp);
        MDC.clear();
        MDC.put(MDC_KEY, correlationId);
        MDC.put(CLIENT_IP_MDC_KEY, clientIp);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.clear();
        }
    }

    private String correlationIdOf(HttpServletRequest request) {
        for (String header : List.of(HEADER, ALIAS_HEADER)) {
            String supplied = request.getHeader(header);
            if (supplied != null
                    && VALID_ID.matcher(supplied).matches()
                    && masker.mask(supplied).equals(supplied)) {
                return supplied;
            }
        }
        return newCorrelationId();
    }

    /**
     * Returns a new random version 4 UUID string. A correlation ID identifies a request and is no secret, so it comes
     * from the thread's {@link ThreadLocalRandom}: {@link UUID#randomUUID()} reads the shared {@code SecureRandom},
     * whose lock made concurrent requests wait for each other.
     */
    static String newCorrelationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
        long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }

    private String clientIpOf(HttpServletRequest request) {
        List<String> forwardedFor = Collections.list(request.getHeaders(FORWARDED_FOR_HEADER));
        try {
            return clientIpResolver
                    .resolve(request.getRemoteAddr(), forwardedFor)
                    .getHostAddress();
        } catch (IllegalArgumentException e) {
            // The connector reports no IP literal, as on a Unix domain socket.
            return request.getRemoteAddr();
        }
    }
}
