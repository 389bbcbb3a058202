package com.easymo.commons.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundHttpClientFactoryTest {

    private final YamlConfigurationFactory<OutboundHttpClientFactory> factory = new YamlConfigurationFactory<>(
            OutboundHttpClientFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void parsesFullBlock() throws Exception {
        OutboundHttpClientFactory client =
                factory.build(new ResourceConfigurationSourceProvider(), "http/outbound-http-client.yml");

        assertThat(client.getConnectTimeout()).isEqualTo(Duration.milliseconds(500));
        assertThat(client.getReadTimeout()).isEqualTo(Duration.seconds(3));
        assertThat(client.getCircuitBreaker().getSlidingWindowSize()).isEqualTo(8);
        assertThat(client.getCircuitBreaker().getMinimumNumberOfCalls()).isEqualTo(4);
        assertThat(client.getCircuitBreaker().getWaitDurationInOpenState()).isEqualTo(Duration.seconds(15));
    }

    @Test
    void defaultsMatchDocumentation() throws Exception {
        OutboundHttpClientFactory client = parse("{}\n");

        assertThat(client.getConnectTimeout()).isEqualTo(Duration.seconds(2));
        assertThat(client.getReadTimeout()).isEqualTo(Duration.seconds(5));
        assertThat(client.getCircuitBreaker().getSlidingWindowSize()).isEqualTo(20);
        assertThat(client.getCircuitBreaker().getWaitDurationInOpenState()).isEqualTo(Duration.seconds(30));
    }

    @Test
    void rejectsReadTimeoutBelowMinimum() {
        assertThatThrownBy(() -> parse("readTimeout: 50ms\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("readTimeout");
    }

    @Test
    void rejectsReadTimeoutAboveMaximum() {
        assertThatThrownBy(() -> parse("readTimeout: 6m\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("readTimeout");
    }

    @Test
    void rejectsConnectTimeoutAboveMaximum() {
        assertThatThrownBy(() -> parse("connectTimeout: 2m\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void validatesNestedCircuitBreaker() {
        assertThatThrownBy(() -> parse("circuitBreaker:\n  slidingWindowSize: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("circuitBreaker.slidingWindowSize");
    }

    private OutboundHttpClientFactory parse(String yaml) throws Exception {
        InputStream input = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
        return factory.build(path -> input, "inline.yml");
    }
}
