package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.metrics.PlatformMetric;
import com.easymo.tests.monitoring.Dashboards.Expression;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the structure of every Grafana dashboard in {@code monitoring/} with {@link DashboardChecks}, validates it
 * against the JSON Schema of Grafana's dashboard model, and parses every PromQL expression with the real promtool.
 * Copies of a dashboard with one deliberate change show that each check reports the change.
 */
class DashboardStructureTest {

    private static final String OPERATIONS = "operations-dashboard.json";

    /** Panel 2 of the operations dashboard, the first panel after the first row. */
    private static final int REQUEST_RATE_ID = 2;

    private static final String REQUEST_RATE = "panel 2 \"Request rate by service\"";

    private static final String REQUEST_RATE_EXPRESSION =
            "sum by (job) (rate(http_server_requests_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval]))";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDirectory;

    static List<String> dashboardFiles() {
        return Dashboards.files().stream()
                .map(path -> path.getFileName().toString())
                .toList();
    }

    @Test
    void monitoringHasThreeDashboards() {
        assertThat(dashboardFiles())
                .containsExactly("circuit-breakers-dashboard.json", OPERATIONS, "rate-limiting-dashboard.json");
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void fileIsJsonObject(String file) {
        assertThat(read(file).isObject()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void metadataIsComplete(String file) {
        assertThat(DashboardChecks.metadataProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void templatingDefinesFilterVariables(String file) {
        assertThat(DashboardChecks.templatingProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void panelIdsAreUnique(String file) {
        assertThat(DashboardChecks.panelIdProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void gridPositionsFitGrid(String file) {
        assertThat(DashboardChecks.gridPosProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void panelsDoNotOverlap(String file) {
        assertThat(DashboardChecks.overlapProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void variablesAreDefined(String file) {
        assertThat(DashboardChecks.variableProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void panelsUseDatasourceVariable(String file) {
        assertThat(DashboardChecks.datasourceProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void targetsHaveRefIdAndExpr(String file) {
        assertThat(DashboardChecks.targetProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void selectorsFilterJobAndInstance(String file) {
        assertThat(DashboardChecks.filterProblems(read(file))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void expressionsParseWithPromtool(String file) {
        List<Expression> expressions = Dashboards.expressions(file, read(file));
        Path rulesFile = workDirectory.resolve("expressions.yaml");
        DashboardChecks.writeRecordingRules(expressions, rulesFile);

        Promtool.Result result = Promtool.run("check", "rules", rulesFile.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void expressionCheckFindsNoProblems(String file) {
        assertThat(DashboardChecks.expressionProblems(file, read(file), workDirectory))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void dashboardMatchesGrafanaSchema(String file) {
        assertThat(DashboardChecks.schemaProblems(read(file))).isEmpty();
    }

    @Test
    void uidsAreUniqueAcrossFiles() {
        assertThat(DashboardChecks.duplicateUids(Dashboards.readAll())).isEmpty();
    }

    @Test
    void dashboardsUseExportedMetrics() {
        Set<String> used = new TreeSet<>();
        for (String expression : Dashboards.expressions().values()) {
            used.addAll(PromQl.metricNames(expression));
        }

        assertThat(used).isSubsetOf(exportedMetricNames());
    }

    @Test
    void expressionsAreKeyedByTarget() {
        Map<String, String> expressions = Dashboards.expressions();

        assertThat(expressions).containsEntry(OPERATIONS + " / Request rate by service / A", REQUEST_RATE_EXPRESSION);
        assertThat(expressions).hasSize(47);
    }

    @Test
    void panelsIncludeCollapsedRowPanels() {
        List<String> titles = Dashboards.panels(read(OPERATIONS)).stream()
                .map(panel -> panel.path("title").asText())
                .toList();

        assertThat(titles).endsWith("Build and instances", "Instances reporting", "Build versions");
    }

    @Test
    void substitutionReplacesIntervalsAndFilters() {
        String substituted = Dashboards.substituteVariables(
                "rate(x{job=~\"$job\", instance=~\"${instance}\"}[$__rate_interval]) / increase(y[${__range}])");

        assertThat(substituted).isEqualTo("rate(x{job=~\".*\", instance=~\".*\"}[5m]) / increase(y[5m])");
    }

    @Test
    void substitutionKeepsLongerNamesApart() {
        String substituted =
                Dashboards.substituteVariables("x{a=~\"$__interval_ms\", b=~\"${job:regex}\"}[$__interval]");

        assertThat(substituted).isEqualTo("x{a=~\".*\", b=~\".*\"}[5m]");
    }

    @Test
    void missingGridPosIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> panel(root, REQUEST_RATE_ID).remove("gridPos"));

        assertThat(DashboardChecks.problems(dashboard)).containsExactly(REQUEST_RATE + " has no gridPos");
    }

    @Test
    void incompleteGridPosIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS, root -> ((ObjectNode) panel(root, REQUEST_RATE_ID).get("gridPos")).remove("h"));

        assertThat(DashboardChecks.problems(dashboard)).containsExactly(REQUEST_RATE + " has no integer gridPos.h");
    }

    @Test
    void panelBeyondGridIsReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> gridPos(root, 3).put("w", 17));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("panel 3 \"Request rate by route and status class\" ends at column 25 (x 8 + w 17),"
                        + " beyond the grid's 24 columns");
    }

    @Test
    void zeroHeightIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> gridPos(root, REQUEST_RATE_ID).put("h", 0));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(REQUEST_RATE + " has gridPos.h 0, expected at least 1");
    }

    @Test
    void overlappingPanelsAreReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> gridPos(root, 3).put("x", 4));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(REQUEST_RATE + " and panel 3 \"Request rate by route and status class\" overlap");
    }

    @Test
    void duplicatePanelIdIsReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> panel(root, 3).put("id", REQUEST_RATE_ID));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(
                        "panel id 2 is used by \"Request rate by service\" and \"Request rate by route and status"
                                + " class\"");
    }

    @Test
    void duplicateIdInCollapsedRowIsReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> panel(root, 24).put("id", REQUEST_RATE_ID));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("panel id 2 is used by \"Request rate by service\" and \"Build versions\"");
    }

    @Test
    void missingPanelIdIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> panel(root, REQUEST_RATE_ID).remove("id"));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("panel \"Request rate by service\" has no integer id");
    }

    @Test
    void undefinedVariableInTitleIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> panel(root, REQUEST_RATE_ID).put("title", "Request rate on $foo"));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("variable \"foo\" is used at /panels/1/title but not defined in templating");
    }

    @Test
    void undefinedVariableInExprIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS,
                root -> target(root, REQUEST_RATE_ID)
                        .put("expr", REQUEST_RATE_EXPRESSION.replace("instance=~", "route=~\"${foo}\", instance=~")));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("variable \"foo\" is used at /panels/1/targets/0/expr but not defined in templating");
    }

    @Test
    void foreignDatasourceIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS,
                root -> ((ObjectNode) panel(root, REQUEST_RATE_ID).get("datasource")).put("uid", "prometheus-prod"));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(REQUEST_RATE + " has datasource uid \"prometheus-prod\", expected \"${datasource}\"");
    }

    @Test
    void emptyExprIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> target(root, REQUEST_RATE_ID).put("expr", ""));

        assertThat(DashboardChecks.problems(dashboard)).containsExactly(REQUEST_RATE + " target A has no expr");
    }

