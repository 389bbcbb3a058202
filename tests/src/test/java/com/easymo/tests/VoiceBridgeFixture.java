package com.easymo.tests;

import com.easymo.voicebridge.VoiceBridgeApplication;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;

/** Starts voice-bridge in this JVM on free loopback ports, with a configuration file and a clock of the test's. */
public final class VoiceBridgeFixture {

    private VoiceBridgeFixture() {}

    /** Creates the extension that starts voice-bridge before the test class and stops it after. */
    public static DropwizardAppExtension<VoiceBridgeConfiguration> create(String configResource, Clock clock) {
        return new DropwizardAppExtension<>(
                new DropwizardTestSupport<>(
                        VoiceBridgeApplication.class, ResourceHelpers.resourceFilePath(configResource)) {
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
