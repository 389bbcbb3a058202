package com.easymo.voicebridge;

import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Starts voice-bridge on random loopback ports with the test configuration and a given clock. */
final class VoiceBridgeTestSupport {

    private VoiceBridgeTestSupport() {}

    static DropwizardAppExtension<VoiceBridgeConfiguration> extension(Clock clock) {
        return extension(clock, new ConfigOverride[0]);
    }

    /** Creates the extension with further configuration overrides, such as a shorter idle timeout. */
    static DropwizardAppExtension<VoiceBridgeConfiguration> extension(Clock clock, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1")));
        all.addAll(List.of(overrides));
        DropwizardTestSupport<VoiceBridgeConfiguration> support =
                new DropwizardTestSupport<>(
                        VoiceBridgeApplication.class,
                        ResourceHelpers.resourceFilePath("voice-bridge-test.yml"),
                        all.toArray(new ConfigOverride[0])) {
                    @Override
                    public Application<VoiceBridgeConfiguration> newApplication() {
                        return new VoiceBridgeApplication(clock);
                    }
                };
        return new DropwizardAppExtension<>(support);
    }
}
