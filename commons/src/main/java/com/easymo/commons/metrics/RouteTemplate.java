package com.easymo.commons.metrics;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/** Builds the route template that Jersey matched for a request, such as {@code /calls/{id}}. */
public final class RouteTemplate {

    private RouteTemplate() {}

    /**
     * Returns the matched route template, so that identifiers and personal data in the path reach neither logs nor
     * metric labels. Returns {@code /} when only the root matched.
     */
    public static String of(UriInfo uriInfo) {
        List<UriTemplate> templates = ((ExtendedUriInfo) uriInfo).getMatchedTemplates();
        StringBuilder path = new StringBuilder();
        // Jersey lists the templates from the innermost match to the outermost.
        for (int i = templates.size() - 1; i >= 0; i--) {
            String template = templates.get(i).getTemplate();
            if (!template.equals("/")) {
                path.append(template.startsWith("/") ? "" : "/").append(template);
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
