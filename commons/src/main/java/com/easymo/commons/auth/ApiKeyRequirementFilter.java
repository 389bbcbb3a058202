package com.easymo.commons.auth;

import com.easymo.commons.errors.ErrorResponse;
import com.easymo.commons.metrics.RouteTemplate;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Rejects with {@code 401} a request whose key was invalid, and a request without a key on an endpoint that
 * requires one. It runs after the rate limiter, so a refused request has already been counted against its client
 * address, and a client over its limit gets 429 instead.
 */
@Priority(Priorities.AUTHORIZATION)
final class ApiKeyRequirementFilter implements ContainerRequestFilter {

    /** Code of the 401 for a request without a key on an endpoint that requires one. */
    static final String API_KEY_REQUIRED = "api_key_required";

    /** Code of the 401 for a key that is unknown, expired, not yet valid, malformed or ambiguous. */
    static final String INVALID_API_KEY = "invalid_api_key";

    private static final Logger LOGGER = LoggerFactory.getLogger(ApiKeyRequirementFilter.class);

    private final ApiKeyFeature feature;
    private final BiConsumer<String, ApiKeySet.Outcome> outcomes;

    @Context
    private ResourceInfo resourceInfo;

    ApiKeyRequirementFilter(ApiKeyFeature feature, BiConsumer<String, ApiKeySet.Outcome> outcomes) {
        this.feature = feature;
        this.outcomes = outcomes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(ApiKeyAuthenticationFilter.FAILURE_PROPERTY)
                instanceof ApiKeyAuthenticationFilter.Failure failure) {
            log(request, Level.WARN, failure.outcome(), failure.keyId());
            request.abortWith(unauthorized(
                    INVALID_API_KEY,
                    "The API key is not valid.",
                    failure.field(),
                    "Bearer realm=\"api\", error=\"invalid_token\""));
            return;
        }
        if (feature.requiresKey(resourceInfo.getResourceMethod())
                && !(request.getSecurityContext().getUserPrincipal() instanceof ApiKeyPrincipal)) {
            outcomes.accept("none", ApiKeySet.Outcome.MISSING);
            log(request, Level.INFO, ApiKeySet.Outcome.MISSING, null);
            request.abortWith(unauthorized(
                    API_KEY_REQUIRED,
                    "This endpoint requires an API key: send it as Authorization: Bearer <key> or in X-API-Key.",
                    HttpHeaders.AUTHORIZATION,
                    "Bearer realm=\"api\""));
        }
    }

    private static Response unauthorized(String code, String message, String field, String challenge) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(ErrorResponse.forField(code, message, field))
                .build();
    }

    private static void log(ContainerRequestContext request, Level level, ApiKeySet.Outcome outcome, String keyId) {
        LOGGER.atLevel(level)
                .addKeyValue("event", "API_KEY_REJECTED")
                .addKeyValue("reason", outcome.label())
                .addKeyValue("keyId", keyId == null ? "none" : keyId)
                .addKeyValue("path", RouteTemplate.of(request.getUriInfo()))
                .addKeyValue("method", request.getMethod())
                .log("Request refused for its API key");
    }
}
