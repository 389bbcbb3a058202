package com.easymo.voicebridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Checks the HTTP provider's request, its handling of the provider's responses, and the status callback. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpProviderCallTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final WireMockServer STUB = TelephonyStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = TelephonyStub.app(STUB, CLOCK);

    private TestHttp http;

    @BeforeEach
    void resetStub() {
        STUB.resetAll();
        TelephonyStub.acceptCalls(STUB);
        http = new TestHttp(APP.getLocalPort());
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void sendsFormWithBasicAuth() throws Exception {
        HttpResponse<String> placed = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        String callId = TestHttp.json(placed).path("callId").asText();

        assertThat(placed.statusCode()).isEqualTo(202);
        STUB.verify(
                1,
                postRequestedFor(urlEqualTo(TelephonyStub.CALLS_PATH))
                        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                        .withBasicAuth(new BasicCredentials(TelephonyStub.ACCOUNT_ID, TelephonyStub.AUTH_TOKEN))
                        .withFormParam("To", equalTo(TelephonyStub.GOOD_NUMBER))
                        .withFormParam("From", equalTo(TelephonyStub.FROM))
                        .withFormParam(
                                "StatusCallback",
                                equalTo(TelephonyStub.STATUS_CALLBACK_BASE + "/calls/" + callId + "/status")));
    }

    @Test
    void forwardsCorrelationIdToProvider() throws Exception {
        String body = "{\"to\":\"" + TelephonyStub.GOOD_NUMBER + "\",\"from\":\"" + TelephonyStub.FROM + "\"}";
        HttpResponse<String> placed = http.send(http.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", "corr-call-777")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        assertThat(placed.statusCode()).isEqualTo(202);
        assertThat(placed.headers().firstValue("X-Correlation-ID")).hasValue("corr-call-777");
        STUB.verify(
                1,
                postRequestedFor(urlEqualTo(TelephonyStub.CALLS_PATH))
                        .withHeader("X-Correlation-ID", equalTo("corr-call-777")));
    }

    @Test
    void encodesFormFields() throws Exception {
        TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);

        List<LoggedRequest> requests = STUB.findAll(postRequestedFor(urlEqualTo(TelephonyStub.CALLS_PATH)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getBodyAsString())
                .startsWith("To=%2B14155550123&From=" + URLEncoder.encode(TelephonyStub.FROM, StandardCharsets.UTF_8));
    }

    @Test
    void statusCallbackUpdatesCall() throws Exception {
        String callId = TestHttp.json(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER))
                .path("callId")
                .asText();
        String callSid = providerCallId();

        HttpResponse<String> ringing = postStatus(callId, "CallSid=" + callSid + "&CallStatus=ringing&AccountSid=AC1");
        JsonNode afterRinging = TestHttp.json(http.get("/calls/" + callId));
        HttpResponse<String> completed = postStatus(callId, "CallSid=" + callSid + "&CallStatus=completed");
        HttpResponse<String> late = postStatus(callId, "CallSid=" + callSid + "&CallStatus=in-progress");
        JsonNode afterLate = TestHttp.json(http.get("/calls/" + callId));

        assertThat(ringing.statusCode()).isEqualTo(204);
        assertThat(afterRinging.path("status").asText()).isEqualTo("ringing");
        assertThat(completed.statusCode()).isEqualTo(204);
        assertThat(late.statusCode()).isEqualTo(204);
        assertThat(afterLate.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void statusCallbackRejectsUnknownCall() throws Exception {
        HttpResponse<String> response =
                postStatus("58008890-c6f6-424f-90d5-9e9b7442e2cb", "CallSid=CA1&CallStatus=ringing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("call_not_found");
    }

    @Test
    void statusCallbackRejectsInvalidStatus() throws Exception {
        String callId = TestHttp.json(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER))
                .path("callId")
                .asText();

        HttpResponse<String> response = postStatus(callId, "CallSid=" + providerCallId() + "&CallStatus=dancing");

        JsonNode body = TestHttp.json(response);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(body.path("error").asText()).isEqualTo("invalid_field");
        assertThat(body.path("field").asText()).isEqualTo("CallStatus");
    }

    @Test
    void statusCallbackRejectsOtherCallSid() throws Exception {
        String callId = TestHttp.json(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER))
                .path("callId")
                .asText();

        HttpResponse<String> response = postStatus(callId, "CallSid=CAother&CallStatus=ringing");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo("CallSid");
    }

    @Test
    void rejectedCredentialsReturn502() throws Exception {
        STUB.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"code\":20003}")));

        HttpResponse<String> response = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("upstream_error");
        assertThat(response.body()).doesNotContain(TelephonyStub.AUTH_TOKEN).doesNotContain(TelephonyStub.ACCOUNT_ID);
    }

    @Test
    void rejectedCredentialsLogOneErrorWithoutSecrets() throws Exception {
        STUB.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .willReturn(aResponse().withStatus(403)));
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        rootLogger.addAppender(logs);

        try {
            // Another test of this class may have logged the error within the last minute.
            CLOCK.advance(Duration.ofMinutes(2));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
                assertThat(response.statusCode()).isEqualTo(502);
            }
            CLOCK.advance(Duration.ofMinutes(1));
            TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
        } finally {
            rootLogger.detachAppender(logs);
        }

        List<String> errors = logs.list.stream()
                .filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).contains("status=403").contains("suppressedSinceLastLog=0");
        assertThat(errors.get(1)).contains("suppressedSinceLastLog=2");
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains(TelephonyStub.AUTH_TOKEN))
                .noneMatch(message -> message.contains(TelephonyStub.ACCOUNT_ID));
    }

    @Test
    void providerRateLimitReturns503() throws Exception {
        STUB.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        HttpResponse<String> response = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("upstream_unavailable");
    }

    @Test
    void answerWithoutSidIs502() throws Exception {
        STUB.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .willReturn(aResponse().withStatus(201).withBody("{\"status\":\"queued\"}")));

        HttpResponse<String> response = TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);

        assertThat(response.statusCode()).isEqualTo(502);
    }

    /** Returns the {@code sid} that the stub returned for the only call placed since the last reset. */
    private static String providerCallId() throws Exception {
        List<ServeEvent> events = STUB.getAllServeEvents();
        assertThat(events).hasSize(1);
        String body = events.get(0).getResponse().getBodyAsString();
        return MAPPER.readTree(body).path("sid").asText();
    }

    /** Posts a status callback signed with the auth token, as the provider sends it. */
    private HttpResponse<String> postStatus(String callId, String form) throws Exception {
        return TelephonyStub.postSignedStatus(http, callId, form, TelephonyStub.AUTH_TOKEN);
    }
}
