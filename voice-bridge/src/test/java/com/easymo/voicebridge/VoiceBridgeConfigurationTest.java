package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.logging.MaskedAccessJsonLayoutFactory;
import com.easymo.commons.logging.MaskedJsonLayoutFactory;
import com.easymo.commons.logging.PlatformLogging;
import com.easymo.commons.logging.ServiceInfo;
import com.easymo.commons.ratelimit.redis.FailureMode;
import com.easymo.commons.ratelimit.redis.RedisMode;
import com.easymo.commons.ratelimit.redis.RedisStoreFactory;
import com.easymo.voicebridge.provider.HttpTelephonyProviderFactory;
import com.easymo.voicebridge.provider.SimulatedTelephonyProviderFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.nio.file.Path;
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
    void readsProductionConfiguration() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new FileConfigurationSourceProvider(), "config/production.yml");

        DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        HttpConnectorFactory admin =
                (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertThat(admin.getBindHost()).isEqualTo("127.0.0.1");
        assertThat(configuration.getTelephony()).isInstanceOf(HttpTelephonyProviderFactory.class);
        assertThat(configuration.getLogMasking().isEnabled()).isTrue();
        assertThat(configuration.getRateLimit().getTrustedProxies()).containsExactly("10.0.0.0/8");
        RedisStoreFactory store =
                (RedisStoreFactory) configuration.getRateLimit().getStore();
        assertThat(store.getMode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(store.getAddresses()).hasSize(3);
        assertThat(store.getOnFailure()).isEqualTo(FailureMode.LOCAL);
    }

    @Test
    void readsDevelopmentRedisConfiguration() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new FileConfigurationSourceProvider(), "config/dev-redis.yml");

        RedisStoreFactory store =
                (RedisStoreFactory) configuration.getRateLimit().getStore();
        assertThat(store.getMode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(store.getAddresses()).containsExactly("127.0.0.1:16379");
        assertThat(configuration.getTelephony()).isInstanceOf(SimulatedTelephonyProviderFactory.class);
    }

    @Test
    void productionLayoutsAreMasking() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new FileConfigurationSourceProvider(), "config/production.yml");

        PlatformLogging.apply(configuration, configuration.getLogMasking(), new ServiceInfo("voice-bridge", "1"));

        DefaultLoggingFactory logging = (DefaultLoggingFactory) configuration.getLoggingFactory();
        assertThat(((AbstractAppenderFactory<?>) logging.getAppenders().get(0)).getLayout())
                .isInstanceOf(MaskedJsonLayoutFactory.class);
        LogbackAccessRequestLogFactory requestLog = (LogbackAccessRequestLogFactory)
                ((DefaultServerFactory) configuration.getServerFactory()).getRequestLogFactory();
        assertThat(((AbstractAppenderFactory<?>) requestLog.getAppenders().get(0)).getLayout())
                .isInstanceOf(MaskedAccessJsonLayoutFactory.class);
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

    @Test
    void readsHttpProvider() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new ResourceConfigurationSourceProvider(), "config/telephony-http.yml");

        HttpTelephonyProviderFactory telephony = (HttpTelephonyProviderFactory) configuration.getTelephony();
        assertThat(telephony.getBaseUrl()).isEqualTo(URI.create("https://api.twilio.com/2010-04-01"));
        assertThat(telephony.getStatusCallbackUrl()).isEqualTo(URI.create("https://voice-bridge.example.com"));
        assertThat(telephony.getAccountIdEnv()).isEqualTo("TELEPHONY_ACCOUNT_ID");
        assertThat(telephony.getAuthTokenEnv()).isEqualTo("TELEPHONY_AUTH_TOKEN");
        assertThat(telephony.getMaxTrackedCalls()).isEqualTo(10_000);
        assertThat(telephony.getClient().getReadTimeout()).isEqualTo(Duration.seconds(3));
        assertThat(telephony.getClient().getConnectTimeout()).isEqualTo(Duration.seconds(2));
        assertThat(telephony.getAuthTokenFile()).isNull();
        assertThat(telephony.getAuthTokenOverlap()).isEqualTo(Duration.hours(1));
        assertThat(telephony.isVerifyCallbackSignatures()).isTrue();
    }

    @Test
    void readsAuthTokenFile() throws Exception {
        VoiceBridgeConfiguration configuration =
                factory.build(new ResourceConfigurationSourceProvider(), "config/telephony-http-token-file.yml");

        HttpTelephonyProviderFactory telephony = (HttpTelephonyProviderFactory) configuration.getTelephony();
        assertThat(telephony.getAuthTokenFile()).isEqualTo(Path.of("/run/secrets/telephony-auth-token"));
        assertThat(telephony.getAuthTokenOverlap()).isEqualTo(Duration.minutes(30));
        assertThat(telephony.isVerifyCallbackSignatures()).isFalse();
    }

    @Test
    void rejectsOverlapBelowOneMinute() {
        assertThatThrownBy(() -> factory.build(
                        new ResourceConfigurationSourceProvider(), "config/telephony-http-short-overlap.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("telephony.authTokenOverlap must be greater than or equal to 1 MINUTES");
    }

    @Test
    void rejectsOverlapAboveSevenDays() {
        assertThatThrownBy(() -> factory.build(
                        new ResourceConfigurationSourceProvider(), "config/telephony-http-long-overlap.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("telephony.authTokenOverlap must be less than or equal to 7 DAYS");
    }

    @Test
    void rejectsNonHttpBaseUrl() {
        assertThatThrownBy(() ->
                        factory.build(new ResourceConfigurationSourceProvider(), "config/telephony-http-ftp-url.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("baseUrl must be an absolute http or https URL");
    }

    @Test
    void requiresStatusCallbackUrl() {
        assertThatThrownBy(() -> factory.build(
                        new ResourceConfigurationSourceProvider(), "config/telephony-http-no-callback.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("statusCallbackUrl");
    }
}
