package com.easymo.commons.credentials;

import com.easymo.commons.errors.ErrorCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admin task {@code POST /tasks/reload-credentials}: reads every registered credential again, or only those named
 * in {@code name} parameters, and prints a JSON object with one summary per credential.
 *
 * <p>A credential that fails to load keeps the value in use, and the task then fails (HTTP 500) after reloading the
 * others, with a JSON error body whose message names each failed credential and why, and whose {@code results} contains
 * every credential's outcome, the summaries of those that were reloaded included. Parameter {@code by} records
 * who asked, for the log line; any other parameter fails the task.
 */
public final class ReloadCredentialsTask extends Task {

    /** The task's name, the last segment of its admin path. */
    public static final String NAME = "reload-credentials";

    private final CredentialRegistry registry;
    private final ObjectMapper mapper;

    /** Creates the task over a service's credentials. */
    public ReloadCredentialsTask(CredentialRegistry registry, ObjectMapper mapper) {
        super(NAME, "application/json");
        this.registry = registry;
        this.mapper = mapper;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        TaskParameters.requireOnly(parameters, Set.of("name", "by"));
        String actor = TaskParameters.actor(parameters);
        List<ReloadableCredential> selected = select(
                parameters.getOrDefault("name", List.of()).stream().distinct().toList());

        Map<String, Object> results = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (ReloadableCredential credential : selected) {
            try {
                results.put(credential.name(), registry.reload(credential, actor));
            } catch (Exception e) {
                String reason = CredentialRegistry.reason(e);
                // Ordered as a reloaded credential's summary is, with the status first.
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("status", "failed");
                failure.put("reason", reason);
                results.put(credential.name(), failure);
                failures.add(credential.name() + ": " + reason);
            }
        }
        if (!failures.isEmpty()) {
            // The others were reloaded and are in use, which their summaries in results show.
            throw TaskParameters.failure(
                    "credential_reload_failed",
                    "Not reloaded, the value in use is kept: " + String.join("; ", failures),
                    null,
                    Map.of("results", results));
        }
        output.println(mapper.writeValueAsString(results));
    }

    private List<ReloadableCredential> select(List<String> names) {
        if (names.isEmpty()) {
            return registry.all();
        }
        return names.stream()
                .map(name -> {
                    ReloadableCredential credential = registry.find(name);
                    if (credential == null) {
                        throw TaskParameters.failure(
                                ErrorCodes.INVALID_PARAMETER,
                                "Unknown credential '" + TaskParameters.shown(name) + "'; registered: "
                                        + registry.names(),
                                "name");
                    }
                    return credential;
                })
                .toList();
    }
}
