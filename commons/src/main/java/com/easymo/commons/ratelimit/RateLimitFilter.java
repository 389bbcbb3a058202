package com.easymo.commons.ratelimit;

import com.easymo.commons.errors.ErrorCodes;
import com.easymo.commons.errors.ErrorResponse;
import com.easymo.commons.metrics.RouteTemplate;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or rejects each request to a resource method under the policies {@link RateLimitFeature} found for it,
 * and writes the rate-limit headers on the response.
 *
 * <p>Every response carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 * (Unix epoch seconds) of the most restrictive policy. A rejected request gets {@code 429}, {@code Retry-After} in
 * whole seconds and a JSON body, and takes no token from any policy.
 */
@Priority(RateLimitFilter.PRIORITY)
final class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Runs after authentication, so that user-keyed policies see the user, and before authorization. */
    static final int PRIORITY = Priorities.AUTHENTICATION + 100;

    static final String LIMIT_HEADER = "X-RateLimit-Limit";
    static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    static final String RESET_HEADER = "X-RateLimit-Reset";
    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final String DECISION_PROPERTY = "easymo.rateLimitDecision";
    private static final String EXCEEDED_MESSAGE = "Too many requests, please try again later";

    private final RateLimiter limiter;
    private final RateLimitFeature feature;
    private final RateLimitMetrics metrics;

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resourceInfo;

    RateLimitFilter(RateLimiter limiter, RateLimitFeature feature, RateLimitMetrics metrics) {
        this.limiter = limiter;
        this.feature = feature;
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<RateLimitPolicy> policies = feature.policiesOf(resourceInfo.getResourceMethod());
        if (policies.isEmpty()) {
            return;
        }
        List<String> forwardedFor = request.getHeaders().getOrDefault(FORWARDED_FOR_HEADER, List.of());
        InetAddress client = limiter.resolver().resolve(servletRequest.getRemoteAddr(), forwardedFor);

        RateLimitDecision decision =
                limiter.check(policies, client, request.getSecurityContext().getUserPrincipal());
        request.setProperty(DECISION_PROPERTY, decision);
        if (decision.allowed()) {
            metrics.admitted(policies);
        } else {
            metrics.rejected(decision.limiting().bucket().policy());
            logRejection(request, decision.limiting());
            request.abortWith(tooManyRequests(decision.limiting()));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION_PROPERTY) instanceof RateLimitDecision decision) {
            writeHeaders(response.getHeaders(), decision.limiting());
        }
    }

    private Response tooManyRequests(BucketState state) {
        long retryAfter = retryAfterSeconds(state.resetAt());
        ErrorResponse body =
                new ErrorResponse(ErrorCodes.RATE_LIMIT_EXCEEDED, EXCEEDED_MESSAGE, null, retryAfter, null);
        return Response.status(Response.Status.TOO_MANY_REQUESTS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .entity(body)
                .build();
    }

    private static void writeHeaders(MultivaluedMap<String, Object> headers, BucketState state) {
        headers.putSingle(LIMIT_HEADER, state.limit());
        headers.putSingle(REMAINING_HEADER, state.remaining());
        headers.putSingle(RESET_HEADER, epochSecondsRoundedUp(state.resetAt()));
    }

    /** Returns whole seconds from now until the reset, rounded up and at least 1. */
    private long retryAfterSeconds(Instant resetAt) {
        Duration wait = Duration.between(limiter.clock().instant(), resetAt);
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static long epochSecondsRoundedUp(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }

    private static void logRejection(ContainerRequestContext request, BucketState state) {
        String key = state.bucket().key();
        String policy = state.bucket().policy().name();
        String path = RouteTemplate.of(request.getUriInfo());
        LOGGER.atWarn()
                .addKeyValue("event", "RATE_LIMIT_EXCEEDED")
                .addKeyValue("key", key)
                .addKeyValue("policy", policy)
                .addKeyValue("limit", state.limit())
                .addKeyValue("path", path)
                .addKeyValue("method", request.getMethod())
                .log("Rate limit exceeded");
    }
}
