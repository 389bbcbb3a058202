package com.easymo.commons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlatformMetricTest {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Path REFERENCE = Path.of("..", "docs", "metrics.md");

    @ParameterizedTest
    @EnumSource(PlatformMetric.class)
    void nameIsValidPrometheusName(PlatformMetric metric) {
        assertThat(metric.exposedName()).matches(METRIC_NAME);
        assertThat(metric.exposedName()).doesNotContain(":");
    }

    @ParameterizedTest
    @EnumSource(PlatformMetric.class)
    void labelNamesAreValid(PlatformMetric metric) {
        for (String label : metric.labelNames()) {
            assertThat(label).matches(LABEL_NAME);
            assertThat(label).doesNotStartWith("__");
            assertThat(label).isNotIn("le", "quantile", "job", "instance");
        }
        assertThat(new HashSet<>(metric.labelNames())).hasSameSizeAs(metric.labelNames());
    }

    @ParameterizedTest
    @EnumSource(PlatformMetric.class)
    void suffixMatchesType(PlatformMetric metric) {
        boolean counter = metric.type() == PlatformMetric.Type.COUNTER;
        boolean info = metric.type() == PlatformMetric.Type.INFO;

        assertThat(metric.exposedName().endsWith("_total")).isEqualTo(counter);
        assertThat(metric.exposedName().endsWith("_info")).isEqualTo(info);
        assertThat(metric.help()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(PlatformMetric.class)
    void referencePageListsMetric(PlatformMetric metric) throws IOException {
        List<String> lines = Files.readAllLines(REFERENCE);
        String rowStart =
                "| `" + metric.exposedName() + "` | " + metric.type().name().toLowerCase(Locale.ROOT) + " | ";

        List<String> rows =
                lines.stream().filter(line -> line.startsWith(rowStart)).toList();

        assertThat(rows)
                .as("row of " + metric.exposedName() + " in " + REFERENCE)
                .hasSize(1);
        String labels = rows.get(0).substring(rowStart.length()).split(" \\| ")[0];
        Set<String> documented = new HashSet<>();
        for (String label : labels.split(", ")) {
            if (!label.equals("-")) {
                documented.add(label.replace("`", ""));
            }
        }
        assertThat(documented).isEqualTo(Set.copyOf(metric.labelNames()));
    }
}
