package com.easymo.voicebridge.provider;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Settings of the simulated provider, selected with {@code type: simulated}. It places no real calls and moves each
 * call through its statuses after fixed delays, measured from the moment the call was placed.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code ringingAfter}</td><td>2s</td><td>Delay until a queued call is {@code ringing}.</td></tr>
 *   <tr><td>{@code answeredAfter}</td><td>6s</td><td>Delay until the call is {@code in-progress}.</td></tr>
 *   <tr><td>{@code completedAfter}</td><td>36s</td><td>Delay until the call is {@code completed}.</td></tr>
 * </table>
 *
 * <p>Each delay is a Dropwizard duration from 0s to 1d, and the three must not decrease in the order listed.
 */
@JsonTypeName("simulated")
public class SimulatedTelephonyProviderFactory implements TelephonyProviderFactory {

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration ringingAfter = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration answeredAfter = Duration.seconds(6);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration completedAfter = Duration.seconds(36);

    /** Returns the delay until a placed call is ringing. */
    @JsonProperty
    public Duration getRingingAfter() {
        return ringingAfter;
    }

    /** Sets the delay until a placed call is ringing. */
    @JsonProperty
    public void setRingingAfter(Duration ringingAfter) {
        this.ringingAfter = ringingAfter;
    }

    /** Returns the delay until a placed call is in progress. */
    @JsonProperty
    public Duration getAnsweredAfter() {
        return answeredAfter;
    }

    /** Sets the delay until a placed call is in progress. */
    @JsonProperty
    public void setAnsweredAfter(Duration answeredAfter) {
        this.answeredAfter = answeredAfter;
    }

    /** Returns the delay until a placed call is completed. */
    @JsonProperty
    public Duration getCompletedAfter() {
        return completedAfter;
    }

    /** Sets the delay until a placed call is completed. */
    @JsonProperty
    public void setCompletedAfter(Duration completedAfter) {
        this.completedAfter = completedAfter;
    }

    /** Returns whether the delays do not decrease, so every status is reachable in order. */
    @JsonIgnore
    @ValidationMethod(
            message = "delays must not decrease, so ringingAfter <= answeredAfter <= completedAfter" + " is required")
    public boolean isDelayOrderValid() {
        if (ringingAfter == null || answeredAfter == null || completedAfter == null) {
            return true;
        }
        return ringingAfter.compareTo(answeredAfter) <= 0 && answeredAfter.compareTo(completedAfter) <= 0;
    }

    @Override
    public TelephonyProvider build(Clock clock, MetricRegistry metrics, Function<String, String> environmentVariables) {
        return new SimulatedTelephonyProvider(
                clock, ringingAfter.toJavaDuration(), answeredAfter.toJavaDuration(), completedAfter.toJavaDuration());
    }
}
