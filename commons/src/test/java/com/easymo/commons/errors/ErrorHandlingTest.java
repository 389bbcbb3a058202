package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.ExceptionMapperBinder;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorHandlingTest {

    private static final DropwizardAppExtension<ErrorTestConfiguration> APP = new DropwizardAppExtension<>(
            ErrorTestApplication.class, ResourceHelpers.resourceFilePath("errors/test-app.yml"));

    private static final String VALID_ITEM = "{\"name\":\"lamp\",\"count\":2,\"active\":true,\"tags\":[\"a\"]}";

    private final Logger serverErrorLogger = (Logger) LoggerFactory.getLogger(ServerErrors.class);
    private final ListAppender<ILoggingEvent> serverErrorLogs = new ListAppender<>();
    private TestHttp http;

    @BeforeEach
    void createClient() {
        http = new TestHttp(APP.getLocalPort());
        serverErrorLogs.start();
        serverErrorLogger.addAppender(serverErrorLogs);
    }

    @AfterEach
    void detachLogCapture() {
        serverErrorLogger.detachAppender(serverErrorLogs);
    }

    @Test
    void acceptsValidBody() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", VALID_ITEM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("name").asText()).isEqualTo("lamp");
    }

    @Test
    void switchesOffDropwizardDefaultMappers() {
        AbstractServerFactory serverFactory =
                (AbstractServerFactory) APP.getConfiguration().getServerFactory();

        assertThat(serverFactory.getRegisterDefaultExceptionMappers()).isFalse();
        assertThat(APP.getEnvironment().jersey().getResourceConfig().getInstances())
                .noneMatch(ExceptionMapperBinder.class::isInstance)
                .anyMatch(UnhandledExceptionMapper.class::isInstance);
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"name\":");

        assertError(response, 400, ErrorCodes.MALFORMED_JSON);
    }

    @Test
    void rejectsInvalidUtf8() throws Exception {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

        HttpResponse<String> response = http.post("/test/items", "application/json", body);

        assertError(response, 400, ErrorCodes.MALFORMED_JSON);
    }

    @Test
    void rejectsContentAfterJsonValue() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", VALID_ITEM + " {}");

        assertError(response, 400, ErrorCodes.MALFORMED_JSON);
    }

    @Test
    void rejectsDuplicateKeys() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"name\":\"desk\",\"count\":1}");

        assertError(response, 400, ErrorCodes.MALFORMED_JSON);
    }

    @Test
    void rejectsEmptyBodyAsMissing() throws Exception {
        HttpResponse<String> response = http.post("/test/items", "application/json", new byte[0]);

        assertError(response, 400, ErrorCodes.MISSING_BODY);
    }

    @Test
    void rejectsNullBodyAsMissing() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "null");

        assertError(response, 400, ErrorCodes.MISSING_BODY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "1.5", "true", "[\"lamp\"]", "{}"})
    void rejectsNonStringForStringField(String value) throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"name\":" + value + ",\"count\":1}");

        assertFieldError(response, "name");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("name must be a string.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"5\"", "1.5", "true"})
    void rejectsNonIntegerForIntegerField(String value) throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":" + value + "}");

        assertFieldError(response, "count");
    }

    @Test
    void rejectsStringForBooleanField() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":1,\"active\":\"yes\"}");

        assertFieldError(response, "active");
    }

    @Test
    void rejectsMalformedUuid() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":1,\"reference\":\"abc\"}");

        assertFieldError(response, "reference");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("reference must be a valid UUID.");
    }

    @Test
    void listsEnumConstantsForUnknownEnumValue() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":1,\"colour\":\"BLUE\"}");

        assertFieldError(response, "colour");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("colour must be one of RED, GREEN.");
    }

    @Test
    void namesListElementByIndex() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":1,\"tags\":[\"a\",7]}");

        assertFieldError(response, "tags[1]");
    }

    @Test
    void rejectsUnknownProperty() throws Exception {
        HttpResponse<String> response =
                http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":1,\"size\":\"big\"}");

        assertFieldError(response, "size");
        assertThat(TestHttp.json(response).path("message").asText())
                .startsWith("size is not a known field")
                .contains("active, colour, count, name, reference, tags");
    }

    @Test
    void rejectsArrayBodyAsWholeBody() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "[]");

        assertFieldError(response, "body");
    }

    @Test
    void reportsMissingFieldByName() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"count\":1}");

        assertFieldError(response, "name");
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("name must not be null");
    }

    @Test
    void reportsConstraintMessage() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":0}");

        assertFieldError(response, "count");
        assertThat(TestHttp.json(response).path("message").asText())
                .isEqualTo("count must be greater than or equal to 1");
    }

    @Test
    void reportsFirstFieldWhenSeveralFail() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{}");

        assertFieldError(response, "count");
    }

    @Test
    void rejectsUnsupportedContentType() throws Exception {
        HttpResponse<String> response =
                http.post("/test/items", "text/plain", VALID_ITEM.getBytes(StandardCharsets.UTF_8));

        assertError(response, 415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void rejectsUnsupportedMethodWithAllowHeader() throws Exception {
        HttpResponse<String> response = http.send("DELETE", "/test/items");

        assertError(response, 405, ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(response.headers().firstValue("Allow").orElse("")).contains("POST", "GET");
    }

    @Test
    void rejectsMethodOutsideAllowedListAsJson() throws Exception {
        HttpResponse<String> response = http.send("TRACE", "/test/items");

        assertError(response, 405, ErrorCodes.METHOD_NOT_ALLOWED);
    }

    @Test
    void rejectsUnacceptableMediaType() throws Exception {
        HttpResponse<String> response = http.get("/test/items", "text/csv");

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo(ErrorCodes.NOT_ACCEPTABLE);
    }

    @Test
    void answersUnknownPathWithNotFound() throws Exception {
        HttpResponse<String> response = http.get("/no/such/path");

        assertError(response, 404, ErrorCodes.NOT_FOUND);
    }

    @Test
    void answersUnknownAdminPathAsJson() throws Exception {
        TestHttp admin = new TestHttp(APP.getAdminPort());

        HttpResponse<String> response = admin.get("/no/such/admin/path");

        assertError(response, 404, ErrorCodes.NOT_FOUND);
    }

    @Test
    void answersMalformedRequestUriAsJson() throws Exception {
        String response = sendRaw("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
        assertThat(response).endsWith("{\"error\":\"bad_request\",\"message\":\"The request is invalid.\"}");
    }

    @Test
    void answersEmptyOptionalWithNotFound() throws Exception {
        HttpResponse<String> response = http.get("/test/missing");

        assertError(response, 404, ErrorCodes.NOT_FOUND);
    }

    @Test
    void rejectsUnconvertibleQueryParameter() throws Exception {
        HttpResponse<String> response = http.get("/test/items?limit=many");

        assertError(response, 400, ErrorCodes.INVALID_PARAMETER);
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo("limit");
    }

    @Test
    void rejectsQueryParameterOutOfRange() throws Exception {
        HttpResponse<String> response = http.get("/test/items?limit=0");

        assertError(response, 400, ErrorCodes.INVALID_PARAMETER);
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo("limit");
    }

    @Test
    void keepsApiExceptionFields() throws Exception {
        HttpResponse<String> response = http.get("/test/conflict");

        JsonNode body = TestHttp.json(response);
        assertError(response, 409, "item_conflict");
        assertThat(body.path("message").asText()).isEqualTo("An item with this name already exists.");
        assertThat(body.path("field").asText()).isEqualTo("name");
    }

    @Test
    void keepsStatusAndHeadersOfDeliberateServerError() throws Exception {
        HttpResponse<String> response = http.get("/test/unavailable");

        assertError(response, 503, "service_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
    }

    @Test
    void hidesUnhandledExceptionBehindErrorId() throws Exception {
        HttpResponse<String> response = http.get("/test/failure");

        JsonNode body = TestHttp.json(response);
        String errorId = body.path("errorId").asText();
        assertError(response, 500, ErrorCodes.INTERNAL_ERROR);
        assertThat(errorId).matches("[0-9a-f]{16}");
        assertThat(response.body()).doesNotContain("secret", "Exception", "at com.");
        assertThat(serverErrorLogs.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains("errorId=" + errorId))
                .satisfies(event ->
                        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("secret internal detail"));
    }

    @Test
    void hidesValidationSetupFailureBehindErrorId() throws Exception {
        HttpResponse<String> response = http.get("/test/bad-constraint");

        assertError(response, 500, ErrorCodes.INTERNAL_ERROR);
        assertThat(response.body()).doesNotContain("secret");
    }

    @Test
    void treatsInvalidReturnValueAsServerError() throws Exception {
        HttpResponse<String> response = http.get("/test/invalid-summary");

        assertError(response, 500, ErrorCodes.INTERNAL_ERROR);
    }

    @Test
    void rejectsDeclaredLengthOverLimit() throws Exception {
        byte[] body = paddedItem(1025);

        HttpResponse<String> response = http.post("/test/items", "application/json", body);

        assertError(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE);
        assertThat(TestHttp.json(response).path("message").asText()).contains("1024 bytes");
    }

    @Test
    void acceptsDeclaredLengthAtLimit() throws Exception {
        byte[] body = paddedItem(1024);

        HttpResponse<String> response = http.post("/test/items", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsChunkedBodyOverLimit() throws Exception {
        byte[] body = paddedItem(1025);

        HttpResponse<String> response = http.postChunked("/test/items", body);

        assertError(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE);
    }

    @Test
    void rejectsLargeChunkedBody() throws Exception {
        byte[] body = paddedItem(100 * 1024);

        HttpResponse<String> response = http.postChunked("/test/items", body);

        assertError(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE);
    }

    @Test
    void acceptsChunkedBodyAtLimit() throws Exception {
        byte[] body = paddedItem(1024);

        HttpResponse<String> response = http.postChunked("/test/items", body);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"/test/items?limit=0", "/no/such/path", "/test/failure", "/test/conflict"})
    void answersEveryErrorAsJson(String path) throws Exception {
        HttpResponse<String> response = http.get(path);

        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(TestHttp.json(response).path("message").asText()).isNotBlank();
    }

    /** Sends bytes that an HTTP client library would refuse to send, and returns the whole response as text. */
    private static String sendRaw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Returns a valid item body padded with trailing spaces to exactly {@code size} bytes. */
    private static byte[] paddedItem(int size) {
        String json = VALID_ITEM + " ".repeat(size - VALID_ITEM.length());
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(TestHttp.contentType(response)).startsWith("application/json");
        assertThat(TestHttp.json(response).path("error").asText()).isEqualTo(code);
    }

    private static void assertFieldError(HttpResponse<String> response, String field) throws Exception {
        assertError(response, 422, ErrorCodes.INVALID_FIELD);
        assertThat(TestHttp.json(response).path("field").asText()).isEqualTo(field);
    }
}
