package com.easymo.tests.logging;

import static com.easymo.tests.VoiceBridgeClient.header;
import static com.easymo.tests.logging.ServiceLogs.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.ApiKeyFiles;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider failure whose response body quotes personal data and a key, on a request that carries secrets in its
 * query and headers, leaves only masked values in both logs, the stack trace of the WARN line included.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StackTraceMaskingTest {

    private static final ServiceLogs LOGS = ServiceLogs.forTestClass(StackTraceMaskingTest.class);
    private static final WireMockServer STUB = TelephonyProviderStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-logging-http.yml",
            MutableClock.startingAt2026(),
            TelephonyProviderStub.ENVIRONMENT::get,
            LOGS.overrides()[0],
            LOGS.overrides()[1],
            TelephonyProviderStub.baseUrl(STUB),
            ApiKeyFiles.accepting("key-alice-0123456789"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER_ERROR =
            "{\"error\":\"cannot dial +14155550177 for ana.silva@example.com, key sk_test_4f9a8b7c6d5e\"}";
    private static final String PATH_AND_QUERY =
            "/calls/outbound?email=ana.silva%40example.com&api_key=sk_live_abcdefgh12345678&to=%2B254712345678";
    private static final String CALL = "{\"to\":\"+14155550177\",\"from\":\"sip:agent@sip.example.com\"}";

    /** Values that must not appear in either log in any form that a reader could use. */
    private static final List<String> CLEAR_VALUES = List.of(
            "4155550177",
            "254712345678",
            "ana.silva@example.com",
            "ana.silva",
            "sk_test_4f9a8b7c6d5e",
            "sk_live_abcdefgh12345678",
            "key-alice-0123456789",
            "agent@",
            "198.51.100.7",
            TelephonyProviderStub.AUTH_TOKEN);

    private static HttpResponse<String> response;
    private static String correlationId;
    private static JsonNode warning;
    private static JsonNode requestLine;

    @BeforeAll
    static void failOneCall() {
        TelephonyProviderStub.failCalls(STUB, 500, PROVIDER_ERROR);
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);

        response = client.send(client.request(PATH_AND_QUERY)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer key-alice-0123456789")
                .header("X-API-Key", "key-alice-0123456789")
                .header("X-Forwarded-For", "198.51.100.7")
                .header("User-Agent", "easymo-dialer/2.3 (ana.silva@example.com)")
                .POST(HttpRequest.BodyPublishers.ofString(CALL))
                .build());
        correlationId = header(response, "X-Correlation-ID");

        warning = only(
                LOGS.application.awaitEntries("upstream failure", StackTraceMaskingTest::isUpstreamFailure, 1),
                StackTraceMaskingTest::isUpstreamFailure);
        requestLine = only(
                LOGS.requests.awaitEntries("request of " + correlationId, StackTraceMaskingTest::isOwnRequest, 1),
                StackTraceMaskingTest::isOwnRequest);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void providerFailureReturns502WithCorrelationId() throws Exception {
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(field(body, "error")).isEqualTo("upstream_error");
        assertThat(field(body, "correlationId")).isEqualTo(correlationId);
        assertThat(correlationId).matches(ServiceLogs.UUID_PATTERN);
        assertThat(response.body()).doesNotContain("cannot dial").doesNotContain("telephony");
    }

    @Test
    void clearValuesAppearInNoLogLine() {
        String application = LOGS.application.text();
        String requests = LOGS.requests.text();

        SoftAssertions softly = new SoftAssertions();
        for (String value : CLEAR_VALUES) {
            softly.assertThat(LOGS.application.linesContaining(value))
                    .as("application-log lines with %s", value)
                    .isEmpty();
            softly.assertThat(LOGS.requests.linesContaining(value))
                    .as("request-log lines with %s", value)
                    .isEmpty();
        }
        softly.assertThat(application).as("application log").isNotEmpty();
        softly.assertThat(requests).as("request log").isNotEmpty();
        softly.assertAll();
    }

    @Test
    void warningQuotesMaskedProviderBody() {
        String exception = field(warning, "exception");

        assertThat(exception)
                .startsWith("com.easymo.commons.http.UpstreamException: Upstream 'telephony' responded with status 500:"
                        + " {\"error\":\"cannot dial +141******77 for a***@example.com, key sk_test_***\"}\n");
        assertThat(exception).contains("+141******77");
        assertThat(exception).contains("a***@example.com");
        assertThat(exception).contains("sk_test_***");
        assertThat(exception).contains("\tat com.easymo.voicebridge.provider.HttpTelephonyProvider.");
    }

    @Test
    void warningHasExactFields() {
        assertThat(field(warning, "level")).isEqualTo("WARN");
        assertThat(field(warning, "logger")).isEqualTo("com.easymo.commons.http.UpstreamExceptionMapper");
        assertThat(field(warning, "message")).isEqualTo("Upstream call failed");
        assertThat(field(warning, "event")).isEqualTo("UPSTREAM_FAILED");
        assertThat(field(warning, "client")).isEqualTo("telephony");
        assertThat(field(warning, "kind")).isEqualTo("SERVER_ERROR");
        assertThat(field(warning, "cause")).isEqualTo("none");
        assertThat(field(warning, "correlationId")).isEqualTo(correlationId);
        assertThat(field(warning, "clientIp")).isEqualTo("198.51.100.0/24");
        assertThat(field(warning, "service")).isEqualTo("voice-bridge");
        assertThat(field(warning, "timestamp")).matches(ServiceLogs.UTC_TIMESTAMP);
        // Dropwizard names the thread after the request line while it serves it; the layout drops the query.
        assertThat(field(warning, "thread")).matches("dw-\\d+ - POST /calls/outbound\\?\\.\\.\\.");
    }

    @Test
    void requestLogLineMasksQueryAndHeaders() {
        assertThat(field(requestLine, "query")).isEqualTo("email=a***@example.com&api_key=***&to=+2547******78");
        assertThat(field(requestLine, "uri")).isEqualTo("/calls/outbound");
        assertThat(requestLine.path("status").asInt()).isEqualTo(502);
        assertThat(field(requestLine, "clientIp")).isEqualTo("198.51.100.0/24");
        assertThat(field(requestLine, "remoteAddress")).isEqualTo("127.0.0.1");
        assertThat(field(requestLine, "userAgent")).isEqualTo("easymo-dialer/2.3 (a***@example.com)");
        assertThat(JSON.convertValue(requestLine.get("headers"), Map.class))
                .isEqualTo(Map.of(
                        "Accept", "application/json",
                        "Content-Type", "application/json",
                        "Content-Length", String.valueOf(CALL.length()),
                        "X-Forwarded-For", "198.51.100.0/24"));
    }

    @Test
    void providerReceivedCallWithCorrelationId() {
        assertThat(TelephonyProviderStub.callsReceived(STUB)).hasSize(1);
        assertThat(TelephonyProviderStub.callsReceived(STUB)
                        .get(0)
                        .getHeaders()
                        .getHeader("X-Correlation-ID")
                        .values())
                .containsExactly(correlationId);
    }

    private static boolean isUpstreamFailure(JsonNode entry) {
        return "UPSTREAM_FAILED".equals(field(entry, "event"));
    }

    private static boolean isOwnRequest(JsonNode entry) {
        return correlationId.equals(field(entry, "correlationId"));
    }

    private static JsonNode only(List<JsonNode> entries, Predicate<JsonNode> matching) {
        List<JsonNode> matches = entries.stream().filter(matching).toList();
        assertThat(matches).hasSize(1);
        return matches.get(0);
    }
}
