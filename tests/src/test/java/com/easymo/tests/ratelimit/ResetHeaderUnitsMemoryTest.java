package com.easymo.tests.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.MemoryStoreFactory;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs {@link ResetHeaderUnitsCases} with the in-memory store. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResetHeaderUnitsMemoryTest extends ResetHeaderUnitsCases {

    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP =
            VoiceBridgeFixture.create("voice-bridge-direct.yml", Clock.systemUTC());

    /**
     * Checks that the service runs the in-memory store. System properties named {@code dw.rateLimit.store.*}, which
     * Dropwizard config overrides set and an earlier test class can leave behind, would replace it.
     */
    @BeforeEach
    void checkStoreIsInMemory() {
        assertThat(APP.getConfiguration().getRateLimit().getStore())
                .as("rate-limit store of the running service")
                .isInstanceOf(MemoryStoreFactory.class);
    }

    @Override
    protected DropwizardAppExtension<VoiceBridgeConfiguration> app() {
        return APP;
    }
}
