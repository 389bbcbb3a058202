package com.easymo.commons.metrics;

import java.util.List;

/**
 * Name, type, help text and label names of every metric the platform layer exports on the admin port's
 * {@code /metrics}, other than the standard JVM and process metrics.
 *
 * <p>Names follow the Prometheus conventions: base units in the name ({@code _seconds}), {@code _total} on counters
 * and {@code _info} on info metrics. Every label value is bounded by code or configuration, never taken from a
 * request: routes are matched templates, methods outside the standard set become {@code _OTHER}, and error codes
 * are the JSON error codes the service itself writes.
 */
public enum PlatformMetric {
    HTTP_SERVER_REQUESTS(
            "http_server_requests_total",
            Type.COUNTER,
            "Requests answered on the application port, by method, matched route template and status class.",
            Labels.METHOD,
            Labels.ROUTE,
            Labels.STATUS_CLASS),
    HTTP_SERVER_REQUEST_DURATION(
            "http_server_request_duration_seconds",
            Type.HISTOGRAM,
            "Time from the arrival of a request on the application port until its response was written, in"
                    + " seconds.",
            Labels.METHOD,
            Labels.ROUTE,
            Labels.STATUS_CLASS),
    HTTP_SERVER_ERRORS(
            "http_server_errors_total",
            Type.COUNTER,
            "Error responses (status 400 and above) on the application port, by method, route and JSON error code.",
            Labels.METHOD,
            Labels.ROUTE,
            Labels.ERROR),
    RATE_LIMIT_DECISIONS(
            "easymo_ratelimit_decisions_total",
            Type.COUNTER,
            "Rate-limit decisions by policy and outcome. An admitted request counts once for every policy that"
                    + " applied; a rejected one counts once, for the policy that rejected it; dry_run_rejected counts"
                    + " a request that a policy in dry run would have rejected, in place of admitted for that policy.",
            Labels.POLICY,
            Labels.OUTCOME),
    RATE_LIMIT_POLICY_LIMIT(
            "easymo_ratelimit_policy_limit",
            Type.GAUGE,
            "Requests a policy admits per key and window, as in force now.",
            Labels.POLICY),
    RATE_LIMIT_POLICY_WINDOW(
            "easymo_ratelimit_policy_window_seconds",
            Type.GAUGE,
            "Length of a policy's window in seconds, as in force now.",
            Labels.POLICY),
    RATE_LIMIT_POLICY_DRY_RUN(
            "easymo_ratelimit_policy_dry_run",
            Type.GAUGE,
            "1 while a policy only logs and counts what it would reject, 0 while it rejects.",
            Labels.POLICY),
    RATE_LIMIT_POLICY_CHANGES(
            "easymo_ratelimit_policy_changes_total",
            Type.COUNTER,
            "Changes made to a policy at runtime through the rate-limit-policy admin task.",
            Labels.POLICY),
    API_KEY_AUTHENTICATIONS(
            "easymo_api_key_authentications_total",
            Type.COUNTER,
            "Requests by API key outcome: accepted, expired or not_yet_valid with the key's ID, and missing (on"
                    + " an endpoint that requires a key) or invalid (no such key) with key_id none.",
            Labels.KEY_ID,
            Labels.OUTCOME),
    API_KEYS(
            "easymo_api_keys",
            Type.GAUGE,
            "API keys in the loaded key set by state: active, pending (before notBefore) or expired (after"
                    + " notAfter).",
            Labels.STATE),
    CREDENTIAL_RELOADS(
            "easymo_credential_reloads_total",
            Type.COUNTER,
            "Reloads of a credential through the reload-credentials admin task or a file change, by result:"
                    + " reloaded or failed (the credential in use was kept).",
            Labels.CREDENTIAL,
            Labels.RESULT),
    RATE_LIMIT_STORE(
            "easymo_ratelimit_store_info", Type.INFO, "The rate-limit store in use: memory or redis.", Labels.STORE),
    RATE_LIMIT_STORE_FALLBACK(
            "easymo_ratelimit_store_fallback_active",
            Type.GAUGE,
            "1 while the Redis rate-limit store is unreachable and requests are decided by the onFailure mode,"
                    + " else 0. Exported only by a Redis store.",
            Labels.ON_FAILURE),
    CIRCUIT_BREAKER_STATE(
            "easymo_circuit_breaker_state",
            Type.GAUGE,
            "State of a circuit breaker: 0 closed, 1 open, 2 half-open, 3 disabled, forced open or metrics only.",
            Labels.BREAKER),
    CIRCUIT_BREAKER_CALLS(
            "easymo_circuit_breaker_calls_total",
            Type.COUNTER,
            "Calls through a circuit breaker by outcome: success, failure, ignored (an error that does not count"
                    + " as a failure) or not_permitted (rejected while open).",
            Labels.BREAKER,
            Labels.OUTCOME),
    HTTP_CLIENT_REQUEST_DURATION(
            "easymo_http_client_request_duration_seconds",
            Type.SUMMARY,
            "Duration of the outbound HTTP requests that reached the network, by client, in seconds: quantiles of"
                    + " Dropwizard's recent samples, without a sum.",
            Labels.CLIENT),
    HTTP_CLIENT_RESPONSES(
            "easymo_http_client_responses_total",
            Type.COUNTER,
            "Responses to outbound HTTP requests by client and status class.",
            Labels.CLIENT,
            Labels.STATUS_CLASS),
    HTTP_CLIENT_FAILURES(
            "easymo_http_client_failures_total",
            Type.COUNTER,
            "Outbound HTTP requests that got no response, by client and reason: timeout, connection_error or"
                    + " rejected (by the client's open circuit breaker, without a network call).",
            Labels.CLIENT,
            Labels.REASON),
    REDIS_POOL_CONNECTIONS(
            "easymo_redis_pool_connections",
            Type.GAUGE,
            "Connections in a Redis client pool by state: active (borrowed) or idle.",
            Labels.POOL,
            Labels.STATE),
    REDIS_POOL_WAITING_THREADS(
            "easymo_redis_pool_waiting_threads",
            Type.GAUGE,
            "Threads waiting for a connection from a Redis client pool.",
            Labels.POOL),
    REDIS_POOL_MAX_CONNECTIONS(
            "easymo_redis_pool_max_connections",
            Type.GAUGE,
            "Largest number of connections a Redis client pool opens, per Redis node.",
            Labels.POOL),
    JETTY_THREADS(
            "easymo_jetty_threads",
            Type.GAUGE,
            "Threads of a Jetty thread pool: dw serves the application port, dw-admin the admin port.",
            Labels.THREAD_POOL),
    JETTY_THREADS_UTILIZATION(
            "easymo_jetty_threads_utilization_ratio",
            Type.GAUGE,
            "Share of a Jetty thread pool's maximum threads that are busy, from 0 to 1.",
            Labels.THREAD_POOL),
    JETTY_QUEUED_JOBS(
            "easymo_jetty_queued_jobs",
            Type.GAUGE,
            "Jobs waiting in a Jetty thread pool's queue for a free thread.",
            Labels.THREAD_POOL),
    LOG_EVENTS("easymo_log_events_total", Type.COUNTER, "Log events written, by level.", Labels.LEVEL),
    BUILD(
            "easymo_build_info",
            Type.INFO,
            "The service's name and version, from its build.",
            Labels.SERVICE,
            Labels.VERSION);

