package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class HttpProviderBreakerTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final WireMockServer STUB = TelephonyStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = TelephonyStub.app(STUB, CLOCK);

    private static final int REJECTED_CALLS = 5;
    private static final Duration MAX_REJECTION_LATENCY = Duration.ofMillis(50);

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
    void openBreakerRejectsFastThenRecovers() throws Exception {
        TelephonyStub.failCalls(STUB, 503);
        for (int i = 0; i < TelephonyStub.WINDOW; i++) {
            HttpResponse<String> failed = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(TestHttp.json(failed).path("error").asText()).isEqualTo("upstream_error");
        }
        STUB.resetRequests();

        long slowestNanos = 0;
        for (int i = 0; i < REJECTED_CALLS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> rejected = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);

            JsonNode body = TestHttp.json(rejected);
            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(TestHttp.contentType(rejected)).startsWith("application/json");
            assertThat(rejected.headers().firstValue("Retry-After")).contains("30");
            assertThat(body.path("error").asText()).isEqualTo("upstream_unavailable");
            assertThat(body.path("retryAfter").asLong()).isEqualTo(30);
        }
        System.out.printf(
                "Slowest of %d rejections by the open breaker: %.2f ms%n", REJECTED_CALLS, slowestNanos / 1e6);
        assertThat(Duration.ofNanos(slowestNanos)).isLessThan(MAX_REJECTION_LATENCY);
        assertThat(STUB.getAllServeEvents()).isEmpty();

        CLOCK.advance(TelephonyStub.OPEN_WAIT.plusSeconds(1));
        HttpResponse<String> failedProbe = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        assertThat(failedProbe.statusCode()).isEqualTo(502);
        assertThat(TelephonyStub.callsReceived(STUB)).isEqualTo(1);
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(503);

        TelephonyStub.acceptCalls(STUB);
        CLOCK.advance(TelephonyStub.OPEN_WAIT.plusSeconds(1));
        HttpResponse<String> probe = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        assertThat(probe.statusCode()).isEqualTo(202);
        assertThat(TelephonyStub.breakerState(admin)).isZero();
        for (int i = 0; i < TelephonyStub.WINDOW; i++) {
            assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                    .isEqualTo(202);
        }
        assertThat(TelephonyStub.callsReceived(STUB)).isEqualTo(2 + TelephonyStub.WINDOW);
    }
}
