package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that the admin port's health checks and metrics show the telephony breaker. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpProviderBreakerHealthTest {

    private static final String HEALTH_CHECK = "circuit-breaker.telephony";

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
    void adminPortReportsBreakerState() throws Exception {
        TelephonyStub.acceptCalls(STUB);
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(202);
        JsonNode closedHealth = TestHttp.json(admin.get("/healthcheck")).path(HEALTH_CHECK);
        assertThat(closedHealth.path("healthy").asBoolean()).isTrue();
        assertThat(TelephonyStub.breakerState(admin)).isZero();

        TelephonyStub.failCalls(STUB, 500);
        // With the first call's success, three failures fill the window at 75% and open the breaker.
        for (int i = 0; i < TelephonyStub.WINDOW - 1; i++) {
            TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        }
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(503);

        HttpResponse<String> openHealth = admin.get("/healthcheck");
        JsonNode breakerHealth = TestHttp.json(openHealth).path(HEALTH_CHECK);
        assertThat(openHealth.statusCode()).isEqualTo(500);
        assertThat(breakerHealth.path("healthy").asBoolean()).isFalse();
        assertThat(breakerHealth.path("state").asText()).isEqualTo("OPEN");
        assertThat(TestHttp.json(openHealth).path("telephony").path("healthy").asBoolean())
                .isTrue();

        JsonNode metrics = TelephonyStub.metrics(admin);
        assertThat(metrics.path("gauges")
                        .path("circuit-breaker.telephony.state")
                        .path("value")
                        .asInt())
                .isEqualTo(1);
        assertThat(metrics.path("meters")
                        .path("http-client.telephony.responses.2xx")
                        .path("count")
                        .asLong())
                .isEqualTo(1);
        assertThat(metrics.path("meters")
                        .path("http-client.telephony.responses.5xx")
                        .path("count")
                        .asLong())
                .isEqualTo(TelephonyStub.WINDOW - 1);
        assertThat(metrics.path("meters")
                        .path("http-client.telephony.rejected")
                        .path("count")
                        .asLong())
                .isEqualTo(1);
        assertThat(metrics.path("timers")
                        .path("http-client.telephony.requests")
                        .path("count")
                        .asLong())
                .isEqualTo(TelephonyStub.WINDOW);

        TelephonyStub.acceptCalls(STUB);
        CLOCK.advance(TelephonyStub.OPEN_WAIT.plusSeconds(1));
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(202);
        assertThat(TestHttp.json(admin.get("/healthcheck"))
                        .path(HEALTH_CHECK)
                        .path("healthy")
                        .asBoolean())
                .isTrue();
        assertThat(TelephonyStub.breakerState(admin)).isZero();
    }
}
