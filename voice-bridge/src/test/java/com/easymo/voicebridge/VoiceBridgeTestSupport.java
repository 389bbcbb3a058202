package com.easymo.voicebridge;

import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;

/** Starts voice-bridge on random loopback ports with the test configuration and a given clock. */
final class VoiceBridgeTestSupport {

    private VoiceBridgeTestSupport() {}

    static DropwizardAppExtension<VoiceBridgeConfiguration> extension(Clock clock) {
        DropwizardTestSupport<VoiceBridgeConfiguration> support =
                new DropwizardTestSupport<>(
                        VoiceBridgeApplication.class,
                        ResourceHelpers.resourceFilePath("voice-bridge-test.yml"),
                        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                        ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
                        ConfigOverride.config("server.adminConnectors[0].port", "0"),
                        ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1")) {
                    @Override
                    public Application<VoiceBridgeConfiguration> newApplication() {
                        return new VoiceBridgeApplication(clock);
                    }
                };
        return new DropwizardAppExtension<>(support);
    }
}
