package com.easymo.tests.monitoring;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Grafana dashboards in {@code monitoring/}, the files whose names end with {@code -dashboard.json}, and
 * lists their panels and PromQL expressions.
 */
public final class Dashboards {

    /** Suffix of every dashboard file name in {@code monitoring/}. */
    public static final String FILE_SUFFIX = "-dashboard.json";

    /** The replacement for Grafana's interval and range variables when promtool parses an expression. */
    public static final String SUBSTITUTED_DURATION = "5m";

    /** The replacement for every other variable: a regular expression that matches any label value. */
    public static final String SUBSTITUTED_REGEX = ".*";

    /**
     * Rejects duplicate keys, of which a JavaScript parser keeps only the last value without a warning, and content
     * after the top-level value.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * A Grafana variable reference: {@code ${name}} with an optional format or field path such as
     * {@code ${name:regex}} or {@code ${__field.labels.job}}, {@code $name}, or the deprecated {@code [[name]]}.
     */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:.][^}]*)?}"
            + "|\\$([A-Za-z_][A-Za-z0-9_]*)"
            + "|\\[\\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\\]]*)?]]");

    private Dashboards() {}

    /** Returns every {@code *-dashboard.json} file in {@code monitoring/}, sorted by name. */
    public static List<Path> files() {
        return files(MonitoringFiles.monitoringDirectory());
    }

    /** Returns every {@code *-dashboard.json} file in a directory, sorted by name. */
    public static List<Path> files(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(FILE_SUFFIX))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list the dashboards in " + directory, e);
        }
    }

    /**
     * Parses a dashboard file.
     *
     * @throws UncheckedIOException if the file cannot be read or is not valid JSON, including duplicate keys
     */
    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to parse the dashboard " + file + " as JSON", e);
        }
    }

    /** Returns every dashboard of {@code monitoring/} by file name, sorted by file name. */
    public static Map<String, JsonNode> readAll() {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        for (Path file : files()) {
            dashboards.put(file.getFileName().toString(), read(file));
        }
        return Collections.unmodifiableMap(dashboards);
    }

    /**
     * Returns every panel in document order: each top-level panel, and after a row the panels nested in it, which is
     * where Grafana stores the panels of a collapsed row.
     */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return List.copyOf(panels);
    }

    /** Returns the expression of every target of every panel, in document order. */
    public static List<Expression> expressions(String fileName, JsonNode dashboard) {
        List<Expression> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    expressions.add(new Expression(
                            fileName,
                            panel.path("title").asText(),
                            target.path("refId").asText(),
                            target.get("expr").asText()));
                }
            }
        }
        return List.copyOf(expressions);
    }

    /**
     * Returns every expression of every dashboard in {@code monitoring/}, keyed by "file / panel title / refId", in
     * file and document order.
     *
     * @throws IllegalStateException if two targets have the same key
     */
    public static Map<String, String> expressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        readAll().forEach((fileName, dashboard) -> {
            for (Expression expression : expressions(fileName, dashboard)) {
                if (expressions.putIfAbsent(expression.key(), expression.expression()) != null) {
                    throw new IllegalStateException("Two targets are named " + expression.key()
                            + "; give each panel of a dashboard a unique title and each target a unique refId.");
                }
            }
        });
        return Collections.unmodifiableMap(expressions);
    }

    /**
     * Replaces Grafana variables so that promtool can parse the expression: {@code $__rate_interval},
     * {@code $__interval} and {@code $__range} become {@value #SUBSTITUTED_DURATION}, and every other variable, such
     * as {@code $job} or {@code ${instance}}, becomes {@value #SUBSTITUTED_REGEX}. The second replacement yields valid
     * PromQL only where the variable is inside a regular expression matcher such as {@code job=~"$job"}.
     */
    public static String substituteVariables(String expression) {
        Matcher matcher = VARIABLE.matcher(expression);
        StringBuilder substituted = new StringBuilder();
        while (matcher.find()) {
            String name = variableName(matcher);
            String replacement = isDurationVariable(name) ? SUBSTITUTED_DURATION : SUBSTITUTED_REGEX;
            matcher.appendReplacement(substituted, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(substituted);
        return substituted.toString();
    }

    /** Returns the names of the Grafana variables that a text refers to, in order and with repeats. */
    public static List<String> variableNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(variableName(matcher));
        }
        return List.copyOf(names);
    }

    private static String variableName(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        throw new IllegalStateException("The variable pattern matched without a name: " + matcher.group());
    }

    private static boolean isDurationVariable(String name) {
        return name.equals("__rate_interval") || name.equals("__interval") || name.equals("__range");
    }

    /**
     * The PromQL expression of one panel target.
     *
     * @param file the dashboard's file name, such as {@code operations-dashboard.json}
     * @param panelTitle the title of the panel
     * @param refId the target's reference id, such as {@code A}
     * @param expression the expression as written, with Grafana variables
     */
    public record Expression(String file, String panelTitle, String refId, String expression) {

        /** Returns "file / panel title / refId", which names the target in messages and maps. */
        public String key() {
            return file + " / " + panelTitle + " / " + refId;
        }
    }
}