    @Test
    void missingRefIdIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> target(root, REQUEST_RATE_ID).remove("refId"));

        assertThat(DashboardChecks.problems(dashboard)).containsExactly(REQUEST_RATE + " target 0 has no refId");
    }

    @Test
    void missingJobFilterIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS,
                root -> target(root, REQUEST_RATE_ID)
                        .put("expr", REQUEST_RATE_EXPRESSION.replace("job=~\"$job\", ", "")));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(REQUEST_RATE + " target A selects http_server_requests_total without job=~\"$job\"");
    }

    @Test
    void fixedRangeIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS,
                root -> target(root, REQUEST_RATE_ID)
                        .put("expr", REQUEST_RATE_EXPRESSION.replace("$__rate_interval", "5m")));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly(REQUEST_RATE + " target A uses the range [5m], expected [$__rate_interval]");
    }

    @Test
    void oldSchemaVersionIsReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> root.put("schemaVersion", 36));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("dashboard has schemaVersion 36, expected 39 or later");
    }

    @Test
    void missingUidIsReported() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> root.remove("uid"));

        assertThat(DashboardChecks.problems(dashboard)).containsExactly("dashboard has no uid");
    }

    @Test
    void singleValueJobVariableIsReported() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> variable(root, "job").put("multi", false));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("variable \"job\" does not allow multiple values");
    }

    @Test
    void changedInstanceQueryIsReported() {
        JsonNode dashboard = changedCopy(
                OPERATIONS,
                root -> variable(root, "instance")
                        .put("query", "label_values(up, instance)")
                        .put("definition", "label_values(up, instance)"));

        assertThat(DashboardChecks.problems(dashboard))
                .containsExactly("variable \"instance\" has query 'label_values(up, instance)', expected"
                        + " 'label_values(easymo_build_info{job=~\"$job\"}, instance)'");
    }

    @Test
    void unbalancedParenthesisFailsPromtool() {
        String broken = REQUEST_RATE_EXPRESSION.substring(0, REQUEST_RATE_EXPRESSION.length() - 1);
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> target(root, REQUEST_RATE_ID).put("expr", broken));

        // promtool points at column 78, just after the end of the substituted expression, which is 77 characters.
        assertThat(DashboardChecks.expressionProblems(OPERATIONS, dashboard, workDirectory))
                .containsExactly(OPERATIONS + " / Request rate by service / A: could not parse expression: 1:78:"
                        + " parse error: unclosed left parenthesis");
    }

    @Test
    void unbalancedParenthesisPassesOtherChecks() {
        String broken = REQUEST_RATE_EXPRESSION.substring(0, REQUEST_RATE_EXPRESSION.length() - 1);
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> target(root, REQUEST_RATE_ID).put("expr", broken));

        assertThat(DashboardChecks.problems(dashboard)).isEmpty();
    }

    @Test
    void unknownDashboardFieldFailsSchema() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> root.put("refreshInterval", "30s"));

        assertThat(DashboardChecks.schemaProblems(dashboard))
                .containsExactly("(root): property 'refreshInterval' is not defined in the schema and the schema does"
                        + " not allow additional properties");
    }

    @Test
    void misspelledPanelFieldFailsSchema() {
        JsonNode dashboard = changedCopy(OPERATIONS, root -> {
            ObjectNode panel = panel(root, REQUEST_RATE_ID);
            panel.set("gridpos", panel.remove("gridPos"));
        });

        // The validator also lists why the panel is no row panel, the other type a panel may have.
        assertThat(DashboardChecks.schemaProblems(dashboard))
                .contains("/panels/1: property 'gridpos' is not defined in the schema and the schema does not allow"
                        + " additional properties");
    }

    @Test
    void textGridWidthFailsSchema() {
        JsonNode dashboard =
                changedCopy(OPERATIONS, root -> gridPos(root, REQUEST_RATE_ID).put("w", "8"));

        assertThat(DashboardChecks.schemaProblems(dashboard))
                .contains("/panels/1/gridPos/w: string found, number expected");
    }

    @Test
    void duplicateUidIsReported() {
        JsonNode copy = changedCopy(OPERATIONS, root -> root.put("title", "easymo / Operations (copy)"));
        Map<String, JsonNode> dashboards = new LinkedHashMap<>(Dashboards.readAll());
        dashboards.put("copy-dashboard.json", copy);

        assertThat(DashboardChecks.duplicateUids(dashboards))
                .containsExactly(
                        "uid \"easymo-operations\" is used by operations-dashboard.json and copy-dashboard.json");
    }

    @Test
    void trailingCommaFailsToParse() throws IOException {
        Path file = workDirectory.resolve(OPERATIONS);
        Files.writeString(file, "{\"title\": \"easymo\", \"uid\": \"x\",}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Dashboards.read(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Failed to parse the dashboard " + file + " as JSON");
    }

    @Test
    void duplicateKeyFailsToParse() throws IOException {
        Path file = workDirectory.resolve(OPERATIONS);
        Files.writeString(file, "{\"uid\": \"a\", \"uid\": \"b\"}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Dashboards.read(file))
                .isInstanceOf(UncheckedIOException.class)
                .rootCause()
                .hasMessageStartingWith("Duplicate field 'uid'");
    }

    private static JsonNode read(String file) {
        return Dashboards.read(MonitoringFiles.monitoringDirectory().resolve(file));
    }

    /** Writes a changed copy of a dashboard to the test's temporary directory and parses it back. */
    private JsonNode changedCopy(String file, Consumer<ObjectNode> change) {
        ObjectNode copy = read(file).deepCopy();
        change.accept(copy);
        Path changed = workDirectory.resolve(file);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(changed.toFile(), copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write " + changed, e);
        }
        return Dashboards.read(changed);
    }

    private static ObjectNode panel(JsonNode dashboard, int id) {
        return (ObjectNode) Dashboards.panels(dashboard).stream()
                .filter(panel -> panel.path("id").asInt() == id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No panel has id " + id));
    }

    private static ObjectNode gridPos(JsonNode dashboard, int panelId) {
        return (ObjectNode) panel(dashboard, panelId).get("gridPos");
    }

    private static ObjectNode target(JsonNode dashboard, int panelId) {
        return (ObjectNode) panel(dashboard, panelId).get("targets").get(0);
    }

    private static ObjectNode variable(JsonNode dashboard, String name) {
        ArrayNode variables = (ArrayNode) dashboard.path("templating").path("list");
        for (JsonNode variable : variables) {
            if (variable.path("name").asText().equals(name)) {
                return (ObjectNode) variable;
            }
        }
        throw new IllegalArgumentException("No variable is named " + name);
    }

    /**
     * Returns every metric name the services can export: the platform metrics, with the series names of histograms
     * and summaries, and the JVM and process metrics of client_java's {@link JvmMetrics} as scraped in this JVM.
     */
    private static Set<String> exportedMetricNames() {
        Set<String> names = new TreeSet<>();
        for (PlatformMetric metric : PlatformMetric.values()) {
            String name = metric.exposedName();
            switch (metric.type()) {
                case HISTOGRAM -> names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
                // The outbound client summary has quantiles and a count but no sum.
                case SUMMARY -> names.addAll(List.of(name, name + "_count"));
                default -> names.add(name);
            }
        }

        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        String scrape = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
