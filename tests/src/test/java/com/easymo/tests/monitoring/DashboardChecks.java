package com.easymo.tests.monitoring;

import com.easymo.tests.monitoring.Dashboards.Expression;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural checks of a Grafana dashboard model. Each check returns a list of problems, one sentence each, and an
 * empty list when the dashboard passes. A failing test then shows every problem at once, and a test of a check can
 * assert the exact problem that a broken dashboard produces.
 */
public final class DashboardChecks {

    /** Width of Grafana's dashboard grid, in columns. */
    public static final int GRID_COLUMNS = 24;

    /** Oldest accepted value of the dashboard's {@code schemaVersion}. */
    public static final int MINIMUM_SCHEMA_VERSION = 39;

    /** The data source reference that every panel and target uses, so that the data source variable applies. */
    public static final String DATASOURCE_UID = "${datasource}";

    public static final String DATASOURCE_TYPE = "prometheus";

    /** Variables that every dashboard defines, with the query that lists their values. */
    public static final Map<String, String> FILTER_VARIABLES = filterVariables();

    /**
     * Grafana's global variables and the variables of data links, which need no definition in {@code templating}.
     */
    public static final Set<String> BUILT_IN_VARIABLES = Set.of(
            "__interval",
            "__interval_ms",
            "__rate_interval",
            "__rate_interval_ms",
            "__range",
            "__range_s",
            "__range_ms",
            "__from",
            "__to",
            "__now",
            "__dashboard",
            "__org",
            "__user",
            "__name",
            "__timezone",
            "__timeFilter",
            "timeFilter",
            "__all_variables",
            "__url_time_range",
            "__url",
            "__data",
            "__field",
            "__series",
            "__value",
            "__cell");

    /** A label matcher list: braces around matchers whose quoted values may themselves contain braces. */
    private static final String MATCHERS = "\\{(?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*}";

    private static final Pattern QUOTED_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
    private static final Set<String> ALLOWED_RANGES =
            Set.of("$__rate_interval", "${__rate_interval}", "$__range", "${__range}");
    private static final Pattern PROMTOOL_RULE_ERROR = Pattern.compile("\"dashboard:expr_(\\d+)\": (.*)");

    private static final YAMLMapper YAML = new YAMLMapper();

    private DashboardChecks() {}

