package com.easymo.voicebridge.provider;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;
import java.time.Clock;
import java.util.function.Function;

/**
 * Builds the telephony provider named by the {@code type} key of the {@code telephony} configuration block.
 *
 * <p>Dropwizard finds implementations through the service file named after this interface under
 * {@code META-INF/services}. Each names its type with {@code @JsonTypeName}, in kebab-case: {@code simulated}
 * ({@link SimulatedTelephonyProviderFactory}) or {@code http} ({@link HttpTelephonyProviderFactory}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TelephonyProviderFactory extends Discoverable {

    /**
     * Builds the provider.
     *
     * @param clock the clock that the provider reads time from
     * @param metrics the registry that receives the provider's metrics
     * @param environmentVariables returns the value of an environment variable, or {@code null} when it is not set
     * @throws IllegalStateException if an environment variable that the provider needs is not set or is blank
     */
    TelephonyProvider build(Clock clock, MetricRegistry metrics, Function<String, String> environmentVariables);
}
