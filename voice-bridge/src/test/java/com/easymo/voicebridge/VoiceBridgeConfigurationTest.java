package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.voicebridge.provider.SimulatedTelephonyProviderFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import org.junit.jupiter.api.Test;

class VoiceBridgeConfigurationTest {

    private final YamlConfigurationFactory<VoiceBridgeConfiguration> factory = new YamlConfigurationFactory<>(
            VoiceBridgeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void readsDevelopmentConfiguration() throws Exception {
        VoiceBridgeConfiguration configuration = factory.build(new FileConfigurationSourceProvider(), "config/dev.yml");

        DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        HttpConnectorFactory application =
                (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        HttpConnectorFactory admin =
                (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertThat(application.getBindHost()).isEqualTo("127.0.0.1");
        assertThat(application.getPort()).isEqualTo(3001);
        assertThat(application.isUseForwardedHeaders()).isFalse();
        assertThat(admin.getBindHost()).isEqualTo("127.0.0.1");
        assertThat(admin.getPort()).isEqualTo(9001);
        assertThat(configuration.getRequests().getMaxBodySize()).isEqualTo(DataSize.kibibytes(64));
        assertThat(configuration.getTelephony()).isInstanceOf(SimulatedTelephonyProviderFactory.class);
    }

    @Test
    void defaultsSimulatedTimingsAndStoreSize() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new ResourceConfigurationSourceProvider(), "config/minimal.yml");

        SimulatedTelephonyProviderFactory telephony = (SimulatedTelephonyProviderFactory) configuration.getTelephony();
        assertThat(telephony.getRingingAfter()).isEqualTo(Duration.seconds(2));
        assertThat(telephony.getAnsweredAfter()).isEqualTo(Duration.seconds(6));
        assertThat(telephony.getCompletedAfter()).isEqualTo(Duration.seconds(36));
        assertThat(configuration.getCalls().getMaxStoredCalls()).isEqualTo(10_000);
        assertThat(configuration.getRequests().getMaxBodySize()).isEqualTo(DataSize.kibibytes(64));
    }

    @Test
    void rejectsDecreasingDelays() {
        assertThatThrownBy(() ->
                        factory.build(new ResourceConfigurationSourceProvider(), "config/telephony-unordered.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("delays must not decrease");
    }

    @Test
    void rejectsUnknownProviderType() {
        assertThatThrownBy(() ->
                        factory.build(new ResourceConfigurationSourceProvider(), "config/telephony-unknown-type.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("carrier-pigeon")
                .hasMessageContaining("simulated");
    }
}
