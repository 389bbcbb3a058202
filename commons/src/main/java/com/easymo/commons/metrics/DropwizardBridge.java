package com.easymo.commons.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Exports the Dropwizard metrics that the platform maps to Prometheus names, through client_java's Dropwizard
 * bridge.
 *
 * <p>Only metrics that match a mapping below are exported, under the name, labels and help text of a
 * {@link PlatformMetric}. The rest of the Dropwizard registry stays on the admin port's {@code /metrics.json}:
 * Dropwizard's own JVM and request metrics repeat what {@link PlatformMetrics} exports natively, and their names are
 * not valid Prometheus names without a mapping.
 */
final class DropwizardBridge implements MultiCollector {

    /** Dropwizard metric name patterns, in the bridge's glob syntax, where {@code *} matches one name segment. */
    static final List<Mapping> MAPPINGS = List.of(
            new Mapping("circuit-breaker.*.state", PlatformMetric.CIRCUIT_BREAKER_STATE, "breaker", "${0}"),
            new Mapping(
                    "circuit-breaker.*.calls.*",
                    PlatformMetric.CIRCUIT_BREAKER_CALLS,
                    "breaker",
                    "${0}",
                    "outcome",
                    "${1}"),
            new Mapping("http-client.*.requests", PlatformMetric.HTTP_CLIENT_REQUEST_DURATION, "client", "${0}"),
            new Mapping(
                    "http-client.*.responses.*",
                    PlatformMetric.HTTP_CLIENT_RESPONSES,
                    "client",
                    "${0}",
                    "status_class",
                    "${1}"),
            new Mapping(
                    "http-client.*.timeouts",
                    PlatformMetric.HTTP_CLIENT_FAILURES,
                    "client",
                    "${0}",
                    "reason",
                    "timeout"),
            new Mapping(
                    "http-client.*.connection-errors",
                    PlatformMetric.HTTP_CLIENT_FAILURES,
                    "client",
                    "${0}",
                    "reason",
                    "connection_error"),
            new Mapping(
                    "http-client.*.rejected",
                    PlatformMetric.HTTP_CLIENT_FAILURES,
                    "client",
                    "${0}",
                    "reason",
                    "rejected"),
            new Mapping(
                    "org.eclipse.jetty.util.thread.QueuedThreadPool.*.size",
                    PlatformMetric.JETTY_THREADS,
                    "thread_pool",
                    "${0}"),
            new Mapping(
                    "org.eclipse.jetty.util.thread.QueuedThreadPool.*.utilization-max",
                    PlatformMetric.JETTY_THREADS_UTILIZATION,
                    "thread_pool",
                    "${0}"),
            new Mapping(
                    "org.eclipse.jetty.util.thread.QueuedThreadPool.*.jobs",
                    PlatformMetric.JETTY_QUEUED_JOBS,
                    "thread_pool",
                    "${0}"),
            new Mapping("ch.qos.logback.core.Appender.*", PlatformMetric.LOG_EVENTS, "level", "${0}"));

    /** Dropwizard's meter of all log events, which would count every event twice next to the per-level meters. */
    private static final String ALL_LOG_EVENTS = "ch.qos.logback.core.Appender.all";

    private final MetricRegistry registry;
    private final CustomLabelMapper mapper;
    private final List<Pattern> patterns;

    DropwizardBridge(MetricRegistry registry) {
        this.registry = registry;
        this.mapper = new CustomLabelMapper(
                MAPPINGS.stream().map(Mapping::toMapperConfig).toList());
        this.patterns = MAPPINGS.stream().map(Mapping::regex).toList();
    }

    /**
     * Collects the mapped metrics and merges the snapshots of the Dropwizard metrics that map to one name into one
     * snapshot with the platform's help text.
     *
     * <p>The bridge rejects a collection in which two Dropwizard metrics map to the same name, as the state gauges of
     * two breakers do, so each mapped metric is collected through a bridge of its own and merged here.
     */
    @Override
    public MetricSnapshots collect() {
        Map<PlatformMetric, List<MetricSnapshot>> byMetric = new LinkedHashMap<>();
        for (String name : registry.getNames()) {
            PlatformMetric metric = mappedMetric(name);
            if (metric == null) {
                continue;
            }
            MetricFilter only = (candidate, ignored) -> candidate.equals(name);
            for (MetricSnapshot snapshot : new DropwizardExports(registry, only, mapper).collect()) {
                byMetric.computeIfAbsent(metric, key -> new ArrayList<>()).add(snapshot);
            }
        }
        MetricSnapshots.Builder merged = MetricSnapshots.builder();
        byMetric.forEach((metric, snapshots) -> merged.metricSnapshot(merge(metric, snapshots)));
        return merged.build();
    }

    /** Returns the platform metric a Dropwizard metric is exported as, or {@code null} if it is not exported. */
    private PlatformMetric mappedMetric(String name) {
        if (name.equals(ALL_LOG_EVENTS)) {
            return null;
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(name).matches()) {
                return MAPPINGS.get(i).metric();
            }
        }
        return null;
    }

    /**
     * Merges the snapshots of one platform metric under its name and help text. The bridge's label mapper supplies
     * the labels; the name is set here because the mapper keeps the Dropwizard name for some patterns.
     */
    private static MetricSnapshot merge(PlatformMetric metric, List<MetricSnapshot> snapshots) {
        MetricMetadata metadata = new MetricMetadata(metric.baseName(), metric.help());
        MetricSnapshot first = snapshots.get(0);
        if (first instanceof CounterSnapshot) {
            return new CounterSnapshot(metadata, points(snapshots, CounterDataPointSnapshot.class));
        }
        if (first instanceof GaugeSnapshot) {
            return new GaugeSnapshot(metadata, points(snapshots, GaugeDataPointSnapshot.class));
        }
        if (first instanceof SummarySnapshot) {
            return new SummarySnapshot(metadata, points(snapshots, SummaryDataPointSnapshot.class));
        }
        throw new IllegalStateException("The Dropwizard bridge returned an unexpected snapshot type for " + metric);
    }

    private static <T> List<T> points(List<MetricSnapshot> snapshots, Class<T> type) {
        return snapshots.stream()
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .map(type::cast)
                .toList();
    }

    /** A Dropwizard name pattern and the platform metric it is exported as, with label templates. */
    record Mapping(String match, PlatformMetric metric, Map<String, String> labels) {

        Mapping(String match, PlatformMetric metric, String... labelPairs) {
            this(match, metric, pairs(labelPairs));
        }

        MapperConfig toMapperConfig() {
            return new MapperConfig(match, metric.baseName(), labels);
        }

        Pattern regex() {
            String regex = Stream.of(match.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining("[^.]+"));
            return Pattern.compile(regex);
        }

        private static Map<String, String> pairs(String... labelPairs) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) {
                labels.put(labelPairs[i], labelPairs[i + 1]);
            }
            return labels;
        }
    }
}
