package com.easymo.voicebridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.easymo.commons.metrics.PlatformMetrics;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * WireMock stand-in for a Twilio-style telephony API on 127.0.0.1, and the voice-bridge instance that calls it with
 * the HTTP provider of {@code voice-bridge-http-test.yml}: a count window of 4 calls, 50% failure rate, 30s open,
 * one trial call and a 500ms read timeout.
 */
final class TelephonyStub {

    static final String ACCOUNT_ID = "AC0123456789abcdef";
    static final String AUTH_TOKEN = "tok-5ecret-6789";
    static final String CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT_ID + "/Calls.json";
    static final Map<String, String> ENVIRONMENT =
            Map.of("TELEPHONY_ACCOUNT_ID", ACCOUNT_ID, "TELEPHONY_AUTH_TOKEN", AUTH_TOKEN);

    static final String GOOD_NUMBER = "+14155550123";
    static final String REJECTED_NUMBER = "+14155550999";
    static final String FROM = "sip:agent@sip.example.com";
    static final String STATUS_CALLBACK_BASE = "https://voice-bridge.example.com/hooks";

    /** Matches {@code readTimeout} in {@code voice-bridge-http-test.yml}. */
    static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    /** Matches {@code waitDurationInOpenState} in {@code voice-bridge-http-test.yml}. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(30);

    /** Matches {@code slidingWindowSize} and {@code minimumNumberOfCalls} in {@code voice-bridge-http-test.yml}. */
    static final int WINDOW = 4;

    private TelephonyStub() {}

    /** Starts a stub on a free port of 127.0.0.1. */
    static WireMockServer start() {
        WireMockServer stub =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
        return stub;
    }

    /** Creates the app extension that calls the stub, with the account ID and auth token in its environment. */
    static DropwizardAppExtension<VoiceBridgeConfiguration> app(WireMockServer stub, Clock clock) {
        return new DropwizardAppExtension<>(VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG,
                clock,
                ENVIRONMENT::get,
                ConfigOverride.config("telephony.baseUrl", baseUrl(stub))));
    }

    static String baseUrl(WireMockServer stub) {
        return "http://127.0.0.1:" + stub.port() + "/2010-04-01";
    }

    /** Makes the stub accept every call with 201 and a new {@code sid}, status {@code queued}. */
    static void acceptCalls(WireMockServer stub) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .atPriority(5)
                .willReturn(
                        json(201, "{\"sid\":\"CA{{randomValue length=32 type='ALPHANUMERIC'}}\",\"status\":\"queued\"}")
                                .withTransformers("response-template")));
    }

    /** Makes the stub respond to every call with the given status and a JSON error body. */
    static void failCalls(WireMockServer stub, int status) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .atPriority(5)
                .willReturn(json(status, "{\"code\":\"provider_failure\",\"message\":\"try later\"}")));
    }

    /** Makes the stub reject calls to {@link #REJECTED_NUMBER} with 400 {@code invalid_number}. */
    static void rejectNumber(WireMockServer stub) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .atPriority(1)
                .withFormParam("To", equalTo(REJECTED_NUMBER))
                .willReturn(json(
                        400,
                        "{\"code\":\"invalid_number\",\"message\":\"The To number " + REJECTED_NUMBER
                                + " is not valid\"}")));
    }

    /** Makes the stub respond to every call only after {@code delayMillis}. */
    static void delayCalls(WireMockServer stub, int delayMillis) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .atPriority(5)
                .willReturn(
                        json(201, "{\"sid\":\"CA-late\",\"status\":\"queued\"}").withFixedDelay(delayMillis)));
    }

    static int callsReceived(WireMockServer stub) {
        return stub.countRequestsMatching(
                        postRequestedFor(urlEqualTo(CALLS_PATH)).build())
                .getCount();
    }

    static HttpResponse<String> placeCall(TestHttp http, String to) throws IOException, InterruptedException {
        return http.postJson("/calls/outbound", "{\"to\":\"" + to + "\",\"from\":\"" + FROM + "\"}");
    }

    /** Returns the value of the telephony breaker's state gauge from the admin port's Dropwizard JSON metrics. */
    static int breakerState(TestHttp admin) throws IOException, InterruptedException {
        return metrics(admin)
                .path("gauges")
                .path("circuit-breaker.telephony.state")
                .path("value")
                .asInt(-1);
    }

    static JsonNode metrics(TestHttp admin) throws IOException, InterruptedException {
        return TestHttp.json(admin.get(PlatformMetrics.DROPWIZARD_JSON_PATH));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
