package com.easymo.commons.credentials;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the parameters that every platform admin task shares. */
public final class TaskParameters {

    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private TaskParameters() {}

    /**
     * Returns the {@code by} parameter, who asked for the change, or {@code unknown}. Values that are not a short
     * name (letters, digits, {@code . _ @ -}, at most 64) are replaced by {@code invalid}, so that a log line never
     * carries what an admin client typed in bulk.
     */
    public static String actor(Map<String, List<String>> parameters) {
        List<String> values = parameters.getOrDefault("by", List.of());
        if (values.isEmpty()) {
            return "unknown";
        }
        String value = values.get(0);
        return ACTOR.matcher(value).matches() ? value : "invalid";
    }
}
