package com.easymo.commons.errors;

import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.RuntimeResource;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Finds the HTTP methods that Jersey's resources support at a path, for the {@code Allow} header of a 405 that is
 * sent before Jersey runs, such as Dropwizard's rejection of {@code TRACE} or of a method outside
 * {@code server.allowedMethods}.
 *
 * <p>It reads Jersey's resource model once Jersey has started, and matches a path the way Jersey routes it: against
 * each resource's path pattern, then the rest of the path against its child resources. It collects the methods of
 * every resource that matches the whole path, because Jersey tries another matching resource when the first one
 * lacks the method (so {@code GET /calls/outbound} reaches {@code /calls/{callId}}). Methods that
 * {@code server.allowedMethods} leaves out are dropped, because the server rejects them before Jersey. Paths served
 * only through a sub-resource locator are not resolved and get no methods.
 */
final class ResourceMethodIndex implements ApplicationEventListener {

    private final JerseyEnvironment jersey;
    private final Set<String> serverMethods;
    private volatile List<RuntimeResource> rootResources = List.of();
    private volatile String rootPath = "";

    /** Creates an index of the resources that {@code jersey} serves, limited to {@code serverMethods}. */
    ResourceMethodIndex(JerseyEnvironment jersey, Set<String> serverMethods) {
        this.jersey = jersey;
        this.serverMethods = Set.copyOf(serverMethods);
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        if (event.getType() == ApplicationEvent.Type.INITIALIZATION_FINISHED) {
            rootResources = event.getResourceModel().getRuntimeResourceModel().getRuntimeResources();
            rootPath = prefix(jersey.getUrlPattern());
        }
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return null;
    }

    /**
     * Returns the methods supported at a path within the application context, such as {@code /test/items}, in the
     * order Jersey lists them, or an empty set when no resource matches.
     */
    Set<String> methodsAt(String pathInContext) {
        if (pathInContext == null || !pathInContext.startsWith(rootPath)) {
            return Set.of();
        }
        String path = pathInContext.substring(rootPath.length());
        Set<String> methods = new LinkedHashSet<>();
        collect(rootResources, path.isEmpty() ? "/" : path, methods);
        methods.retainAll(serverMethods);
        return methods;
    }

    private static void collect(List<RuntimeResource> resources, String path, Set<String> methods) {
        for (RuntimeResource resource : resources) {
            MatchResult match = resource.getPathPattern().match(path);
            if (match == null) {
                continue;
            }
            String rest = match.groupCount() == 0 ? "" : match.group(match.groupCount());
            if (rest == null || rest.isEmpty() || rest.equals("/")) {
                resource.getResourceMethods().stream()
                        .map(ResourceMethod::getHttpMethod)
                        .forEach(methods::add);
            } else {
                collect(resource.getChildRuntimeResources(), rest, methods);
            }
        }
    }

    /** Returns the path that a servlet URL pattern such as {@code /api/*} puts before every resource, or "". */
    private static String prefix(String urlPattern) {
        if (urlPattern == null || urlPattern.equals("/*") || urlPattern.equals("/")) {
            return "";
        }
        return urlPattern.endsWith("/*") ? urlPattern.substring(0, urlPattern.length() - 2) : urlPattern;
    }
}
