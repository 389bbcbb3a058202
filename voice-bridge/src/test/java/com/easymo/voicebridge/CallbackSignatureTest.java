package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks that status callbacks need a valid {@code X-Twilio-Signature} made with the auth token. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CallbackSignatureTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final WireMockServer STUB = TelephonyStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = TelephonyStub.app(STUB, CLOCK);

    private static final String MISSING_BODY = "{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature"
            + " header is required.\",\"field\":\"X-Twilio-Signature\",\"correlationId\":\""
            + TelephonyStub.CALLBACK_CORRELATION_ID + "\"}";
    private static final String INVALID_BODY = "{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature"
            + " header does not match the request.\",\"field\":\"X-Twilio-Signature\",\"correlationId\":\""
            + TelephonyStub.CALLBACK_CORRELATION_ID + "\"}";

    private TestHttp http;
    private String callId;
    private String callSid;

    @BeforeEach
    void placeCall() throws Exception {
        STUB.resetAll();
        TelephonyStub.acceptCalls(STUB);
        http = new TestHttp(APP.getLocalPort());
        callId = TestHttp.json(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER))
                .path("callId")
                .asText();
        callSid = TelephonyStub.latestProviderCallId(STUB);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void signatureOverEveryFieldPasses() throws Exception {
        String form = "AccountSid=" + TelephonyStub.ACCOUNT_ID + "&CallSid=" + callSid
                + "&CallStatus=ringing&To=%2B14155550123&From=sip%3Aagent%40sip.example.com&ApiVersion=2010-04-01";

        HttpResponse<String> response = TelephonyStub.postSignedStatus(http, callId, form, TelephonyStub.AUTH_TOKEN);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(callStatus()).isEqualTo("ringing");
    }

    @Test
    void missingSignatureGets403() throws Exception {
        HttpResponse<String> response = TelephonyStub.postStatus(http, callId, ringingForm(), null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(TestHttp.contentType(response)).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(MISSING_BODY);
        assertThat(callStatus()).isEqualTo("queued");
    }

    @Test
    void emptySignatureGets403() throws Exception {
        HttpResponse<String> response = TelephonyStub.postStatus(http, callId, ringingForm(), "");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(MISSING_BODY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSignatures")
    void wrongSignatureGets403(String description, SignatureFactory wrongSignature) throws Exception {
        String form = ringingForm();
        String signature = wrongSignature.create(callId, form, APP.getLocalPort());

        HttpResponse<String> response = TelephonyStub.postStatus(http, callId, form, signature);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(TestHttp.contentType(response)).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(INVALID_BODY);
        assertThat(callStatus()).isEqualTo("queued");
    }

    static Stream<Arguments> wrongSignatures() {
        return Stream.of(
                wrong(
                        "forged, right length",
                        (id, form, port) -> Base64.getEncoder()
                                .encodeToString("twenty forged bytes!".getBytes(StandardCharsets.US_ASCII))),
                wrong("other token", (id, form, port) -> TelephonyStub.signature("tok-other-0000", id, form)),
                wrong(
                        "one character short",
                        (id, form, port) -> TelephonyStub.signature(TelephonyStub.AUTH_TOKEN, id, form)
                                .substring(1)),
                wrong(
                        "one character long",
                        (id, form, port) -> TelephonyStub.signature(TelephonyStub.AUTH_TOKEN, id, form) + "A"),
                wrong("much longer", (id, form, port) -> "A".repeat(4096)),
                wrong(
                        "other letter case",
                        (id, form, port) -> swapCase(TelephonyStub.signature(TelephonyStub.AUTH_TOKEN, id, form))),
                wrong(
                        "other field value",
                        (id, form, port) -> TelephonyStub.signature(
                                TelephonyStub.AUTH_TOKEN, id, form.replace("ringing", "completed"))),
                wrong(
                        "field not signed",
                        (id, form, port) -> TelephonyStub.signature(
                                TelephonyStub.AUTH_TOKEN, id, form.substring(0, form.indexOf('&')))),
                wrong(
                        "extra field signed",
                        (id, form, port) ->
                                TelephonyStub.signature(TelephonyStub.AUTH_TOKEN, id, form + "&AccountSid=AC1")),
                wrong(
                        "other call",
                        (id, form, port) -> TelephonyStub.signature(
                                TelephonyStub.AUTH_TOKEN, UUID.randomUUID().toString(), form)),
                wrong(
                        "URL from the request's Host",
                        (id, form, port) -> TelephonyStub.signatureOverUrl(
                                TelephonyStub.AUTH_TOKEN,
                                "http://127.0.0.1:" + port + "/calls/" + id + "/status",
                                form)));
    }

    @Test
    void unknownCallUnsignedGets403() throws Exception {
        String unknownCall = "58008890-c6f6-424f-90d5-9e9b7442e2cb";

        HttpResponse<String> response = TelephonyStub.postStatus(http, unknownCall, ringingForm(), null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(MISSING_BODY);
    }

    @Test
    void rejectionsLogOneWarningPerMinute() throws Exception {
        // Other tests of this class leave rejections behind, logged or counted. One logged rejection resets the count.
        CLOCK.advance(Duration.ofMinutes(2));
        TelephonyStub.postStatus(http, callId, ringingForm(), null);
        CLOCK.advance(Duration.ofMinutes(1));
        List<Map<String, Object>> rejections;
        try (CapturedLogs logs = CapturedLogs.attach()) {
            for (int i = 0; i < 3; i++) {
                TelephonyStub.postStatus(http, callId, ringingForm(), "bm90IGEgc2lnbmF0dXJl");
            }
            CLOCK.advance(Duration.ofMinutes(1));
            TelephonyStub.postStatus(http, callId, ringingForm(), null);
            rejections = logs.withEvent("TELEPHONY_CALLBACK_SIGNATURE_REJECTED");
        }

        assertThat(rejections).hasSize(2);
        assertThat(rejections.get(0))
                .containsExactly(
                        Map.entry("event", "TELEPHONY_CALLBACK_SIGNATURE_REJECTED"),
                        Map.entry("callId", UUID.fromString(callId)),
                        Map.entry("reason", "invalid"),
                        Map.entry("suppressedSinceLastLog", 0L));
        assertThat(rejections.get(1))
                .containsExactly(
                        Map.entry("event", "TELEPHONY_CALLBACK_SIGNATURE_REJECTED"),
                        Map.entry("callId", UUID.fromString(callId)),
                        Map.entry("reason", "missing"),
                        Map.entry("suppressedSinceLastLog", 2L));
    }

    private String ringingForm() {
        return "CallSid=" + callSid + "&CallStatus=ringing";
    }

    private String callStatus() throws Exception {
        return TestHttp.json(http.get("/calls/" + callId)).path("status").asText();
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }

    private static Arguments wrong(String description, SignatureFactory factory) {
        return Arguments.of(description, factory);
    }

    /** Creates the signature header for a callback of the given call, form and application port. */
    @FunctionalInterface
    interface SignatureFactory {
        String create(String callId, String form, int port) throws Exception;
    }
}
