package com.easymo.voicebridge.provider;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;
import java.time.Clock;

/**
 * Builds the telephony provider named by the {@code type} key of the {@code telephony} configuration block.
 *
 * <p>Dropwizard finds implementations through the service file named after this interface under
 * {@code META-INF/services}. Each names its type with {@code @JsonTypeName}, in kebab-case. The only type so far
 * is {@code simulated}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TelephonyProviderFactory extends Discoverable {

    /** Builds the provider, which reads time from {@code clock}. */
    TelephonyProvider build(Clock clock);
}
