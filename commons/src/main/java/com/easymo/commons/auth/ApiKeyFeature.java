package com.easymo.commons.auth;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Finds, when the application starts, which resource methods require an API key, and stops the start when a
 * {@code requiredOn} entry matches no method, so that a typing error cannot leave an endpoint open.
 */
final class ApiKeyFeature implements DynamicFeature, ApplicationEventListener {

    private final ApiKeyRequirements requirements;
    private final Map<Method, Boolean> required = new ConcurrentHashMap<>();

    ApiKeyFeature(List<String> requiredOn) {
        this.requirements = new ApiKeyRequirements(requiredOn);
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        required.put(method, requirements.requires(resourceInfo.getResourceClass(), method));
    }

    /** Returns whether the resource method requires a key; a method not seen at start does not. */
    boolean requiresKey(Method method) {
        return method != null && required.getOrDefault(method, false);
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        if (event.getType() == ApplicationEvent.Type.INITIALIZATION_APP_FINISHED) {
            List<String> unmatched = requirements.unmatched();
            if (!unmatched.isEmpty()) {
                throw new IllegalStateException("apiKeys.requiredOn entries match no endpoint: " + unmatched);
            }
        }
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return null;
    }
}
