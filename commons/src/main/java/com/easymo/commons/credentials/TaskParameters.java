package com.easymo.commons.credentials;

import com.easymo.commons.errors.ErrorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the parameters of the platform's admin tasks, and builds their failures. */
public final class TaskParameters {

    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final int SHOWN_LENGTH = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskParameters() {}

    /**
     * Returns the {@code by} parameter, who asked for the change, or {@code unknown}. Values that are not a short
     * name (letters, digits, {@code . _ @ -}, at most 64) are replaced by {@code invalid}, so that a log line never
     * carries what an admin client typed in bulk.
     *
     * @throws TaskFailure if the parameter is given more than once
     */
    public static String actor(Map<String, List<String>> parameters) {
        String value = single(parameters, "by");
        if (value == null) {
            return "unknown";
        }
        return ACTOR.matcher(value).matches() ? value : "invalid";
    }

    /**
     * Returns the value of a parameter given at most once, or {@code null} when it is not given.
     *
     * @throws TaskFailure if the parameter is given more than once
     */
    public static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw failure(
                    ErrorCodes.INVALID_PARAMETER, "Parameter " + name + " is given " + values.size() + " times", name);
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Fails the task when a parameter outside {@code allowed} is given, so that a misspelt parameter never passes
     * for a change that was made.
     */
    public static void requireOnly(Map<String, List<String>> parameters, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw failure(
                    ErrorCodes.INVALID_PARAMETER,
                    "Unknown parameter " + shown(first) + "; parameters: " + new TreeSet<>(allowed),
                    shown(first));
        }
    }

    /**
     * Returns a value as a message may quote it: printable ASCII only, other characters as {@code ?}, and at most
     * 64 characters, so that neither a log line nor a task's output contains bulk or control characters.
     */
    public static String shown(String value) {
        StringBuilder shown = new StringBuilder(Math.min(value.length(), SHOWN_LENGTH) + 3);
        for (int i = 0; i < value.length() && i < SHOWN_LENGTH; i++) {
            char c = value.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (value.length() > SHOWN_LENGTH) {
            shown.append("...");
        }
        return shown.toString();
    }

    /**
     * Returns the failure of a task. Dropwizard responds to a task that throws with status 500 and the
     * exception's message as the body, so the message is the JSON error body that every platform error has.
     *
     * @param field the parameter at fault, or {@code null}
     */
    public static TaskFailure failure(String error, String message, String field) {
        return failure(error, message, field, Map.of());
    }

    /**
     * Returns the failure of a task whose JSON error body also carries {@code details}, such as what the task did
     * before it failed.
     */
    public static TaskFailure failure(String error, String message, String field, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        body.putAll(details);
        try {
            return new TaskFailure(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }

    /** A task that failed; its message is a JSON error body. */
    public static final class TaskFailure extends RuntimeException {
        private TaskFailure(String json) {
            super(json, null, false, false);
        }
    }
}
