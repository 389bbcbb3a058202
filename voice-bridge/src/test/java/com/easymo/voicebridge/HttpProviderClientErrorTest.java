package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that calls the provider rejects with a 4xx reach the client as a 4xx and never open the breaker. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpProviderClientErrorTest {

    private static final int REJECTED_CALLS = 30;

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final WireMockServer STUB = TelephonyStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = TelephonyStub.app(STUB, CLOCK);

    private TestHttp http;
    private TestHttp admin;

    @BeforeEach
    void createClients() {
        http = new TestHttp(APP.getLocalPort());
        admin = new TestHttp(APP.getAdminPort());
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void providerRejectionsKeepBreakerClosed() throws Exception {
        TelephonyStub.acceptCalls(STUB);
        TelephonyStub.rejectNumber(STUB);

        for (int i = 0; i < REJECTED_CALLS; i++) {
            HttpResponse<String> rejected = TelephonyStub.placeCall(http, TelephonyStub.REJECTED_NUMBER);
            JsonNode body = TestHttp.json(rejected);
            assertThat(rejected.statusCode()).isEqualTo(422);
            assertThat(body.path("error").asText()).isEqualTo("provider_rejected");
            assertThat(body.path("message").asText())
                    .isEqualTo("The telephony provider rejected the call with code invalid_number.");
            assertThat(rejected.body()).doesNotContain("4155550999").doesNotContain(TelephonyStub.AUTH_TOKEN);
        }
        assertThat(TelephonyStub.breakerState(admin)).isZero();
        assertThat(TelephonyStub.callsReceived(STUB)).isEqualTo(REJECTED_CALLS);

        HttpResponse<String> good = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        assertThat(good.statusCode()).isEqualTo(202);
        assertThat(TelephonyStub.breakerState(admin)).isZero();

        TelephonyStub.failCalls(STUB, 503);
        // The window still contains successful calls, so the breaker may open before the window is all failures.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < TelephonyStub.WINDOW; i++) {
            statuses.add(
                    TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode());
        }
        assertThat(statuses).startsWith(502).containsOnly(502, 503);
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(503);
        assertThat(TelephonyStub.breakerState(admin)).isEqualTo(1);
    }
}
