package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that a provider slower than {@code readTimeout} costs the client at most {@code readTimeout} plus 1s. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpProviderTimeoutTest {

    private static final int PROVIDER_DELAY_MILLIS = 3_000;
    private static final Duration MAX_RESPONSE_TIME = TelephonyStub.READ_TIMEOUT.plusSeconds(1);

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
    void slowProviderTimesOutAndOpensBreaker() throws Exception {
        TelephonyStub.delayCalls(STUB, PROVIDER_DELAY_MILLIS);

        for (int i = 0; i < TelephonyStub.WINDOW; i++) {
            assertTimedOut(placeTimedCall());
        }
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(503);
        assertThat(TelephonyStub.breakerState(admin)).isEqualTo(1);

        CLOCK.advance(TelephonyStub.OPEN_WAIT.plusSeconds(1));
        assertTimedOut(placeTimedCall());
        assertThat(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER).statusCode())
                .isEqualTo(503);
        assertThat(TelephonyStub.breakerState(admin)).isEqualTo(1);
    }

    private TimedResponse placeTimedCall() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        return new TimedResponse(response, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void assertTimedOut(TimedResponse timed) throws Exception {
        assertThat(timed.response().statusCode()).isEqualTo(504);
        assertThat(TestHttp.json(timed.response()).path("error").asText()).isEqualTo("upstream_timeout");
        System.out.printf(
                "Timed-out call got its response after %d ms%n", timed.elapsed().toMillis());
        assertThat(timed.elapsed()).isLessThan(MAX_RESPONSE_TIME);
    }

    private record TimedResponse(HttpResponse<String> response, Duration elapsed) {}
}
