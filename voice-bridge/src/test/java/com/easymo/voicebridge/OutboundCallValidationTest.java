package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.RawHttpConnection;
import com.easymo.commons.testing.TestHttp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class OutboundCallValidationTest {

    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP =
            VoiceBridgeTestSupport.extension(new MutableClock(Instant.parse("2026-03-01T09:30:00Z")));

    private static final String VALID_FROM = "sip:test@easymo";
    private static final String VALID_TO = "+254712345678";

    private TestHttp http;

    @BeforeEach
    void createClient() {
        http = new TestHttp(APP.getLocalPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0712345678\"", "\"+0712345678\"", "\"+1234567\"", "\"+1234567890123456\"", "\"\""})
    void rejectsInvalidPhoneNumber(String to) throws Exception {
        HttpResponse<String> response = post("{\"to\":" + to + ",\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
    }

    @Test
    void rejectsNumberWithLeadingZero() throws Exception {
        HttpResponse<String> response = post("{\"to\":\"+0712345678\",\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
        assertThat(TestHttp.json(response).path("message").asText())
                .startsWith("to must be an E.164 phone number")
                .doesNotContain("0712345678");
    }

    @Test
    void rejectsPhoneNumberSentAsJsonNumber() throws Exception {
        HttpResponse<String> response = post("{\"to\":254712345678,\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"+254712345678\"]", "{}", "true"})
    void rejectsPhoneNumberOfOtherJsonType(String to) throws Exception {
        HttpResponse<String> response = post("{\"to\":" + to + ",\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test@easymo", "sip:easymo", "http://x", "sip:@host", "sip:user:secret@host", ""})
    void rejectsInvalidSipUri(String from) throws Exception {
        HttpResponse<String> response = post("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + from + "\"}");

        assertInvalidField(response, "from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:%00@host.com", "sip:agent%0d%0a@host.com", "sip:a%1F@host.com", "sip:a%7f@host.com"})
    void rejectsEscapedControlCharacterInSipUser(String from) throws Exception {
        HttpResponse<String> response = post("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + from + "\"}");

        assertInvalidField(response, "from");
        assertThat(TestHttp.json(response).path("message").asText())
                .startsWith("from must be a sip: or sips: URI")
                .endsWith(".");
    }

    @Test
    void rejectsMissingPhoneNumber() throws Exception {
        HttpResponse<String> response = post("{\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("to is required.");
    }

    @Test
    void rejectsMissingSipUri() throws Exception {
        HttpResponse<String> response = post("{\"to\":\"" + VALID_TO + "\"}");

        assertInvalidField(response, "from");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("from is required.");
    }

    @Test
    void rejectsNullPhoneNumber() throws Exception {
        HttpResponse<String> response = post("{\"to\":null,\"from\":\"" + VALID_FROM + "\"}");

        assertInvalidField(response, "to");
    }

    @Test
    void rejectsEmptyObject() throws Exception {
        HttpResponse<String> response = post("{}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(TestHttp.json(response).path("field").asText()).isIn("to", "from");
    }

    @Test
    void rejectsUnknownProperty() throws Exception {
        HttpResponse<String> response =
                post("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\",\"priority\":1}");

        assertInvalidField(response, "priority");
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        HttpResponse<String> response = post("{\"to\":\"" + VALID_TO + "\",");

        assertError(response, 400, "malformed_json");
    }

    @Test
    void rejectsInvalidUtf8() throws Exception {
        String json = "{\"to\":\"+254712345678\",\"from\":\"sip:te?t@easymo\"}";
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        body[json.indexOf('?')] = (byte) 0xc3;

        HttpResponse<String> response = http.post("/calls/outbound", "application/json", body);

        assertError(response, 400, "malformed_json");
    }

    @Test
    void rejectsEmptyBody() throws Exception {
        HttpResponse<String> response = http.post("/calls/outbound", "application/json", new byte[0]);

        assertError(response, 400, "missing_body");
    }

    @Test
    void rejectsPlainText() throws Exception {
        byte[] body =
                ("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post("/calls/outbound", "text/plain", body);

        assertError(response, 415, "unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latin1", "bogus-xyz"})
    void rejectsCharsetOtherThanUtf8(String charset) throws Exception {
        byte[] body =
                ("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post("/calls/outbound", "application/json; charset=" + charset, body);

        assertError(response, 415, "unsupported_media_type");
        assertThat(TestHttp.json(response).path("message").asText()).contains("UTF-8");
    }

    @Test
    void acceptsUtf8Charset() throws Exception {
        byte[] body =
                ("{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post("/calls/outbound", "application/json; charset=UTF-8", body);

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void rejectsBodyThatIsNotGzip() throws Exception {
        HttpResponse<String> response = http.send(http.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\"}"))
                .build());

        assertError(response, 400, "malformed_body");
    }

    @Test
    void closesConnectionAfterUnsupportedMediaType() throws Exception {
        RawHttpConnection.Response response;
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /calls/outbound HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 2\r\n\r\n");
            Thread.sleep(50);
            connection.send("{}");
            response = connection.readResponse();
            closed = connection.closedByServerWithin(Duration.ofSeconds(5));
        }

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(closed).isTrue();
    }

    @Test
    void rejectsBodyOver64KiB() throws Exception {
        HttpResponse<String> response = http.post("/calls/outbound", "application/json", paddedCall(100 * 1024));

        assertError(response, 413, "payload_too_large");
        assertThat(TestHttp.json(response).path("message").asText()).contains("65536 bytes");
    }

    @Test
    void rejectsChunkedBodyOver64KiB() throws Exception {
        HttpResponse<String> response = http.postChunked("/calls/outbound", paddedCall(100 * 1024));

        assertError(response, 413, "payload_too_large");
    }

    @Test
    void acceptsChunkedBodyUnderLimit() throws Exception {
        HttpResponse<String> response = http.postChunked("/calls/outbound", paddedCall(1024));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void treatsGetOnOutboundAsUnknownCall() throws Exception {
        HttpResponse<String> response = http.get("/calls/outbound");

        assertError(response, 404, "call_not_found");
    }

    /** Returns a valid call body padded with trailing spaces to exactly {@code size} bytes. */
    private static byte[] paddedCall(int size) {
        String json = "{\"to\":\"" + VALID_TO + "\",\"from\":\"" + VALID_FROM + "\"}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String json) throws Exception {
        return http.postJson("/calls/outbound", json);
    }

    private static void assertInvalidField(HttpResponse<String> response, String field) throws Exception {
        assertError(response, 422, "invalid_field");
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo(field);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo(code);
    }
}
