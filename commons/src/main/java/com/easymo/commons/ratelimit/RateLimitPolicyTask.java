package com.easymo.commons.ratelimit;

import com.easymo.commons.credentials.TaskParameters;
import com.easymo.commons.errors.ErrorCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin task {@code POST /tasks/rate-limit-policy}: shows the policies in force, or changes one at runtime without a
 * restart.
 *
 * <p>Parameters: {@code policy} (the name, {@code global} included), then any of {@code capacity} (1 to 1000000),
 * {@code window} (a Dropwizard duration such as {@code 90s} or {@code 2m}, 1s to 1d) and {@code dryRun}
 * ({@code true} or {@code false}), and {@code by}, who asks. Without {@code policy} the task prints every policy;
 * with {@code policy} alone, that one. A change applies to the next request on this instance and lasts until the
 * service restarts; buckets keep their tokens (see {@link RateLimitPolicies}). Each change is logged as
 * {@code RATE_LIMIT_POLICY_CHANGED} with the values before and after and who asked. A request that changes nothing
 * returns {@code "changed": false} and logs nothing. Invalid or unknown parameters change nothing and fail the task
 * (HTTP 500) with a JSON error body that names the parameter in {@code field}. Windows are whole seconds.
 */
final class RateLimitPolicyTask extends Task {

    /** The task's name, the last segment of its admin path. */
    static final String NAME = "rate-limit-policy";

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimitPolicyTask.class);
    private static final long MAX_CAPACITY = 1_000_000;
    private static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> PARAMETERS = Set.of("policy", "capacity", "window", "dryRun", "by");

    private final RateLimitPolicies policies;
    private final RateLimitMetrics metrics;
    private final ObjectMapper mapper;

    RateLimitPolicyTask(RateLimitPolicies policies, RateLimitMetrics metrics, ObjectMapper mapper) {
        super(NAME, "application/json");
        this.policies = policies;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        TaskParameters.requireOnly(parameters, PARAMETERS);
        String actor = TaskParameters.actor(parameters);
        String name = TaskParameters.single(parameters, "policy");
        if (name == null) {
            Map<String, Object> all = new LinkedHashMap<>();
            policies.all().forEach(policy -> all.put(policy.name(), describe(policy)));
            output.println(mapper.writeValueAsString(all));
            return;
        }
        if (!policies.contains(name)) {
            throw invalid(
                    "policy",
                    "Unknown rate-limit policy in parameter policy: '" + TaskParameters.shown(name) + "'; policies: "
                            + policies.names());
        }
        Long capacity = capacity(TaskParameters.single(parameters, "capacity"));
        Duration window = window(TaskParameters.single(parameters, "window"));
        Boolean dryRun = dryRun(TaskParameters.single(parameters, "dryRun"));
        if (capacity == null && window == null && dryRun == null) {
            output.println(mapper.writeValueAsString(Map.of(name, describe(policies.get(name)))));
            return;
        }

        RateLimitPolicies.Change change = policies.update(name, policy -> {
            RateLimitPolicy changed = policy;
            if (capacity != null) {
                changed = changed.withCapacity(capacity);
            }
            if (window != null) {
                changed = changed.withWindow(window);
            }
            if (dryRun != null) {
                changed = changed.withDryRun(dryRun);
            }
            return changed;
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy", name);
        result.put("by", actor);
        result.put("changed", !change.before().equals(change.after()));
        result.put("before", describe(change.before()));
        result.put("after", describe(change.after()));
        if (change.before().equals(change.after())) {
            output.println(mapper.writeValueAsString(result));
            return;
        }
        metrics.policyChanged(change);
        LOGGER.atInfo()
                .addKeyValue("event", "RATE_LIMIT_POLICY_CHANGED")
                .addKeyValue("policy", name)
                .addKeyValue("by", actor)
                .addKeyValue("capacityBefore", change.before().capacity())
                .addKeyValue("capacityAfter", change.after().capacity())
                .addKeyValue("windowSecondsBefore", change.before().window().toSeconds())
                .addKeyValue("windowSecondsAfter", change.after().window().toSeconds())
                .addKeyValue("dryRunBefore", change.before().dryRun())
                .addKeyValue("dryRunAfter", change.after().dryRun())
                .log("Rate-limit policy changed at runtime");

        output.println(mapper.writeValueAsString(result));
    }

    private static TaskParameters.TaskFailure invalid(String field, String message) {
        return TaskParameters.failure(ErrorCodes.INVALID_PARAMETER, message, field);
    }

    private static Map<String, Object> describe(RateLimitPolicy policy) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("capacity", policy.capacity());
        description.put("windowSeconds", policy.window().toSeconds());
        description.put("keyType", policy.keyType().name().toLowerCase(java.util.Locale.ROOT));
        description.put("dryRun", policy.dryRun());
        return description;
    }

    private static Long capacity(String value) {
        if (value == null) {
            return null;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw invalid(
                    "capacity", "Parameter capacity must be a whole number, was '" + TaskParameters.shown(value) + "'");
        }
        long capacity = Long.parseLong(value);
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw invalid("capacity", "Parameter capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        return capacity;
    }

    private static Duration window(String value) {
        if (value == null) {
            return null;
        }
        String shown = TaskParameters.shown(value);
        Duration window;
        try {
            window = io.dropwizard.util.Duration.parse(value).toJavaDuration();
        } catch (IllegalArgumentException e) {
            throw invalid("window", "Parameter window must be a duration such as 30s, 5m or 1h, was '" + shown + "'");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw invalid("window", "Parameter window must be between 1s and 1d, was '" + shown + "'");
        }
        if (window.getNano() != 0) {
            throw invalid("window", "Parameter window must be whole seconds, was '" + shown + "'");
        }
        return window;
    }

    private static Boolean dryRun(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default ->
                throw invalid(
                        "dryRun", "Parameter dryRun must be true or false, was '" + TaskParameters.shown(value) + "'");
        };
    }
}
