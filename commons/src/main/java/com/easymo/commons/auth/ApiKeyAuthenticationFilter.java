package com.easymo.commons.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Finds the API key a request presents, in {@code Authorization: Bearer <key>} or {@code X-API-Key}, and makes its
 * owner the request's user.
 *
 * <p>A request with a key that is unknown, expired, not yet valid, malformed or ambiguous (two different keys) is not
 * rejected here: the failure is recorded, the rate limiter counts the request against its client address, and
 * {@link ApiKeyRequirementFilter} then rejects it with 401. So guessing keys spends the address's budget like any
 * request.
 * Other {@code Authorization} schemes are left alone.
 */
@Priority(Priorities.AUTHENTICATION)
final class ApiKeyAuthenticationFilter implements ContainerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String FAILURE_PROPERTY = "easymo.apiKeyFailure";

    private static final String BEARER = "bearer ";

    private final Supplier<ApiKeySet> keys;
    private final Clock clock;
    private final BiConsumer<String, ApiKeySet.Outcome> outcomes;

    /**
     * @param keys returns the key set in use
     * @param outcomes receives the key ID ({@code none} when unknown) and outcome of every request that presents a key
     */
    ApiKeyAuthenticationFilter(Supplier<ApiKeySet> keys, Clock clock, BiConsumer<String, ApiKeySet.Outcome> outcomes) {
        this.keys = keys;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> bearer = bearerValues(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        List<String> apiKey = request.getHeaders().getOrDefault(API_KEY_HEADER, List.of());
        if (bearer.isEmpty() && apiKey.isEmpty()) {
            return;
        }
        String field = bearer.isEmpty() ? API_KEY_HEADER : HttpHeaders.AUTHORIZATION;
        String presented = single(bearer, apiKey);
        if (presented == null || !wellFormed(presented)) {
            fail(request, new Failure(ApiKeySet.Outcome.INVALID, field, null));
            return;
        }
        ApiKeySet.Authentication authentication = keys.get().authenticate(presented, clock.instant());
        ApiKey key = authentication.key();
        if (authentication.outcome() != ApiKeySet.Outcome.ACCEPTED) {
            fail(request, new Failure(authentication.outcome(), field, key == null ? null : key.id()));
            return;
        }
        outcomes.accept(key.id(), ApiKeySet.Outcome.ACCEPTED);
        request.setSecurityContext(new ApiKeySecurityContext(
                new ApiKeyPrincipal(key.owner(), key.id()),
                request.getSecurityContext().isSecure()));
    }

    private void fail(ContainerRequestContext request, Failure failure) {
        outcomes.accept(failure.keyId() == null ? "none" : failure.keyId(), failure.outcome());
        request.setProperty(FAILURE_PROPERTY, failure);
    }

    /** Returns the one key presented, or {@code null} when there are several different ones. */
    private static String single(List<String> bearer, List<String> apiKey) {
        String found = null;
        for (List<String> values : List.of(bearer, apiKey)) {
            for (String value : values) {
                if (found != null && !found.equals(value)) {
                    return null;
                }
                found = value;
            }
        }
        return found;
    }

    private static List<String> bearerValues(List<String> authorization) {
        if (authorization == null) {
            return List.of();
        }
        // "Bearer" without a key is a failed attempt too, so it maps to an empty key, which is refused.
        return authorization.stream()
                .map(String::strip)
                .filter(value ->
                        value.toLowerCase(Locale.ROOT).startsWith(BEARER) || value.equalsIgnoreCase(BEARER.strip()))
                .map(value -> value.substring(Math.min(value.length(), BEARER.length()))
                        .strip())
                .toList();
    }

    /** Accepts 1 to {@value ApiKeySet#MAX_KEY_LENGTH} visible ASCII characters, so nothing else is ever hashed. */
    private static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > ApiKeySet.MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The reason a presented key was refused, the header it came in, and the key's ID when the key is known. */
    record Failure(ApiKeySet.Outcome outcome, String field, String keyId) {}

    private record ApiKeySecurityContext(Principal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "API_KEY";
        }
    }
}
