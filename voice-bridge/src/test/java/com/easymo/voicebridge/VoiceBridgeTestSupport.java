package com.easymo.voicebridge;

import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Starts voice-bridge on random loopback ports with a test configuration and a given clock. */
final class VoiceBridgeTestSupport {

    /** Configuration with the simulated provider. */
    static final String SIMULATED_CONFIG = "voice-bridge-test.yml";

    /** Configuration with the HTTP provider; {@code telephony.baseUrl} must be overridden. */
    static final String HTTP_CONFIG = "voice-bridge-http-test.yml";

    private VoiceBridgeTestSupport() {}

    static DropwizardAppExtension<VoiceBridgeConfiguration> extension(Clock clock) {
        return extension(clock, new ConfigOverride[0]);
    }

    /** Creates the extension with further configuration overrides, such as a shorter idle timeout. */
    static DropwizardAppExtension<VoiceBridgeConfiguration> extension(Clock clock, ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(support(SIMULATED_CONFIG, clock, System::getenv, overrides));
    }

    /**
     * Creates the test support for the given configuration file, reading environment variables from
     * {@code environmentVariables} instead of the process's environment.
     */
    static DropwizardTestSupport<VoiceBridgeConfiguration> support(
            String configFile,
            Clock clock,
            Function<String, String> environmentVariables,
            ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1")));
        all.addAll(List.of(overrides));
        return new DropwizardTestSupport<>(
                VoiceBridgeApplication.class,
                ResourceHelpers.resourceFilePath(configFile),
                all.toArray(new ConfigOverride[0])) {
            @Override
            public Application<VoiceBridgeConfiguration> newApplication() {
                return new VoiceBridgeApplication(clock, environmentVariables);
            }
        };
    }
}
