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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or rejects each request to a resource method under the policies {@link RateLimitFeature} found for it,
 * and writes the rate-limit headers on the response.
 *
 * <p>Every response carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 * (Unix epoch seconds) of the most restrictive enforced policy, and the IETF structured fields {@code RateLimit-Policy}
 * and {@code RateLimit} for the same policy, each set switchable in {@link RateLimitHeadersFactory}. A rejected
 * request gets {@code 429}, {@code Retry-After} in whole seconds and a JSON body, and takes no token from any policy.
 * A policy in dry run never rejects: the filter logs {@code RATE_LIMIT_DRY_RUN} and counts it instead, and it does not
 * show in the headers.
 */
@Priority(RateLimitFilter.PRIORITY)
final class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Runs after authentication, so that user-keyed policies see the user, and before authorization. */
    static final int PRIORITY = Priorities.AUTHENTICATION + 100;

    static final String LIMIT_HEADER = "X-RateLimit-Limit";
    static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    static final String RESET_HEADER = "X-RateLimit-Reset";
    static final String FORWARDED_FOR_HEADER = "X-Forwarded-For";
    static final String POLICY_FIELD = "RateLimit-Policy";
    static final String RATE_LIMIT_FIELD = "RateLimit";

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final String DECISION_PROPERTY = "easymo.rateLimitDecision";
    private static final String RETRY_AFTER_PROPERTY = "easymo.rateLimitRetryAfter";
    private static final String EXCEEDED_MESSAGE = "Too many requests, please try again later";

    private final RateLimiter limiter;
    private final RateLimitFeature feature;
    private final RateLimitMetrics metrics;
    private final boolean legacyHeaders;
    private final boolean ietfHeaders;

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resourceInfo;

    RateLimitFilter(
            RateLimiter limiter, RateLimitFeature feature, RateLimitMetrics metrics, RateLimitHeadersFactory headers) {
        this.limiter = limiter;
        this.feature = feature;
        this.metrics = metrics;
        this.legacyHeaders = headers.isLegacy();
        this.ietfHeaders = headers.isIetf();
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
        if (decision.allowed() && decision.dryRunExceeded().isEmpty()) {
            metrics.admitted(policies);
        } else if (decision.allowed()) {
            countDryRun(request, policies, decision.dryRunExceeded());
        } else {
            metrics.rejected(decision.limiting().bucket().policy());
            logRejection(request, decision.limiting());
            long retryAfter = retryAfterSeconds(decision.limiting().resetAt());
            request.setProperty(RETRY_AFTER_PROPERTY, retryAfter);
            request.abortWith(tooManyRequests(retryAfter));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION_PROPERTY) instanceof RateLimitDecision decision
                && decision.limiting() != null) {
            // A 429's RateLimit field states the same seconds as its Retry-After, even if a second has passed since.
            Long secondsToReset = (Long) request.getProperty(RETRY_AFTER_PROPERTY);
            writeHeaders(
                    response.getHeaders(),
                    decision.limiting(),
                    secondsToReset != null
                            ? secondsToReset
                            : secondsUntil(decision.limiting().resetAt()));
        }
    }

    private void countDryRun(
            ContainerRequestContext request, List<RateLimitPolicy> policies, List<BucketState> exceeded) {
        List<RateLimitPolicy> admittedBy = new ArrayList<>(policies);
        for (BucketState state : exceeded) {
            RateLimitPolicy policy = state.bucket().policy();
            admittedBy.removeIf(candidate -> candidate.name().equals(policy.name()));
            metrics.dryRunRejected(policy);
            LOGGER.atInfo()
                    .addKeyValue("event", "RATE_LIMIT_DRY_RUN")
                    .addKeyValue("key", state.bucket().key())
                    .addKeyValue("policy", policy.name())
                    .addKeyValue("limit", state.limit())
                    .addKeyValue("path", RouteTemplate.of(request.getUriInfo()))
                    .addKeyValue("method", request.getMethod())
                    .log("Rate limit in dry run exceeded; the request goes on");
        }
        if (!admittedBy.isEmpty()) {
            metrics.admitted(admittedBy);
        }
    }

    private Response tooManyRequests(long retryAfter) {
        ErrorResponse body =
                new ErrorResponse(ErrorCodes.RATE_LIMIT_EXCEEDED, EXCEEDED_MESSAGE, null, retryAfter, null);
        return Response.status(Response.Status.TOO_MANY_REQUESTS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .entity(body)
                .build();
    }

    private void writeHeaders(MultivaluedMap<String, Object> headers, BucketState state, long secondsToReset) {
        if (legacyHeaders) {
            headers.putSingle(LIMIT_HEADER, state.limit());
            headers.putSingle(REMAINING_HEADER, state.remaining());
            headers.putSingle(RESET_HEADER, epochSecondsRoundedUp(state.resetAt()));
        }
        if (ietfHeaders) {
            RateLimitPolicy policy = state.bucket().policy();
            // Policy names are lowercase letters, digits and hyphens, so they need no escaping in an sf-string.
            String name = '"' + policy.name() + '"';
            headers.putSingle(POLICY_FIELD, name + ";q=" + policy.capacity() + ";w=" + wholeSeconds(policy.window()));
            headers.putSingle(RATE_LIMIT_FIELD, name + ";r=" + state.remaining() + ";t=" + secondsToReset);
        }
    }

    /** Returns whole seconds from now until the reset, rounded up and at least 1. */
    private long retryAfterSeconds(Instant resetAt) {
        return Math.max(1, secondsUntil(resetAt));
    }

    /** Returns whole seconds from now until the given time, rounded up, or 0 if it has passed. */
    private long secondsUntil(Instant instant) {
        return Math.max(0, wholeSeconds(Duration.between(limiter.clock().instant(), instant)));
    }

    private static long wholeSeconds(Duration duration) {
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
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
