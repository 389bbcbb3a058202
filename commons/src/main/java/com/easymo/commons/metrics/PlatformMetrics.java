package com.easymo.commons.metrics;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.logging.ServiceInfo;
import com.easymo.commons.ratelimit.RateLimitMetrics;
import com.easymo.commons.ratelimit.RateLimitPolicies;
import com.easymo.commons.ratelimit.RateLimitPolicy;
import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.redis.FallbackRateLimitStore;
import com.easymo.commons.ratelimit.redis.RedisPoolStats;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.metrics.servlets.MetricsServlet;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus metrics of one service: the platform metrics that {@link PlatformMetric} lists, the JVM and process
 * metrics of client_java's {@link JvmMetrics}, and the mapped part of the Dropwizard registry.
 *
 * <p>{@link #install} serves them on the admin port at {@value #PROMETHEUS_PATH} (Prometheus text format, or
 * OpenMetrics when the scraper requests it in {@code Accept}) and moves Dropwizard's JSON metrics to
 * {@value #DROPWIZARD_JSON_PATH}. Each service has its own registry, so several services can run in one JVM, as in
 * tests.
 */
public final class PlatformMetrics {

    /** Admin path of the Prometheus exposition. */
    public static final String PROMETHEUS_PATH = "/metrics";

    /** Admin path of Dropwizard's own metrics as JSON. */
    public static final String DROPWIZARD_JSON_PATH = "/metrics.json";

    /**
     * Upper bounds of the request duration buckets in seconds. The 0.3 s bound is the latency objective that the
     * alert rules check, so its percentile is read off a bucket boundary.
     */
    static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10};

    /** Value of the {@code pool} label of the rate-limit store's Redis client. */
    static final String RATE_LIMIT_POOL = "ratelimit";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram requestDuration;
    private final Counter requests;
    private final Counter errors;
    private final Counter rateLimitDecisions;
    private final Counter policyChanges;
    private final Counter apiKeyAuthentications;
    private final Counter credentialReloads;

    /**
     * Creates the registry with the JVM metrics, the build info and the bridge to the Dropwizard registry.
     *
     * @param service the service's name and version, for {@code easymo_build_info}
     * @param dropwizard the service's Dropwizard registry
     */
    public PlatformMetrics(ServiceInfo service, MetricRegistry dropwizard) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(dropwizard, "dropwizard");
        JvmMetrics.builder().register(registry);
        registry.register(new DropwizardBridge(dropwizard));
        info(PlatformMetric.BUILD).setLabelValues(service.name(), service.version());

        requestDuration = Histogram.builder()
                .name(PlatformMetric.HTTP_SERVER_REQUEST_DURATION.baseName())
                .help(PlatformMetric.HTTP_SERVER_REQUEST_DURATION.help())
                .labelNames(labels(PlatformMetric.HTTP_SERVER_REQUEST_DURATION))
                .classicOnly()
                .classicUpperBounds(DURATION_BUCKETS)
                .register(registry);
        requests = counter(PlatformMetric.HTTP_SERVER_REQUESTS);
        errors = counter(PlatformMetric.HTTP_SERVER_ERRORS);
        rateLimitDecisions = counter(PlatformMetric.RATE_LIMIT_DECISIONS);
        policyChanges = counter(PlatformMetric.RATE_LIMIT_POLICY_CHANGES);
        apiKeyAuthentications = counter(PlatformMetric.API_KEY_AUTHENTICATIONS);
        credentialReloads = counter(PlatformMetric.CREDENTIAL_RELOADS);
    }

    /** Returns the registry, where a service may register metrics of its own. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Serves the metrics on the admin port and starts counting the requests on the application port.
     *
     * @param environment the service's environment
     */
    public void install(Environment environment) {
        environment
                .admin()
                .addServlet("prometheus-metrics", new PrometheusMetricsServlet(registry))
                .addMapping(PROMETHEUS_PATH);
        environment
                .admin()
                .addServlet("dropwizard-metrics-json", new MetricsServlet(environment.metrics()))
                .addMapping(DROPWIZARD_JSON_PATH);
        environment
                .servlets()
                .addFilter("request-metrics", new RequestMetricsFilter(this))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.jersey().register(new RouteTemplateFilter());
    }

    /** Returns the receiver of rate-limit decisions, which counts them in {@code easymo_ratelimit_decisions_total}. */
    public RateLimitMetrics rateLimit() {
        return new RateLimitMetrics() {
            @Override
            public void admitted(List<RateLimitPolicy> policies) {
                for (RateLimitPolicy policy : policies) {
                    rateLimitDecisions.labelValues(policy.name(), "admitted").inc();
                }
            }

            @Override
            public void rejected(RateLimitPolicy policy) {
                rateLimitDecisions.labelValues(policy.name(), "rejected").inc();
            }

            @Override
            public void dryRunRejected(RateLimitPolicy policy) {
                rateLimitDecisions
                        .labelValues(policy.name(), "dry_run_rejected")
                        .inc();
            }

            @Override
            public void policyChanged(RateLimitPolicies.Change change) {
                policyChanges.labelValues(change.after().name()).inc();
            }
        };
    }

    /** Exports the policies in force: capacity, window and dry run of each, read at every scrape. */
    public void watchRateLimitPolicies(RateLimitPolicies policies) {
        gauge(
                PlatformMetric.RATE_LIMIT_POLICY_LIMIT,
                callback -> policies.all().forEach(policy -> callback.call(policy.capacity(), policy.name())));
        gauge(
                PlatformMetric.RATE_LIMIT_POLICY_WINDOW,
                callback -> policies.all()
                        .forEach(policy -> callback.call(policy.window().toMillis() / 1000.0, policy.name())));
        gauge(
                PlatformMetric.RATE_LIMIT_POLICY_DRY_RUN,
                callback -> policies.all().forEach(policy -> callback.call(policy.dryRun() ? 1 : 0, policy.name())));
        policies.names().forEach(name -> policyChanges.labelValues(name));
    }

    /** Counts one request's API key outcome. */
    public void apiKeyOutcome(String keyId, String outcome) {
        apiKeyAuthentications.labelValues(keyId, outcome).inc();
    }

    /** Exports the number of loaded API keys by state, read at every scrape from {@code counts}. */
    public void watchApiKeys(java.util.function.Supplier<java.util.Map<String, Long>> counts) {
        gauge(PlatformMetric.API_KEYS, callback -> counts.get().forEach((state, count) -> callback.call(count, state)));
    }

    /**
     * Creates the reload series of a credential at zero, so that the first failed reload shows as an increase and
     * the alert on it can fire.
     */
    public void credentialRegistered(String credential) {
        credentialReloads.labelValues(credential, "reloaded");
        credentialReloads.labelValues(credential, "failed");
    }

    /** Counts one reload of a credential; {@code result} is reloaded or failed. */
    public void credentialReloaded(String credential, String result) {
        credentialReloads.labelValues(credential, result).inc();
    }

    /**
     * Exports which rate-limit store is in use and, for a Redis store, its fallback state and connection pool.
     *
     * @param store the store, or {@code null} when rate limiting is disabled, which exports nothing
     */
    public void watchRateLimitStore(RateLimitStore store) {
        if (store == null) {
            return;
        }
        info(PlatformMetric.RATE_LIMIT_STORE).setLabelValues(store.type());
        if (store instanceof FallbackRateLimitStore fallback) {
            String mode = fallback.mode().name().toLowerCase(Locale.ROOT);
            gauge(PlatformMetric.RATE_LIMIT_STORE_FALLBACK, callback -> {
                // A scrape ends a fallback that only a request would otherwise end, once Redis is back and
                // the breaker's open wait has passed, so that an idle instance reports no stale outage.
                fallback.probeShared();
                callback.call(fallback.isFallingBack() ? 1 : 0, mode);
            });
            gauge(PlatformMetric.REDIS_POOL_CONNECTIONS, callback -> {
                RedisPoolStats stats = fallback.poolStats();
                callback.call(stats.active(), RATE_LIMIT_POOL, "active");
                callback.call(stats.idle(), RATE_LIMIT_POOL, "idle");
            });
            poolGauge(PlatformMetric.REDIS_POOL_WAITING_THREADS, fallback, RedisPoolStats::waiting);
            poolGauge(PlatformMetric.REDIS_POOL_MAX_CONNECTIONS, fallback, RedisPoolStats::maxPerNode);
        }
    }

    /** Counts and times one request; {@code error} is the JSON error code of an error response, else {@code null}. */
    void recordRequest(String method, String route, int status, String error, long nanos) {
        String statusClass = (status / 100) + "xx";
        requestDuration.labelValues(method, route, statusClass).observe(nanos / 1e9);
        requests.labelValues(method, route, statusClass).inc();
        if (error != null) {
            errors.labelValues(method, route, error).inc();
        }
    }

    private void poolGauge(
            PlatformMetric metric, FallbackRateLimitStore store, ToDoubleFunction<RedisPoolStats> value) {
        gauge(metric, callback -> callback.call(value.applyAsDouble(store.poolStats()), RATE_LIMIT_POOL));
    }

    private Counter counter(PlatformMetric metric) {
        return Counter.builder()
                .name(metric.baseName())
                .help(metric.help())
                .labelNames(labels(metric))
                .register(registry);
    }

    private Info info(PlatformMetric metric) {
        return Info.builder()
                .name(metric.baseName())
                .help(metric.help())
                .labelNames(labels(metric))
                .register(registry);
    }

    private void gauge(PlatformMetric metric, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder()
                .name(metric.baseName())
                .help(metric.help())
                .labelNames(labels(metric))
                .callback(callback)
                .register(registry);
    }

    private static String[] labels(PlatformMetric metric) {
        return metric.labelNames().toArray(String[]::new);
    }
}
