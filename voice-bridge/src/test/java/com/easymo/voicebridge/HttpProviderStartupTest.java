package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the HTTP provider needs its secrets at startup while the simulated provider needs none, and that only a
 * token file makes the token reloadable.
 */
class HttpProviderStartupTest {

    /** Nothing listens on port 9 here, and no test reaches a request: startup fails or is checked first. */
    private static final ConfigOverride UNUSED_BASE_URL =
            ConfigOverride.config("telephony.baseUrl", "http://127.0.0.1:9/2010-04-01");

    @Test
    void missingAuthTokenFailsStartup() {
        Map<String, String> environment = Map.of("TELEPHONY_ACCOUNT_ID", TelephonyStub.ACCOUNT_ID);
        DropwizardTestSupport<VoiceBridgeConfiguration> support = VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG, MutableClock.startingAt2026(), environment::get, UNUSED_BASE_URL);

        try {
            assertThatThrownBy(support::before)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Environment variable TELEPHONY_AUTH_TOKEN is not set: telephony.type http needs the"
                            + " provider's auth token");
        } finally {
            support.after();
        }
    }

    @Test
    void blankAccountIdFailsStartup() {
        Map<String, String> environment =
                Map.of("TELEPHONY_ACCOUNT_ID", "  ", "TELEPHONY_AUTH_TOKEN", TelephonyStub.AUTH_TOKEN);
        DropwizardTestSupport<VoiceBridgeConfiguration> support = VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG, MutableClock.startingAt2026(), environment::get, UNUSED_BASE_URL);

        try {
            assertThatThrownBy(support::before)
                    .hasMessageContaining("TELEPHONY_ACCOUNT_ID is blank")
                    .hasMessageNotContaining(TelephonyStub.AUTH_TOKEN);
        } finally {
            support.after();
        }
    }

    @Test
    void emptyTokenFileFailsStartup(@TempDir Path directory) throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("telephony-auth-token"), " \n");
        Map<String, String> environment = Map.of("TELEPHONY_ACCOUNT_ID", TelephonyStub.ACCOUNT_ID);
        DropwizardTestSupport<VoiceBridgeConfiguration> support = VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG,
                MutableClock.startingAt2026(),
                environment::get,
                UNUSED_BASE_URL,
                ConfigOverride.config("telephony.authTokenFile", tokenFile.toString()));

        try {
            assertThatThrownBy(support::before)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("telephony.authTokenFile must contain the provider's auth token: Secret file "
                            + tokenFile + " is empty");
        } finally {
            support.after();
        }
    }

    @Test
    void environmentTokenIsNotReloadable() throws Exception {
        DropwizardTestSupport<VoiceBridgeConfiguration> support = VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG,
                MutableClock.startingAt2026(),
                TelephonyStub.ENVIRONMENT::get,
                UNUSED_BASE_URL);

        try {
            support.before();
            TestHttp admin = new TestHttp(support.getAdminPort());
            HttpResponse<String> all = admin.send("POST", "/tasks/reload-credentials");
            HttpResponse<String> named =
                    admin.send("POST", "/tasks/reload-credentials?name=telephony-auth-token&by=oncall-test");

            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.body()).isEqualTo("{}\n");
            assertThat(named.statusCode()).isEqualTo(500);
            assertThat(named.body())
                    .isEqualTo("\n{\"error\":\"invalid_parameter\",\"message\":\"Unknown credential"
                            + " 'telephony-auth-token'; registered: []\",\"field\":\"name\"}\n");
        } finally {
            support.after();
        }
    }

    @Test
    void simulatedProviderNeedsNoVariables() throws Exception {
        DropwizardTestSupport<VoiceBridgeConfiguration> support = VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.SIMULATED_CONFIG, MutableClock.startingAt2026(), name -> null);

        try {
            support.before();
            assertThat(support.getLocalPort()).isPositive();
        } finally {
            support.after();
        }
    }
}
