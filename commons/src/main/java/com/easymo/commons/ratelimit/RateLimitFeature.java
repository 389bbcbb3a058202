package com.easymo.commons.ratelimit;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the policies of every resource method when the application starts: the global policy and the policy its
 * {@link RateLimited} annotation names, or none when it is {@link RateLimitExempt}. A method that names a policy
 * missing from the configuration stops the service from starting.
 */
final class RateLimitFeature implements DynamicFeature {

    private final RateLimitPolicy global;
    private final Map<String, RateLimitPolicy> named;
    private final Map<Method, List<RateLimitPolicy>> policiesByMethod = new ConcurrentHashMap<>();

    RateLimitFeature(RateLimitPolicy global, Map<String, RateLimitPolicy> named) {
        this.global = global;
        this.named = Map.copyOf(named);
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resource = resourceInfo.getResourceClass();
        if (method.isAnnotationPresent(RateLimitExempt.class) || resource.isAnnotationPresent(RateLimitExempt.class)) {
            policiesByMethod.put(method, List.of());
            return;
        }
        policiesByMethod.put(method, policiesFor(resource, method));
    }

    /**
     * Returns the policies of a resource method, or the global policy alone for a method this feature has not seen.
     */
    List<RateLimitPolicy> policiesOf(Method method) {
        return policiesByMethod.getOrDefault(method, List.of(global));
    }

    private List<RateLimitPolicy> policiesFor(Class<?> resource, Method method) {
        List<RateLimitPolicy> policies = new ArrayList<>();
        policies.add(global);
        RateLimited annotation = method.isAnnotationPresent(RateLimited.class)
                ? method.getAnnotation(RateLimited.class)
                : resource.getAnnotation(RateLimited.class);
        if (annotation != null) {
            RateLimitPolicy policy = named.get(annotation.value());
            if (policy == null) {
                throw new IllegalStateException("Rate-limit policy '" + annotation.value() + "' of "
                        + resource.getSimpleName() + "." + method.getName()
                        + " is not configured: add it under rateLimit.policies, configured: " + named.keySet());
            }
            policies.add(policy);
        }
        return List.copyOf(policies);
    }
}
