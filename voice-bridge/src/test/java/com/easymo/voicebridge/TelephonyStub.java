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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /** Correlation ID that {@link #postStatus} sends, so error bodies can be compared whole. */
    static final String CALLBACK_CORRELATION_ID = "corr-callback-1";

    /** Matches {@code readTimeout} in {@code voice-bridge-http-test.yml}. */
    static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    /** Matches {@code waitDurationInOpenState} in {@code voice-bridge-http-test.yml}. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(30);

    /** Matches {@code slidingWindowSize} and {@code minimumNumberOfCalls} in {@code voice-bridge-http-test.yml}. */
    static final int WINDOW = 4;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TelephonyStub() {}

    /** Starts a stub on a free port of 127.0.0.1. */
    static WireMockServer start() {
        WireMockServer stub =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
        return stub;
    }

    /**
     * Creates the app extension that calls the stub, with the account ID and auth token in its environment and any
     * further configuration overrides.
     */
    static DropwizardAppExtension<VoiceBridgeConfiguration> app(
            WireMockServer stub, Clock clock, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(ConfigOverride.config("telephony.baseUrl", baseUrl(stub))));
        all.addAll(List.of(overrides));
        return new DropwizardAppExtension<>(VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG, clock, ENVIRONMENT::get, all.toArray(new ConfigOverride[0])));
    }

    /**
     * Creates the test support for an instance that reads its auth token from {@code tokenFile} instead of the
     * environment, which then lacks {@code TELEPHONY_AUTH_TOKEN}.
     */
    static DropwizardTestSupport<VoiceBridgeConfiguration> tokenFileSupport(
            WireMockServer stub, Clock clock, Path tokenFile, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("telephony.baseUrl", baseUrl(stub)),
                ConfigOverride.config("telephony.authTokenFile", tokenFile.toString())));
        all.addAll(List.of(overrides));
        Map<String, String> environment = Map.of("TELEPHONY_ACCOUNT_ID", ACCOUNT_ID);
        return VoiceBridgeTestSupport.support(
                VoiceBridgeTestSupport.HTTP_CONFIG, clock, environment::get, all.toArray(new ConfigOverride[0]));
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

    /** Returns the {@code Authorization} header of every call request that the stub received, oldest first. */
    static List<String> receivedAuthorizations(WireMockServer stub) {
        return stub.findAll(postRequestedFor(urlEqualTo(CALLS_PATH))).stream()
                .map(request -> request.getHeader("Authorization"))
                .toList();
    }

    /** Returns the {@code sid} in the stub's latest response. */
    static String latestProviderCallId(WireMockServer stub) throws IOException {
        String body = stub.getAllServeEvents().get(0).getResponse().getBodyAsString();
        return MAPPER.readTree(body).path("sid").asText();
    }

    static HttpResponse<String> placeCall(TestHttp http, String to) throws IOException, InterruptedException {
        return http.postJson("/calls/outbound", "{\"to\":\"" + to + "\",\"from\":\"" + FROM + "\"}");
    }

    /** Returns the {@code Authorization} header that the provider expects with the given auth token. */
    static String authorization(String authToken) {
        String credentials = ACCOUNT_ID + ":" + authToken;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the URL that voice-bridge sends as {@code StatusCallback} for the call. */
    static String callbackUrl(String callId) {
        return STATUS_CALLBACK_BASE + "/calls/" + callId + "/status";
    }

    /**
     * Computes the {@code X-Twilio-Signature} that the provider sends with a callback for the call: the Base64
     * HMAC-SHA1, keyed by the auth token, of the callback URL followed by each form field's name and value, sorted by
     * name. The form must not repeat a field name.
     */
    static String signature(String authToken, String callId, String form) throws GeneralSecurityException {
        return signatureOverUrl(authToken, callbackUrl(callId), form);
    }

    /** Computes the signature as {@link #signature} does, but over any URL. */
    static String signatureOverUrl(String authToken, String url, String form) throws GeneralSecurityException {
        Map<String, String> fields = new TreeMap<>();
        for (String field : form.split("&")) {
            if (!field.isEmpty()) {
                int equals = field.indexOf('=');
                fields.put(
                        URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        StringBuilder data = new StringBuilder(url);
        fields.forEach((name, value) -> data.append(name).append(value));

        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    /** Posts a status callback with the form body and, unless it is {@code null}, the signature header. */
    static HttpResponse<String> postStatus(TestHttp http, String callId, String form, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = http.request("/calls/" + callId + "/status")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Correlation-ID", CALLBACK_CORRELATION_ID)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return http.send(request.build());
    }

    /** Posts a status callback signed with the given auth token. */
    static HttpResponse<String> postSignedStatus(TestHttp http, String callId, String form, String authToken)
            throws IOException, InterruptedException, GeneralSecurityException {
        return postStatus(http, callId, form, signature(authToken, callId, form));
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
