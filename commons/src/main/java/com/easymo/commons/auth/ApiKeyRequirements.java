package com.easymo.commons.auth;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Matches resource methods against the {@code requiredOn} entries of the {@code apiKeys} block. */
final class ApiKeyRequirements {

    private final List<Entry> entries;
    private final Set<String> unmatched;

    ApiKeyRequirements(List<String> requiredOn) {
        this.entries = requiredOn.stream().map(Entry::parse).toList();
        this.unmatched = new LinkedHashSet<>(requiredOn);
    }

    /** Returns whether the method needs a key, and marks the entries that matched it as used. */
    synchronized boolean requires(Class<?> resource, Method method) {
        String template = template(resource, method);
        String httpMethod = httpMethod(method);
        boolean required = false;
        for (Entry entry : entries) {
            if (entry.matches(httpMethod, template)) {
                unmatched.remove(entry.text);
                required = true;
            }
        }
        return required;
    }

    /** Returns the entries that matched no resource method so far. */
    synchronized List<String> unmatched() {
        return new ArrayList<>(unmatched);
    }

    /** Returns the route template of a resource method, such as {@code /calls/{callId}}. */
    static String template(Class<?> resource, Method method) {
        StringBuilder path = new StringBuilder();
        append(path, resource.getAnnotation(Path.class));
        append(path, method.getAnnotation(Path.class));
        return path.isEmpty() ? "/" : path.toString();
    }

    private static void append(StringBuilder path, Path annotation) {
        if (annotation == null) {
            return;
        }
        for (String segment : annotation.value().split("/")) {
            if (!segment.isEmpty()) {
                path.append('/').append(segment);
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return null;
    }

    private record Entry(String text, String method, String template, boolean prefix) {

        static Entry parse(String text) {
            if (text.equals("*")) {
                return new Entry(text, null, "", true);
            }
            int space = text.indexOf(' ');
            String method = space < 0 ? null : text.substring(0, space);
            String template = space < 0 ? text : text.substring(space + 1);
            boolean prefix = template.endsWith("/*");
            if (prefix) {
                template = template.substring(0, template.length() - 2);
            }
            if (template.length() > 1 && template.endsWith("/")) {
                template = template.substring(0, template.length() - 1);
            }
            return new Entry(text, method, template, prefix);
        }

        boolean matches(String httpMethod, String routeTemplate) {
            if (method != null && !method.equals(httpMethod)) {
                return false;
            }
            if (prefix) {
                return template.isEmpty() || routeTemplate.equals(template) || routeTemplate.startsWith(template + "/");
            }
            return routeTemplate.equals(template);
        }
    }
}
