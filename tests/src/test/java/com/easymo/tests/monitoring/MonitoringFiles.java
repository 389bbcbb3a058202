package com.easymo.tests.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locates the Prometheus configuration, the alerting rules and their unit tests in {@code monitoring/} and the
 * runbooks in {@code runbooks/}, and reads the alerting rules.
 */
public final class MonitoringFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    private MonitoringFiles() {}

    /**
     * Returns the repository root: the working directory or its nearest parent that contains both {@code monitoring/}
     * and {@code runbooks/}. Maven runs the tests in the module directory, one level below the root.
     *
     * @throws IllegalStateException if no such directory exists
     */
    public static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isDirectory(directory.resolve("monitoring"))
                    && Files.isDirectory(directory.resolve("runbooks"))) {
                return directory;
            }
        }
        throw new IllegalStateException("No directory containing monitoring/ and runbooks/ was found at or above "
                + start + ". Run the tests from the repository root or from one of its modules.");
    }

    public static Path monitoringDirectory() {
        return repositoryRoot().resolve("monitoring");
    }

    public static Path runbooksDirectory() {
        return repositoryRoot().resolve("runbooks");
    }

    /** Returns the path of {@code monitoring/alerting-rules.yaml}. */
    public static Path alertingRules() {
        return monitoringDirectory().resolve("alerting-rules.yaml");
    }

    /** Returns the path of the {@code promtool test rules} file, {@code monitoring/tests/alerting-rules-test.yaml}. */
    public static Path alertingRulesTests() {
        return monitoringDirectory().resolve("tests").resolve("alerting-rules-test.yaml");
    }

    /** Returns the path of {@code monitoring/prometheus.yml}. */
    public static Path prometheusConfig() {
        return monitoringDirectory().resolve("prometheus.yml");
    }

    /** Reads every alerting rule of {@code monitoring/alerting-rules.yaml}, in file order. */
    public static List<AlertRule> alertRules() {
        return alertRules(alertingRules());
    }

    /** Reads every alerting rule of a Prometheus rules file, in file order. Recording rules are left out. */
    public static List<AlertRule> alertRules(Path rulesFile) {
        JsonNode root = readYaml(rulesFile);
        List<AlertRule> alerts = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            String groupName = group.path("name").asText();
            for (JsonNode rule : group.path("rules")) {
                if (rule.hasNonNull("alert")) {
                    alerts.add(new AlertRule(
                            groupName,
                            rule.get("alert").asText(),
                            rule.path("expr").asText(),
                            rule.path("for").asText(""),
                            strings(rule.path("labels")),
                            strings(rule.path("annotations"))));
                }
            }
        }
        return List.copyOf(alerts);
    }

    /**
     * Returns the expression of every alert in {@code monitoring/alerting-rules.yaml}, by alert name, in file order.
     *
     * @throws IllegalStateException if two alerts have the same name
     */
    public static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (AlertRule alert : alertRules()) {
            if (expressions.putIfAbsent(alert.name(), alert.expression()) != null) {
                throw new IllegalStateException("Alert " + alert.name() + " is defined more than once in "
                        + alertingRules() + "; give each alert a unique name.");
            }
        }
        return Collections.unmodifiableMap(expressions);
    }

    /** Parses a YAML file into a tree. */
    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read YAML file " + file, e);
        }
    }

    private static Map<String, String> strings(JsonNode mapping) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * One alerting rule.
     *
     * @param group the name of the rule group
     * @param name the alert name
     * @param expression the PromQL expression
     * @param forDuration the {@code for} duration as written, or an empty string when the rule has none
     * @param labels the rule's labels, such as {@code severity}
     * @param annotations the rule's annotation templates, such as {@code summary} and {@code runbook_url}
     */
    public record AlertRule(
            String group,
            String name,
            String expression,
            String forDuration,
            Map<String, String> labels,
            Map<String, String> annotations) {

        @Override
        public String toString() {
            return name;
        }
    }
}