    /**
     * Runs every check except {@link #expressionProblems}, which runs promtool, and {@link #schemaProblems}, and
     * returns all problems found.
     */
    public static List<String> problems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        problems.addAll(metadataProblems(dashboard));
        problems.addAll(templatingProblems(dashboard));
        problems.addAll(panelIdProblems(dashboard));
        problems.addAll(gridPosProblems(dashboard));
        problems.addAll(overlapProblems(dashboard));
        problems.addAll(variableProblems(dashboard));
        problems.addAll(datasourceProblems(dashboard));
        problems.addAll(targetProblems(dashboard));
        problems.addAll(filterProblems(dashboard));
        return List.copyOf(problems);
    }

    /** Checks the title, uid, schemaVersion, tags, time range and refresh interval. */
    public static List<String> metadataProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        if (!hasText(dashboard.path("title"))) {
            problems.add("dashboard has no title");
        }
        if (!hasText(dashboard.path("uid"))) {
            problems.add("dashboard has no uid");
        }
        JsonNode schemaVersion = dashboard.path("schemaVersion");
        if (!schemaVersion.isInt()) {
            problems.add("dashboard has no integer schemaVersion");
        } else if (schemaVersion.asInt() < MINIMUM_SCHEMA_VERSION) {
            problems.add("dashboard has schemaVersion " + schemaVersion.asInt() + ", expected " + MINIMUM_SCHEMA_VERSION
                    + " or later");
        }
        if (!dashboard.path("tags").isArray() || dashboard.path("tags").isEmpty()) {
            problems.add("dashboard has no tags");
        }
        if (!hasText(dashboard.path("time").path("from"))
                || !hasText(dashboard.path("time").path("to"))) {
            problems.add("dashboard has no time range (time.from and time.to)");
        }
        if (!dashboard.path("refresh").isTextual()) {
            problems.add("dashboard has no refresh interval");
        }
        return List.copyOf(problems);
    }

    /**
     * Checks the template variables: names are unique, {@code datasource} selects a Prometheus data source, and
     * {@code job} and {@code instance} list the values of {@code easymo_build_info} with multiple values and an All
     * option.
     */
    public static List<String> templatingProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            if (variables.putIfAbsent(name, variable) != null) {
                problems.add("variable \"" + name + "\" is defined more than once");
            }
        }

        JsonNode datasource = variables.get("datasource");
        if (datasource == null) {
            problems.add("variable \"datasource\" is missing from templating");
        } else {
            expectText(problems, datasource, "type", "datasource");
            expectText(problems, datasource, "query", DATASOURCE_TYPE);
        }

        FILTER_VARIABLES.forEach((name, query) -> {
            JsonNode variable = variables.get(name);
            if (variable == null) {
                problems.add("variable \"" + name + "\" is missing from templating");
                return;
            }
            expectText(problems, variable, "type", "query");
            String actualQuery = variableQuery(variable);
            if (!actualQuery.equals(query)) {
                problems.add("variable \"" + name + "\" has query '" + actualQuery + "', expected '" + query + "'");
            }
            if (!variable.path("multi").asBoolean(false)) {
                problems.add("variable \"" + name + "\" does not allow multiple values");
            }
            if (!variable.path("includeAll").asBoolean(false)) {
                problems.add("variable \"" + name + "\" has no All option");
            }
        });
        return List.copyOf(problems);
    }

    /** Checks that every panel, rows included, has an integer id that no other panel of the dashboard uses. */
    public static List<String> panelIdProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        Map<Integer, JsonNode> panelsById = new HashMap<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            JsonNode id = panel.path("id");
            if (!id.isInt()) {
                problems.add(describe(panel) + " has no integer id");
                continue;
            }
            JsonNode first = panelsById.putIfAbsent(id.asInt(), panel);
            if (first != null) {
                problems.add("panel id " + id.asInt() + " is used by \""
                        + first.path("title").asText() + "\" and \""
                        + panel.path("title").asText() + "\"");
            }
        }
        return List.copyOf(problems);
    }

    /** Checks that every panel has a gridPos with integer h, w, x and y that fits in the grid's 24 columns. */
    public static List<String> gridPosProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            JsonNode gridPos = panel.path("gridPos");
            if (!gridPos.isObject()) {
                problems.add(describe(panel) + " has no gridPos");
                continue;
            }
            boolean complete = true;
            for (String field : List.of("h", "w", "x", "y")) {
                if (!gridPos.path(field).isInt()) {
                    problems.add(describe(panel) + " has no integer gridPos." + field);
                    complete = false;
                }
            }
            if (!complete) {
                continue;
            }
            int h = gridPos.get("h").asInt();
            int w = gridPos.get("w").asInt();
            int x = gridPos.get("x").asInt();
            int y = gridPos.get("y").asInt();
            if (h <= 0) {
                problems.add(describe(panel) + " has gridPos.h " + h + ", expected at least 1");
            }
            if (w <= 0) {
                problems.add(describe(panel) + " has gridPos.w " + w + ", expected at least 1");
            }
            if (x < 0) {
                problems.add(describe(panel) + " has gridPos.x " + x + ", expected at least 0");
            }
            if (y < 0) {
                problems.add(describe(panel) + " has gridPos.y " + y + ", expected at least 0");
            }
            if (x + w > GRID_COLUMNS) {
                problems.add(describe(panel) + " ends at column " + (x + w) + " (x " + x + " + w " + w
                        + "), beyond the grid's " + GRID_COLUMNS + " columns");
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Checks that no two panels cover the same grid cell. The top-level panels are compared with each other, and
     * the panels inside each collapsed row with each other, because Grafana places a collapsed row's panels only
     * when the row is expanded and then moves the panels below it down. Panels without a complete gridPos are
     * skipped, since {@link #gridPosProblems} reports them.
     */
    public static List<String> overlapProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        problems.addAll(overlaps(dashboard.path("panels")));
        for (JsonNode panel : dashboard.path("panels")) {
            problems.addAll(overlaps(panel.path("panels")));
        }
        return List.copyOf(problems);
    }

    /**
     * Checks that every variable that a text value of the dashboard refers to, as {@code $name}, {@code ${name}} or
     * {@code [[name]]}, is defined in {@code templating} or is one of {@link #BUILT_IN_VARIABLES}. Each problem
     * names the JSON pointer of the value.
     */
    public static List<String> variableProblems(JsonNode dashboard) {
        Set<String> defined = new HashSet<>(BUILT_IN_VARIABLES);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            defined.add(variable.path("name").asText());
        }
        List<String> problems = new ArrayList<>();
        collectUndefinedVariables(dashboard, "", defined, problems);
        return List.copyOf(problems);
    }

    /**
     * Checks that every panel other than a row, and every target that names a data source, uses the Prometheus data
     * source chosen by the {@code datasource} variable.
     */
    public static List<String> datasourceProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            if (isRow(panel)) {
                continue;
            }
            checkDatasource(problems, describe(panel), panel.path("datasource"));
            for (JsonNode target : panel.path("targets")) {
                if (target.has("datasource")) {
                    checkDatasource(
                            problems,
                            describe(panel) + " target " + target.path("refId").asText("without refId"),
                            target.path("datasource"));
                }
            }
        }
        return List.copyOf(problems);
    }

    /** Checks that every panel other than a row has targets, each with a unique refId and a non-empty expr. */
    public static List<String> targetProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            if (isRow(panel)) {
                continue;
            }
            if (!panel.path("targets").isArray() || panel.path("targets").isEmpty()) {
                problems.add(describe(panel) + " has no targets");
                continue;
            }
            Set<String> refIds = new HashSet<>();
            int index = 0;
            for (JsonNode target : panel.path("targets")) {
                String name = describe(panel) + " target " + index;
                if (!hasText(target.path("refId"))) {
                    problems.add(name + " has no refId");
                } else {
                    name = describe(panel) + " target " + target.get("refId").asText();
                    if (!refIds.add(target.get("refId").asText())) {
                        problems.add(describe(panel) + " has more than one target with refId "
                                + target.get("refId").asText());
                    }
                }
                if (!hasText(target.path("expr"))) {
                    problems.add(name + " has no expr");
                }
                index++;
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Checks that every metric selector of every expression has the matchers {@code job=~"$job"} and
     * {@code instance=~"$instance"}, and that every range is {@code [$__rate_interval]} or {@code [$__range]}, which
     * Grafana sizes to the scrape interval and the panel's time range.
     */
    public static List<String> filterProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (!hasText(target.path("expr"))) {
                    continue;
                }
                String name =
                        describe(panel) + " target " + target.path("refId").asText();
                String expression = target.get("expr").asText();
                problems.addAll(selectorProblems(name, expression));
                problems.addAll(rangeProblems(name, expression));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Validates the dashboard against {@code monitoring/schema/dashboard.schema.json}, the JSON Schema that
     * {@code monitoring/schema/generate.sh} generates from the Dashboard interface of the {@code @grafana/schema} npm
     * package. Each problem is the validator's message, which starts with the JSON pointer of the invalid value, or
     * with {@code (root)} for the dashboard object itself.
     */
    public static List<String> schemaProblems(JsonNode dashboard) {
        // A panel matches either Panel or RowPanel, so the validator reports the errors of both branches, and an
        // error in a part they share, such as gridPos, twice.
        Set<String> problems = new LinkedHashSet<>();
        for (Error error : GrafanaSchema.DASHBOARD.validate(dashboard)) {
            String message = error.toString();
            problems.add(message.startsWith(":") ? "(root)" + message : message);
        }
        return List.copyOf(problems);
    }

    /** Checks that no two dashboards, keyed by file name, have the same uid. */
    public static List<String> duplicateUids(Map<String, JsonNode> dashboardsByFile) {
        List<String> problems = new ArrayList<>();
        Map<String, String> filesByUid = new HashMap<>();
        dashboardsByFile.forEach((file, dashboard) -> {
            String uid = dashboard.path("uid").asText();
            String first = filesByUid.putIfAbsent(uid, file);
            if (first != null) {
                problems.add("uid \"" + uid + "\" is used by " + first + " and " + file);
            }
        });
        return List.copyOf(problems);
    }

    /**
     * Parses every expression of the dashboard with {@code promtool check rules}: each one, with its variables
     * substituted by {@link Dashboards#substituteVariables}, becomes the recording rule {@code dashboard:expr_<n>}
     * in a rules file in {@code workDirectory}. Each problem names the target ("file / panel title / refId") and
     * quotes promtool's message, whose line and column refer to the substituted expression.
     */
    public static List<String> expressionProblems(String fileName, JsonNode dashboard, Path workDirectory) {
        List<Expression> expressions = Dashboards.expressions(fileName, dashboard);
        if (expressions.isEmpty()) {
            return List.of();
        }
        Path rulesFile = workDirectory.resolve(fileName.replace(".json", "") + "-expressions.yaml");
        writeRecordingRules(expressions, rulesFile);

        Promtool.Result result = Promtool.run("check", "rules", rulesFile.toString());
        if (result.exitCode() == 0) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            Matcher error = PROMTOOL_RULE_ERROR.matcher(line);
            if (error.find()) {
                int index = Integer.parseInt(error.group(1)) - 1;
                problems.add(expressions.get(index).key() + ": " + error.group(2));
            }
        }
        if (problems.isEmpty()) {
            problems.add("promtool rejected the expressions without naming one: " + result);
        }
        return List.copyOf(problems);
    }

    /** Writes the expressions as the recording rules dashboard:expr_1, dashboard:expr_2 and so on. */
    static void writeRecordingRules(List<Expression> expressions, Path rulesFile) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode group = root.putArray("groups").addObject();
        group.put("name", "dashboard-expressions");
        ArrayNode rules = group.putArray("rules");
        for (int i = 0; i < expressions.size(); i++) {
            rules.addObject()
                    .put("record", "dashboard:expr_" + (i + 1))
                    .put(
                            "expr",
                            Dashboards.substituteVariables(expressions.get(i).expression()));
        }
        try {
            YAML.writeValue(rulesFile.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the rules file " + rulesFile, e);
        }
    }

    /** Loads the schema on first use, so that the other checks work without the schema file. */
    private static final class GrafanaSchema {

        static final Schema DASHBOARD = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(Dashboards.read(schemaFile()));

        static Path schemaFile() {
            return MonitoringFiles.monitoringDirectory().resolve("schema").resolve("dashboard.schema.json");
        }
    }

    private static List<String> overlaps(JsonNode panels) {
        List<JsonNode> placed = new ArrayList<>();
        for (JsonNode panel : panels) {
            if (hasCompleteGridPos(panel)) {
                placed.add(panel);
            }
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                if (overlap(placed.get(i).get("gridPos"), placed.get(j).get("gridPos"))) {
                    problems.add(describe(placed.get(i)) + " and " + describe(placed.get(j)) + " overlap");
                }
            }
        }
        return problems;
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        int ax = a.get("x").asInt();
        int ay = a.get("y").asInt();
        int bx = b.get("x").asInt();
        int by = b.get("y").asInt();
        boolean columnsOverlap =
                ax < bx + b.get("w").asInt() && bx < ax + a.get("w").asInt();
        boolean rowsOverlap =
                ay < by + b.get("h").asInt() && by < ay + a.get("h").asInt();
        return columnsOverlap && rowsOverlap;
    }

    private static boolean hasCompleteGridPos(JsonNode panel) {
        JsonNode gridPos = panel.path("gridPos");
        return gridPos.path("h").isInt()
                && gridPos.path("w").isInt()
                && gridPos.path("x").isInt()
                && gridPos.path("y").isInt();
    }

    private static void collectUndefinedVariables(
            JsonNode node, String pointer, Set<String> defined, List<String> problems) {
        if (node.isTextual()) {
            for (String name : Dashboards.variableNames(node.asText())) {
                if (!defined.contains(name)) {
                    problems.add("variable \"" + name + "\" is used at " + pointer + " but not defined in templating");
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndefinedVariables(node.get(i), pointer + "/" + i, defined, problems);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                // JSON pointer escapes, RFC 6901.
                String key = field.getKey().replace("~", "~0").replace("/", "~1");
                collectUndefinedVariables(field.getValue(), pointer + "/" + key, defined, problems);
            }
        }
    }

    private static void checkDatasource(List<String> problems, String owner, JsonNode datasource) {
        if (!datasource.isObject()) {
            problems.add(owner + " has no datasource object");
            return;
        }
        String type = datasource.path("type").asText();
        String uid = datasource.path("uid").asText();
        if (!type.equals(DATASOURCE_TYPE)) {
            problems.add(owner + " has datasource type \"" + type + "\", expected \"" + DATASOURCE_TYPE + "\"");
        }
        if (!uid.equals(DATASOURCE_UID)) {
            problems.add(owner + " has datasource uid \"" + uid + "\", expected \"" + DATASOURCE_UID + "\"");
        }
    }

    private static List<String> selectorProblems(String name, String expression) {
        List<String> problems = new ArrayList<>();
        Set<String> metrics;
        try {
            metrics = PromQl.metricNames(expression);
        } catch (IllegalArgumentException e) {
            return List.of(name + " could not be scanned for metric names: " + e.getMessage());
        }
        for (String metric : metrics) {
            Matcher selector = Pattern.compile(
                            "(?<![A-Za-z0-9_:])" + Pattern.quote(metric) + "(?![A-Za-z0-9_:])\\s*(" + MATCHERS + ")?")
                    .matcher(expression);
            while (selector.find()) {
                String matchers = selector.group(1) == null ? "" : selector.group(1);
                for (String variable : List.of("job", "instance")) {
                    if (!hasRegexMatcher(matchers, variable)) {
                        problems.add(name + " selects " + metric + " without " + variable + "=~\"$" + variable + "\"");
                    }
                }
            }
        }
        return problems;
    }

    private static boolean hasRegexMatcher(String matchers, String variable) {
        Pattern matcher = Pattern.compile("(?<![A-Za-z0-9_])" + variable + "\\s*=~\\s*\"\\$(?:" + variable + "|\\{"
                + variable + "(?::[^}]*)?})\"");
        return matcher.matcher(matchers).find();
    }

    private static List<String> rangeProblems(String name, String expression) {
        List<String> problems = new ArrayList<>();
        // A regular expression in a label value may contain brackets, so strings are blanked out first.
        String withoutStrings = QUOTED_STRING.matcher(expression).replaceAll("\"\"");
        Matcher range = RANGE.matcher(withoutStrings);
        while (range.find()) {
            String window = range.group(1).strip();
            if (!ALLOWED_RANGES.contains(window)) {
                problems.add(name + " uses the range [" + window + "], expected [$__rate_interval]");
            }
        }
        return problems;
    }

    private static void expectText(List<String> problems, JsonNode variable, String field, String expected) {
        String actual = variable.path(field).asText();
        if (!actual.equals(expected)) {
            problems.add("variable \"" + variable.path("name").asText() + "\" has " + field + " \"" + actual
                    + "\", expected \"" + expected + "\"");
        }
    }

    /** Returns a query variable's query: a string, or the {@code query} field of the object Grafana 10 writes. */
    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    private static boolean isRow(JsonNode panel) {
        return panel.path("type").asText().equals("row");
    }

    private static boolean hasText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank();
    }

    /** Describes a panel for messages: its id when it has one and its title, such as {@code panel 3 "Heap"}. */
    private static String describe(JsonNode panel) {
        String title = "\"" + panel.path("title").asText() + "\"";
        return panel.path("id").isInt() ? "panel " + panel.get("id").asInt() + " " + title : "panel " + title;
    }

    private static Map<String, String> filterVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("job", "label_values(easymo_build_info, job)");
        variables.put("instance", "label_values(easymo_build_info{job=~\"$job\"}, instance)");
        return Collections.unmodifiableMap(variables);
    }
}
