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

    private final RateLimitPolicies policies;
    private final String global;
    private final Map<Method, List<String>> policiesByMethod = new ConcurrentHashMap<>();

    RateLimitFeature(RateLimitPolicies policies) {
        this.policies = policies;
        this.global = RateLimitFactory.GLOBAL_POLICY;
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
     * Returns the current policies of a resource method, or the global policy alone for a method this feature has not
     * seen.
     */
    List<RateLimitPolicy> policiesOf(Method method) {
        List<String> names = policiesByMethod.getOrDefault(method, List.of(global));
        if (names.size() == 1) {
            return List.of(policies.get(names.get(0)));
        }
        List<RateLimitPolicy> current = new ArrayList<>(names.size());
        for (String name : names) {
            current.add(policies.get(name));
        }
        return current;
    }

    private List<String> policiesFor(Class<?> resource, Method method) {
        List<String> names = new ArrayList<>();
        names.add(global);
        RateLimited annotation = method.isAnnotationPresent(RateLimited.class)
                ? method.getAnnotation(RateLimited.class)
                : resource.getAnnotation(RateLimited.class);
        if (annotation != null) {
            String name = annotation.value();
            if (name.equals(global) || !policies.contains(name)) {
                throw new IllegalStateException("Rate-limit policy '" + annotation.value() + "' of "
                        + resource.getSimpleName() + "." + method.getName()
                        + " is not configured: add it under rateLimit.policies, configured: "
                        + policies.names().subList(1, policies.names().size()));
            }
            names.add(name);
        }
        return List.copyOf(names);
    }
}
