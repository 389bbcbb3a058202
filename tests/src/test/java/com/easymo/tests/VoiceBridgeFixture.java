package com.easymo.tests;

import com.easymo.voicebridge.VoiceBridgeApplication;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.util.function.Function;

/** Starts voice-bridge in this JVM on free loopback ports, with a configuration file and a clock of the test's. */
public final class VoiceBridgeFixture {

    private VoiceBridgeFixture() {}

    /** Creates the extension that starts voice-bridge before the test class and stops it after. */
    public static DropwizardAppExtension<VoiceBridgeConfiguration> create(String configResource, Clock clock) {
        return create(configResource, clock, System::getenv);
    }

    /**
     * Creates the extension with the test's environment variables and configuration overrides, such as the names of
     * log files.
     *
     * @param environmentVariables returns the value of an environment variable, or {@code null} when it is not set
     */
    public static DropwizardAppExtension<VoiceBridgeConfiguration> create(
            String configResource,
            Clock clock,
            Function<String, String> environmentVariables,
            ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(
                new DropwizardTestSupport<>(
                        VoiceBridgeApplication.class, ResourceHelpers.resourceFilePath(configResource), overrides) {
                    @Override
                    public VoiceBridgeApplication newApplication() {
                        return new VoiceBridgeApplication(clock, environmentVariables);
                    }
                });
    }

    /**
     * Creates the extension with configuration overrides under their own system-property prefix, for a test class
     * that runs several services with different values for the same keys.
     */
    public static DropwizardAppExtension<VoiceBridgeConfiguration> create(
            String configResource, Clock clock, String propertyPrefix, ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(
                new DropwizardTestSupport<>(
                        VoiceBridgeApplication.class,
                        ResourceHelpers.resourceFilePath(configResource),
                        propertyPrefix,
                        overrides) {
                    @Override
                    public VoiceBridgeApplication newApplication() {
                        return new VoiceBridgeApplication(clock);
                    }
                });
    }

    /** Creates a client for the running service. */
    public static VoiceBridgeClient client(DropwizardAppExtension<VoiceBridgeConfiguration> app) {
        return new VoiceBridgeClient(app.getLocalPort(), app.getAdminPort());
    }
}
