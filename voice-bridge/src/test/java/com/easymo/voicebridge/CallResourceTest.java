package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class CallResourceTest {

    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");
    private static final MutableClock CLOCK = new MutableClock(START);
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeTestSupport.extension(CLOCK);

    private static final String VALID_CALL = "{\"to\":\"+254712345678\",\"from\":\"sip:test@easymo\"}";

    private TestHttp http;

    @BeforeEach
    void createClient() {
        http = new TestHttp(APP.getLocalPort());
    }

    @Test
    void acceptsOutboundCall() throws Exception {
        HttpResponse<String> response = http.postJson("/calls/outbound", VALID_CALL);

        JsonNode body = TestHttp.json(response);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(UUID.fromString(body.path("callId").asText())).isNotNull();
        assertThat(body.path("status").asText()).isEqualTo("queued");
        assertThat(body.path("to").asText()).isEqualTo("+254712345678");
        assertThat(body.path("from").asText()).isEqualTo("sip:test@easymo");
        assertThat(Instant.parse(body.path("createdAt").asText())).isEqualTo(CLOCK.instant());
    }

    @Test
    void pointsLocationAtNewCall() throws Exception {
        HttpResponse<String> response = http.postJson("/calls/outbound", VALID_CALL);

        String callId = TestHttp.json(response).path("callId").asText();
        assertThat(response.headers().firstValue("Location")).contains("/calls/" + callId);
    }

    @Test
    void acceptsDomainSipUri() throws Exception {
        HttpResponse<String> response =
                http.postJson("/calls/outbound", "{\"to\":\"+14155550123\",\"from\":\"sip:agent@sip.example.com\"}");

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void returnsStoredCall() throws Exception {
        JsonNode placed = TestHttp.json(http.postJson("/calls/outbound", VALID_CALL));

        HttpResponse<String> response =
                http.get("/calls/" + placed.path("callId").asText());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response)).isEqualTo(placed);
    }

    @Test
    void movesThroughStatusesAsClockAdvances() throws Exception {
        String location = http.postJson("/calls/outbound", VALID_CALL)
                .headers()
                .firstValue("Location")
                .orElseThrow();

        String queued = statusAfter(location, Duration.ofMillis(1999));
        String ringing = statusAfter(location, Duration.ofMillis(1));
        String stillRinging = statusAfter(location, Duration.ofMillis(3999));
        String inProgress = statusAfter(location, Duration.ofMillis(1));
        String stillInProgress = statusAfter(location, Duration.ofMillis(29_999));
        String completed = statusAfter(location, Duration.ofMillis(1));
        String stillCompleted = statusAfter(location, Duration.ofHours(1));

        assertThat(queued).isEqualTo("queued");
        assertThat(ringing).isEqualTo("ringing");
        assertThat(stillRinging).isEqualTo("ringing");
        assertThat(inProgress).isEqualTo("in-progress");
        assertThat(stillInProgress).isEqualTo("in-progress");
        assertThat(completed).isEqualTo("completed");
        assertThat(stillCompleted).isEqualTo("completed");
    }

    @Test
    void rejectsUnknownCallId() throws Exception {
        HttpResponse<String> response = http.get("/calls/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("call_not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "12345678-1234-1234-1234-1234567890123", "%20"})
    void rejectsMalformedCallId(String callId) throws Exception {
        HttpResponse<String> response = http.get("/calls/" + callId);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("call_not_found");
    }

    @Test
    void listsMethodsInAllowForTrace() throws Exception {
        HttpResponse<String> outbound = http.send("TRACE", "/calls/outbound");
        HttpResponse<String> call = http.send("TRACE", "/calls/" + UUID.randomUUID());

        assertThat(outbound.statusCode()).isEqualTo(405);
        assertThat(TestHttp.json(outbound).path("error").asText()).isEqualTo("method_not_allowed");
        assertThat(allowedMethods(outbound)).containsExactlyInAnyOrder("POST", "GET", "OPTIONS");
        assertThat(call.statusCode()).isEqualTo(405);
        assertThat(allowedMethods(call)).containsExactlyInAnyOrder("GET", "OPTIONS");
    }

    @Test
    void reportsHealthyTelephonyProvider() throws Exception {
        TestHttp admin = new TestHttp(APP.getAdminPort());

        HttpResponse<String> response = admin.get("/healthcheck");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("telephony").path("healthy").asBoolean())
                .isTrue();
    }

    private static Set<String> allowedMethods(HttpResponse<String> response) {
        return Set.of(response.headers().firstValue("Allow").orElse("").split("\\s*,\\s*"));
    }

    private String statusAfter(String location, Duration elapsed) throws Exception {
        CLOCK.advance(elapsed);
        return TestHttp.json(http.get(location)).path("status").asText();
    }

    @Test
    void simulatedProviderRejectsStatusCallback() throws Exception {
        String callId = TestHttp.json(http.postJson("/calls/outbound", VALID_CALL))
                .path("callId")
                .asText();

        HttpResponse<String> response = http.post(
                "/calls/" + callId + "/status",
                "application/x-www-form-urlencoded",
                "CallSid=sim-1&CallStatus=ringing".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("status_callback_not_supported");
    }

    @Test
    void unknownFormCharsetIsRejected() throws Exception {
        HttpResponse<String> response = http.post(
                "/calls/any-call/status",
                "application/x-www-form-urlencoded; charset=foo",
                "CallSid=sim-1&CallStatus=ringing".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo("Content-Type");
    }
}
