package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.monitoring.MonitoringFiles.AlertRule;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real promtool on {@code monitoring/}: the rules and the configuration pass its checks and the rules pass
 * their unit tests, and copies with one deliberate change fail them.
 */
class AlertingRulesTest {

    private static final List<String> ALERTS = List.of(
            "ServiceInstanceDown",
            "HighServerErrorRate",
            "LatencyP95AboveObjective",
            "CircuitBreakerOpen",
            "RateLimitRejectionsSpiking",
            "RateLimitStoreOnFallback",
            "CredentialReloadFailed");

    @TempDir
    Path workDirectory;

    @Test
    void rulesDefineExpectedAlerts() {
        List<String> names =
                MonitoringFiles.alertRules().stream().map(AlertRule::name).toList();

        assertThat(names).containsExactlyElementsOf(ALERTS);
    }

    @Test
    void checkRulesPasses() {
        Promtool.Result result =
                Promtool.run("check", "rules", MonitoringFiles.alertingRules().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void unitTestsPass() {
        Promtool.Result result = Promtool.run(
                "test", "rules", MonitoringFiles.alertingRulesTests().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("SUCCESS");
    }

    @Test
    void checkConfigPasses() {
        Promtool.Result result = Promtool.run(
                "check", "config", MonitoringFiles.prometheusConfig().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("is valid prometheus config file syntax");
        assertThat(result.stdout()).as(result.toString()).contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void unitTestsFireEveryAlert() {
        assertThat(testedAlerts(true)).containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void unitTestsKeepEveryAlertQuiet() {
        assertThat(testedAlerts(false)).containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void brokenExpressionFailsCheck() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(monitoring.resolve("alerting-rules.yaml"), ") > 0.05", ") > > 0.05");

        Promtool.Result result = Promtool.run(
                "check", "rules", monitoring.resolve("alerting-rules.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("\"HighServerErrorRate\": could not parse");
    }

    @Test
    void brokenExpressionFailsConfigCheck() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(monitoring.resolve("alerting-rules.yaml"), ") > 0.05", ") > > 0.05");

        Promtool.Result result = Promtool.run(
                "check", "config", monitoring.resolve("prometheus.yml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("\"HighServerErrorRate\": could not parse");
    }

    @Test
    void changedThresholdFailsUnitTests() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(monitoring.resolve("alerting-rules.yaml"), ") > 0.05", ") > 0.5");

        Promtool.Result result = Promtool.run(
                "test",
                "rules",
                monitoring.resolve("tests/alerting-rules-test.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("alertname: HighServerErrorRate, time: 6m");
    }

    @Test
    void changedForDurationFailsUnitTests() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(monitoring.resolve("alerting-rules.yaml"), "for: 2m", "for: 1m");

        Promtool.Result result = Promtool.run(
                "test",
                "rules",
                monitoring.resolve("tests/alerting-rules-test.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("alertname: RateLimitStoreOnFallback, time: 3m");
    }

    @Test
    void changedExpectedLabelFailsUnitTests() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(monitoring.resolve("tests/alerting-rules-test.yaml"), "on_failure: deny", "on_failure: allow");

        Promtool.Result result = Promtool.run(
                "test",
                "rules",
                monitoring.resolve("tests/alerting-rules-test.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("alertname: RateLimitStoreOnFallback, time: 4m");
    }

    @Test
    void changedExpectedAnnotationFailsUnitTests() throws IOException {
        Path monitoring = copyMonitoring();
        replaceOnce(
                monitoring.resolve("tests/alerting-rules-test.yaml"),
                "summary: Circuit breaker telephony of voice-bridge is open",
                "summary: Circuit breaker telephony of voice-bridge is closed");

        Promtool.Result result = Promtool.run(
                "test",
                "rules",
                monitoring.resolve("tests/alerting-rules-test.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).as(result.toString()).contains("alertname: CircuitBreakerOpen, time: 3m");
    }

    /**
     * Returns the alert names that the unit tests check at some time with at least one expected alert ({@code firing}
     * true), or with none.
     */
    private static Set<String> testedAlerts(boolean firing) {
        JsonNode tests = MonitoringFiles.readYaml(MonitoringFiles.alertingRulesTests());
        Set<String> alerts = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (check.path("exp_alerts").isEmpty() != firing) {
                    alerts.add(check.path("alertname").asText());
                }
            }
        }
        return alerts;
    }

    /** Copies the rules, their unit tests and the configuration into the same layout under the test's directory. */
    private Path copyMonitoring() throws IOException {
        Path monitoring = workDirectory.resolve("monitoring");
        Files.createDirectories(monitoring.resolve("tests"));
        Files.copy(MonitoringFiles.alertingRules(), monitoring.resolve("alerting-rules.yaml"));
        Files.copy(MonitoringFiles.prometheusConfig(), monitoring.resolve("prometheus.yml"));
        Files.copy(MonitoringFiles.alertingRulesTests(), monitoring.resolve("tests/alerting-rules-test.yaml"));
        return monitoring;
    }

    /** Replaces the single occurrence of {@code target} in the file, so a change to the file cannot hide the edit. */
    private static void replaceOnce(Path file, String target, String replacement) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int first = text.indexOf(target);

        assertThat(first)
                .as("'%s' must occur in %s; update this test to match the file", target, file)
                .isNotNegative();
        assertThat(text.indexOf(target, first + 1))
                .as("'%s' must occur only once in %s; update this test to match the file", target, file)
                .isNegative();

        Files.writeString(file, text.replace(target, replacement), StandardCharsets.UTF_8);
    }
}