    private final String name;
    private final Type type;
    private final String help;
    private final List<String> labelNames;

    PlatformMetric(String name, Type type, String help, String... labelNames) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.labelNames = List.of(labelNames);
    }

    /** Returns the name as it appears in the exposition, with {@code _total} or {@code _info} where it has one. */
    public String exposedName() {
        return name;
    }

    /** Returns the name without the {@code _total} or {@code _info} suffix that client_java adds by itself. */
    public String baseName() {
        return switch (type) {
            case COUNTER -> name.substring(0, name.length() - "_total".length());
            case INFO -> name.substring(0, name.length() - "_info".length());
            default -> name;
        };
    }

    public Type type() {
        return type;
    }

    public String help() {
        return help;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** Prometheus metric types, as the text exposition format names them. */
    public enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM,
        SUMMARY,
        INFO
    }

    /** Label names, shared by the metrics that carry the same dimension. */
    public static final class Labels {
        public static final String METHOD = "method";
        public static final String ROUTE = "route";
        public static final String STATUS_CLASS = "status_class";
        public static final String ERROR = "error";
        public static final String POLICY = "policy";
        public static final String OUTCOME = "outcome";
        public static final String STORE = "store";
        public static final String ON_FAILURE = "on_failure";
        public static final String BREAKER = "breaker";
        public static final String CLIENT = "client";
        public static final String REASON = "reason";
        public static final String POOL = "pool";
        public static final String STATE = "state";
        public static final String THREAD_POOL = "thread_pool";
        public static final String LEVEL = "level";
        public static final String SERVICE = "service";
        public static final String VERSION = "version";
        public static final String KEY_ID = "key_id";
        public static final String CREDENTIAL = "credential";
        public static final String RESULT = "result";

        private Labels() {}
    }
}
