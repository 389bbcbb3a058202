package com.easymo.tests.logging;

import static com.easymo.tests.VoiceBridgeClient.header;
import static com.easymo.tests.logging.ServiceLogs.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.RawHttpConnection;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correlation ID that a client sends, or the one the service generates in place of a malformed one, travels to
 * the telephony provider, back in the response and onto every log line of the request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CorrelationIdPropagationTest {

    private static final ServiceLogs LOGS = ServiceLogs.forTestClass(CorrelationIdPropagationTest.class);
    private static final WireMockServer STUB = TelephonyProviderStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-logging-http.yml",
            MutableClock.startingAt2026(),
            TelephonyProviderStub.ENVIRONMENT::get,
            LOGS.overrides()[0],
            LOGS.overrides()[1],
            TelephonyProviderStub.baseUrl(STUB));

    /** 65 allowed characters, so only the length is wrong: "corr-" and 60 times "x". */
    private static final String TOO_LONG_ID = "corr-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    /** Like {@link #TOO_LONG_ID} with "z", so the two tests that send one cannot see each other's lines. */
    private static final String OTHER_TOO_LONG_ID = "corr-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VoiceBridgeClient client;

    @BeforeEach
    void acceptCalls() {
        STUB.resetAll();
        TelephonyProviderStub.acceptCalls(STUB);
        client = VoiceBridgeFixture.client(APP);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void suppliedCorrelationIdReachesProvider() {
        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", "corr-4711-abc"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "X-Correlation-ID")).isEqualTo("corr-4711-abc");
        assertThat(correlationIdsAtProvider()).containsExactly("corr-4711-abc");
        assertLoggedOnlyWith("corr-4711-abc");
    }

    @Test
    void requestIdAloneIsUsed() {
        HttpResponse<String> response = placeCall(Map.of("X-Request-ID", "req-42"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "X-Correlation-ID")).isEqualTo("req-42");
        assertThat(correlationIdsAtProvider()).containsExactly("req-42");
        assertLoggedOnlyWith("req-42");
    }

    @Test
    void correlationIdWinsOverRequestId() {
        HttpResponse<String> response =
                placeCall(Map.of("X-Correlation-ID", "corr-4712-abc", "X-Request-ID", "req-4712"));

        assertThat(header(response, "X-Correlation-ID")).isEqualTo("corr-4712-abc");
        assertThat(correlationIdsAtProvider()).containsExactly("corr-4712-abc");
        assertLoggedOnlyWith("corr-4712-abc");
    }

    @Test
    void malformedCorrelationIdFallsBackToRequestId() {
        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", "corr 4713", "X-Request-ID", "req-4713"));

        assertThat(header(response, "X-Correlation-ID")).isEqualTo("req-4713");
        assertThat(correlationIdsAtProvider()).containsExactly("req-4713");
        assertLoggedOnlyWith("req-4713");
    }

    @Test
    void idOfSixtyFourCharactersIsKept() {
        String longest = "corr-" + "y".repeat(59);

        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", longest));

        assertThat(header(response, "X-Correlation-ID")).isEqualTo(longest);
        assertThat(correlationIdsAtProvider()).containsExactly(longest);
        assertLoggedOnlyWith(longest);
    }

    @Test
    void tooLongIdHasSixtyFiveCharacters() {
        assertThat(TOO_LONG_ID).hasSize(65);
        assertThat(OTHER_TOO_LONG_ID).hasSize(65);
    }

    @ParameterizedTest
    @ValueSource(strings = {TOO_LONG_ID, "corr 4714 abc", "corr/4714:abc", "corr-4714-<abc>"})
    void malformedIdIsReplacedWithUuid(String malformed) {
        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", malformed));
        String replacement = header(response, "X-Correlation-ID");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(replacement).matches(ServiceLogs.UUID_PATTERN).isNotEqualTo(malformed);
        assertThat(correlationIdsAtProvider()).containsExactly(replacement);
        assertLoggedOnlyWith(replacement);
    }

    @ParameterizedTest
    @ValueSource(strings = {OTHER_TOO_LONG_ID, "corr 4715 abc", "corr/4715:abc", "corr-4715-<abc>"})
    void malformedIdIsLoggedNowhere(String malformed) {
        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", malformed));
        awaitRequestLogLine(header(response, "X-Correlation-ID"));

        assertThat(LOGS.application.linesContaining(malformed)).isEmpty();
        assertThat(LOGS.requests.linesContaining(malformed)).isEmpty();
    }

    /**
     * Sends IDs that consist of allowed characters but have the shape of a key or a phone number, which the logs
     * mask, and checks that no line contains them in clear.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sk_test_4f9a8b7c6d5e", "00254712345678"})
    void secretShapedIdIsLoggedNowhereInClear(String id) {
        int requestLinesBefore = LOGS.requests.lines().size();

        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", id));
        awaitPlacedCallLine(response);
        LOGS.requests.awaitEntries("one more request", entry -> true, requestLinesBefore + 1);

        assertThat(LOGS.application.linesContaining(id)).isEmpty();
        assertThat(LOGS.requests.linesContaining(id)).isEmpty();
    }

    /** Whatever the service does with an ID that the logs would mask, each line must carry the ID the client got. */
    @ParameterizedTest
    @ValueSource(strings = {"sk_test_9a8b7c6d5e4f", "00254712345679"})
    void secretShapedIdIsSameOnEveryLine(String id) {
        int requestLinesBefore = LOGS.requests.lines().size();

        HttpResponse<String> response = placeCall(Map.of("X-Correlation-ID", id));
        String returned = header(response, "X-Correlation-ID");
        JsonNode placed = awaitPlacedCallLine(response);
        List<JsonNode> requestLines =
                LOGS.requests.awaitEntries("one more request", entry -> true, requestLinesBefore + 1);

        assertThat(correlationIdsAtProvider()).containsExactly(returned);
        assertThat(field(placed, "correlationId")).isEqualTo(returned);
        assertThat(field(requestLines.get(requestLinesBefore), "correlationId")).isEqualTo(returned);
    }

    /**
     * java.net.http refuses to send a control character in a header, so this request goes over a plain socket. Jetty
     * rejects the header before the application runs, and the error handler still gives the response a new ID.
     */
    @Test
    void controlCharacterIdIsRejectedWithNewUuid() throws Exception {
        String malformed = "corr\u0001ctl-9931";
        String body = VoiceBridgeClient.GOOD_CALL;
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(client.applicationPort())) {
            connection.send("POST /calls/outbound HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                    + "X-Correlation-ID: " + malformed + "\r\n"
                    + "Connection: close\r\n"
                    + "\r\n"
                    + body);
            response = connection.readResponse();
        }
        String replacement = response.header("X-Correlation-ID");
        awaitRequestLogLine(replacement);

        assertThat(response.status()).isEqualTo(400);
        assertThat(field(response.json(), "error")).isEqualTo("bad_request");
        assertThat(replacement).matches(ServiceLogs.UUID_PATTERN);
        assertThat(field(response.json(), "correlationId")).isEqualTo(replacement);
        assertThat(TelephonyProviderStub.callsReceived(STUB)).isEmpty();
        assertThat(LOGS.application.linesContaining("ctl-9931")).isEmpty();
        assertThat(LOGS.requests.linesContaining("ctl-9931")).isEmpty();
    }

    private HttpResponse<String> placeCall(Map<String, String> headers) {
        HttpRequest.Builder request = client.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(VoiceBridgeClient.GOOD_CALL));
        headers.forEach(request::header);
        return client.send(request.build());
    }

    private static List<String> correlationIdsAtProvider() {
        List<LoggedRequest> calls = TelephonyProviderStub.callsReceived(STUB);
        assertThat(calls).as("calls that reached the provider").hasSize(1);
        return calls.get(0).getHeaders().getHeader("X-Correlation-ID").values();
    }

    /**
     * Checks that the call's application-log line and its request-log line both carry the ID, and that no other line
     * mentions it.
     */
    private static void assertLoggedOnlyWith(String correlationId) {
        JsonNode placed = LOGS
                .application
                .awaitEntries("placed call of " + correlationId, entry -> isPlacedCallOf(entry, correlationId), 1)
                .stream()
                .filter(entry -> isPlacedCallOf(entry, correlationId))
                .findFirst()
                .orElseThrow();
        JsonNode requestLine = awaitRequestLogLine(correlationId);

        assertThat(field(placed, "thread")).startsWith("dw-");
        assertThat(requestLine.path("status").asInt()).isEqualTo(202);
        assertThat(LOGS.application.linesContaining(correlationId)).hasSize(1);
        assertThat(LOGS.requests.linesContaining(correlationId)).hasSize(1);
    }

    private static JsonNode awaitPlacedCallLine(HttpResponse<String> response) {
        String callId;
        try {
            callId = field(JSON.readTree(response.body()), "callId");
        } catch (IOException e) {
            throw new UncheckedIOException("Response body is not JSON: " + response.body(), e);
        }
        Predicate<JsonNode> placedCall = entry ->
                String.valueOf(field(entry, "message")).startsWith("Placed outbound call: callId=" + callId + " ");
        return LOGS.application.awaitEntries("placed call " + callId, placedCall, 1).stream()
                .filter(placedCall)
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode awaitRequestLogLine(String correlationId) {
        return LOGS
                .requests
                .awaitEntries(
                        "request of " + correlationId, entry -> correlationId.equals(field(entry, "correlationId")), 1)
                .stream()
                .filter(entry -> correlationId.equals(field(entry, "correlationId")))
                .findFirst()
                .orElseThrow();
    }

    private static boolean isPlacedCallOf(JsonNode entry, String correlationId) {
        String message = field(entry, "message");
        return correlationId.equals(field(entry, "correlationId"))
                && message != null
                && message.startsWith("Placed outbound call:");
    }
}
