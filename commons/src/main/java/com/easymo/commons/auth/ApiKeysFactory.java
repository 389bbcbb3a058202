package com.easymo.commons.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code apiKeys} block of a service's configuration.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code file}</td><td>none</td><td>The API key file (see {@link ApiKeyFile}): IDs, owners and SHA-256
 *       digests, never keys. Without it, no key is accepted and a request that presents one gets 401.</td></tr>
 *   <tr><td>{@code requiredOn}</td><td>none</td><td>Endpoints that need a key: {@code *} for every application
 *       endpoint, or a route template as written in {@code @Path}, optionally after a method and a space, such as
 *       {@code POST /calls/outbound} or {@code /calls/{callId}}; a template ending in {@code /*} covers everything
 *       below it. An entry that matches no endpoint stops the service from starting.</td></tr>
 *   <tr><td>{@code watchInterval}</td><td>10s</td><td>How often the file is checked for changes, which are loaded
 *       as by the {@code reload-credentials} task; 1s to 1h.</td></tr>
 *   <tr><td>{@code watch}</td><td>true</td><td>Whether the file is checked at all.</td></tr>
 * </table>
 */
public class ApiKeysFactory {

    private static final Pattern REQUIREMENT =
            Pattern.compile("\\*|((GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) )?/[^\\s*]*(/\\*)?");

    private String file;

    @NotNull
    private List<String> requiredOn = List.of();

    private boolean watch = true;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration watchInterval = Duration.seconds(10);

    @JsonProperty
    public String getFile() {
        return file;
    }

    @JsonProperty
    public void setFile(String file) {
        this.file = file;
    }

    @JsonProperty
    public List<String> getRequiredOn() {
        return requiredOn;
    }

    @JsonProperty
    public void setRequiredOn(List<String> requiredOn) {
        this.requiredOn = requiredOn;
    }

    @JsonProperty
    public boolean isWatch() {
        return watch;
    }

    @JsonProperty
    public void setWatch(boolean watch) {
        this.watch = watch;
    }

    @JsonProperty
    public Duration getWatchInterval() {
        return watchInterval;
    }

    @JsonProperty
    public void setWatchInterval(Duration watchInterval) {
        this.watchInterval = watchInterval;
    }

    /** Returns whether every {@code requiredOn} entry has the form the block describes. */
    @JsonIgnore
    @ValidationMethod(
            message = "requiredOn entries must be '*', a route template such as /calls/{callId} or /calls/*, or a"
                    + " method and a template such as 'POST /calls/outbound'")
    public boolean isRequiredOnValid() {
        return requiredOn.stream()
                .allMatch(entry -> entry != null && REQUIREMENT.matcher(entry).matches());
    }

    /** Returns whether a file is named when endpoints require a key. */
    @JsonIgnore
    @ValidationMethod(message = "file must be set when requiredOn lists endpoints")
    public boolean isFilePresentWhenRequired() {
        return requiredOn.isEmpty() || (file != null && !file.isBlank());
    }
}
