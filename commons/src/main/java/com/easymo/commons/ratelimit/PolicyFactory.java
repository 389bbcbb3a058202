package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * One rate-limit policy in the configuration.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code capacity}</td><td>100</td><td>Requests admitted per key in one window, 1 to 1000000.</td></tr>
 *   <tr><td>{@code window}</td><td>15m</td><td>How long until a used bucket is full again, whole seconds from 1s
 *       to 1d.</td></tr>
 *   <tr><td>{@code keyType}</td><td>ip</td><td>What requests are counted by: {@code ip} or {@code user}.</td></tr>
 *   <tr><td>{@code dryRun}</td><td>false</td><td>Whether the policy only logs and counts the requests it would
 *       reject, so that a new limit can be tried on live traffic first.</td></tr>
 * </table>
 */
public class PolicyFactory {

    @Min(1)
    @Max(1_000_000)
    private long capacity = 100;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration window = Duration.minutes(15);

    @NotNull
    private KeyType keyType = KeyType.IP;

    private boolean dryRun;

    public PolicyFactory() {}

    /** Creates a policy block with the given values, as a service's built-in default. */
    public PolicyFactory(long capacity, Duration window, KeyType keyType) {
        this.capacity = capacity;
        this.window = window;
        this.keyType = keyType;
    }

    @JsonProperty
    public long getCapacity() {
        return capacity;
    }

    @JsonProperty
    public void setCapacity(long capacity) {
        this.capacity = capacity;
    }

    @JsonProperty
    public Duration getWindow() {
        return window;
    }

    @JsonProperty
    public void setWindow(Duration window) {
        this.window = window;
    }

    @JsonProperty
    public KeyType getKeyType() {
        return keyType;
    }

    @JsonProperty
    public void setKeyType(KeyType keyType) {
        this.keyType = keyType;
    }

    @JsonProperty
    public boolean isDryRun() {
        return dryRun;
    }

    @JsonProperty
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Returns whether the window is a whole number of seconds, as the {@code RateLimit-Policy} field states it. */
    @JsonIgnore
    @ValidationMethod(message = "window must be a whole number of seconds, such as 90s or 2m")
    public boolean isWindowWholeSeconds() {
        return window == null || window.toJavaDuration().getNano() == 0;
    }

    /** Builds the policy under the given name. */
    public RateLimitPolicy build(String name) {
        return new RateLimitPolicy(name, capacity, window.toJavaDuration(), keyType, dryRun);
    }
}
