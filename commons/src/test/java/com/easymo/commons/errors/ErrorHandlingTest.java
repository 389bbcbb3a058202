package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.RawHttpConnection;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.ExceptionMapperBinder;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorHandlingTest {

    private static final DropwizardAppExtension<ErrorTestConfiguration> APP = new DropwizardAppExtension<>(
            ErrorTestApplication.class, ResourceHelpers.resourceFilePath("errors/test-app.yml"));

    private static final String VALID_ITEM = "{\"name\":\"lamp\",\"count\":2,\"active\":true,\"tags\":[\"a\"]}";

    /** Time a test waits for the server to close a connection that it should close right after its response. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Logger serverErrorLogger = (Logger) LoggerFactory.getLogger(ServerErrors.class);
    private final ListAppender<ILoggingEvent> serverErrorLogs = new ListAppender<>();
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger errorsLogger = (Logger) LoggerFactory.getLogger(ErrorHandling.class.getPackageName());
    private final ListAppender<ILoggingEvent> allLogs = new ListAppender<>();
    private Level errorsLevel;
    private TestHttp http;

    @BeforeEach
    void createClient() {
        http = new TestHttp(APP.getLocalPort());
        serverErrorLogs.start();
        serverErrorLogger.addAppender(serverErrorLogs);
    }

    /** Records every event of every logger, with this package's loggers at DEBUG, so tests see their whole output. */
    @BeforeEach
    void captureAllLogs() {
        errorsLevel = errorsLogger.getLevel();
        errorsLogger.setLevel(Level.DEBUG);
        allLogs.start();
        rootLogger.addAppender(allLogs);
    }

    @AfterEach
    void detachLogCapture() {
        serverErrorLogger.detachAppender(serverErrorLogs);
        rootLogger.detachAppender(allLogs);
        errorsLogger.setLevel(errorsLevel);
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
        assertThat(TestHttp.json(response).path("message").asText()).isEqualTo("name must not be null.");
    }

    @Test
    void reportsConstraintMessage() throws Exception {
        HttpResponse<String> response = http.postJson("/test/items", "{\"name\":\"lamp\",\"count\":0}");

        assertFieldError(response, "count");
        assertThat(TestHttp.json(response).path("message").asText())
                .isEqualTo("count must be greater than or equal to 1.");
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

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "FOO"})
    void listsResourceMethodsInAllow(String method) throws Exception {
        HttpResponse<String> rejected = http.send(method, "/test/items");
        HttpResponse<String> rejectedByJersey = http.send("DELETE", "/test/items");

        assertError(rejected, 405, ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(allowedMethods(rejected)).containsExactlyInAnyOrder("GET", "POST", "OPTIONS");
        assertThat(allowedMethods(rejected)).isEqualTo(allowedMethods(rejectedByJersey));
    }

    @Test
    void omitsAllowOnUnknownPath() throws Exception {
        HttpResponse<String> response = http.send("TRACE", "/no/such/path");

        assertError(response, 405, ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(response.headers().firstValue("Allow")).isEmpty();
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
        Matcher header =
                Pattern.compile("X-Correlation-ID: ([0-9a-f-]{36})\r\n").matcher(response);
        assertThat(header.find()).isTrue();
        assertThat(response)
                .endsWith("{\"error\":\"bad_request\",\"message\":\"The request is invalid.\"," + "\"correlationId\":\""
                        + header.group(1) + "\"}");
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
    void mapsOpenBreakerTo503() throws Exception {
        HttpResponse<String> response = http.get("/test/upstream-open");

        assertError(response, 503, "upstream_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).contains("12");
        assertThat(TestHttp.json(response).path("retryAfter").asLong()).isEqualTo(12);
        assertThat(response.body()).doesNotContain("test-upstream");
    }

    @Test
    void mapsUpstreamTimeoutTo504() throws Exception {
        HttpResponse<String> response = http.get("/test/upstream-timeout");

        assertError(response, 504, "upstream_timeout");
    }

    @Test
    void mapsUpstreamFailureTo502() throws Exception {
        HttpResponse<String> response = http.get("/test/upstream-failure");

        assertError(response, 502, "upstream_error");
        assertThat(response.body()).doesNotContain("test-upstream");
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

    @Test
    void rejectsBodyThatIsNotGzip() throws Exception {
        HttpResponse<String> response = http.send(http.request("/test/items")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_ITEM))
                .build());

        assertError(response, 400, ErrorCodes.MALFORMED_BODY);
        assertThat(TestHttp.json(response).path("message").asText())
                .isEqualTo("The request body is not valid gzip, although its Content-Encoding is gzip.");
        assertThat(allLogs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.INFO));
        assertThat(allLogs.list).noneMatch(event -> event.getThrowableProxy() != null);
        assertThat(allLogs.list)
                .filteredOn(event -> event.getLoggerName().equals(RequestBodyExceptionMapper.class.getName()))
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
    }

    @Test
    void acceptsGzipBody() throws Exception {
        HttpResponse<String> response = http.send(http.request("/test/items")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(VALID_ITEM)))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("name").asText()).isEqualTo("lamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latin1", "ISO-8859-1", "bogus-xyz", "utf-16", "UTF-32"})
    void rejectsCharsetOtherThanUtf8(String charset) throws Exception {
        HttpResponse<String> response = http.post(
                "/test/items", "application/json; charset=" + charset, VALID_ITEM.getBytes(StandardCharsets.UTF_8));

        JsonNode body = TestHttp.json(response);
        assertError(response, 415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
        assertThat(body.path("message").asText()).contains("UTF-8", "charset=utf-8");
        assertThat(body.path("field").asText()).isEqualTo("Content-Type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-8", "UTF-8", "utf8", "Utf8", "\"utf-8\""})
    void acceptsUtf8Charset(String charset) throws Exception {
        HttpResponse<String> response = http.post(
                "/test/items", "application/json; charset=" + charset, VALID_ITEM.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsUtf16BodyWithoutCharset() throws Exception {
        byte[] body = "{\"name\":\"lämp\",\"count\":2}".getBytes(StandardCharsets.UTF_16BE);

        HttpResponse<String> response = http.post("/test/items", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("name").asText()).isEqualTo("lämp");
    }

    @Test
    void checksCharsetAfterPathMatch() throws Exception {
        HttpResponse<String> response = http.post(
                "/no/such/path", "application/json; charset=latin1", VALID_ITEM.getBytes(StandardCharsets.UTF_8));

        assertError(response, 404, ErrorCodes.NOT_FOUND);
    }

    @Test
    void rejectsUnknownHttpVersion() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("GET /test/items HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(505);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("error").asText()).isEqualTo(ErrorCodes.HTTP_VERSION_NOT_SUPPORTED);
        assertThat(response.json().has("errorId")).isFalse();
        assertThat(allLogs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(allLogs.list).noneMatch(event -> event.getThrowableProxy() != null);
    }

    @Test
    void logsServletFailureWithErrorId() throws Exception {
        HttpResponse<String> response = http.get("/servlet/failure");

        String errorId = TestHttp.json(response).path("errorId").asText();
        assertError(response, 500, ErrorCodes.INTERNAL_ERROR);
        assertThat(errorId).matches("[0-9a-f]{16}");
        assertThat(response.body()).doesNotContain("secret");
        assertThat(serverErrorLogs.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.ERROR))
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains("errorId=" + errorId))
                .satisfies(event ->
                        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("secret servlet detail"));
    }

    /** Requests that are rejected before their body is read, with the status and code of the response. */
    static Stream<Arguments> earlyErrors() {
        return Stream.of(
                Arguments.of("POST /no/such/path", "Content-Type: application/json\r\n", 2, 404, "not_found"),
                Arguments.of("DELETE /test/items", "Content-Type: application/json\r\n", 2, 405, "method_not_allowed"),
                Arguments.of("TRACE /test/items", "Content-Type: application/json\r\n", 2, 405, "method_not_allowed"),
                Arguments.of(
                        "POST /test/items",
                        "Content-Type: application/json\r\nAccept: text/csv\r\n",
                        2,
                        406,
                        "not_acceptable"),
                Arguments.of("POST /test/items", "Content-Type: application/json\r\n", 2000, 413, "payload_too_large"),
                Arguments.of("POST /test/items", "Content-Type: text/plain\r\n", 2, 415, "unsupported_media_type"),
                Arguments.of(
                        "POST /test/items",
                        "Content-Type: application/json; charset=latin1\r\n",
                        2,
                        415,
                        "unsupported_media_type"));
    }

    @ParameterizedTest
    @MethodSource("earlyErrors")
    void closesConnectionAfterEarlyError(String requestLine, String headers, int bodyLength, int status, String code)
            throws Exception {
        RawHttpConnection.Response response;
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send(requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: " + bodyLength
                    + "\r\n\r\n");
            Thread.sleep(50);
            connection.send(" ".repeat(bodyLength));
            response = connection.readResponse();
            closed = connection.closedByServerWithin(CLOSE_TIMEOUT);
        }

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(closed).isTrue();
    }

    @Test
    void closesConnectionAfterChunkedBody() throws Exception {
        RawHttpConnection.Response response;
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /no/such/path HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            Thread.sleep(50);
            connection.send("2\r\n{}\r\n0\r\n\r\n");
            response = connection.readResponse();
            closed = connection.closedByServerWithin(CLOSE_TIMEOUT);
        }

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(closed).isTrue();
    }

    @Test
    void closesAdminConnectionAfterEarlyError() throws Exception {
        RawHttpConnection.Response response;
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getAdminPort())) {
            connection.send("POST /no/such/admin/path HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n");
            Thread.sleep(50);
            connection.send("{}");
            response = connection.readResponse();
            closed = connection.closedByServerWithin(CLOSE_TIMEOUT);
        }

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(closed).isTrue();
    }

    @Test
    void keepsConnectionAfterReadBody() throws Exception {
        String body = "{\"name\":\"lamp\",\"count\":0}";
        RawHttpConnection.Response invalid;
        RawHttpConnection.Response next;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            invalid = connection.readResponse();
            connection.send("GET /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            next = connection.readResponse();
        }

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.header("Connection")).isNull();
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void keepsConnectionHeaderThatResourceSet() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            // HTTP/1.0, because Jetty leaves out keep-alive from HTTP/1.1 responses, where it is the default.
            connection.send("POST /test/conflict-keep-alive HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Connection")).isEqualTo("keep-alive");
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

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Returns a valid item body padded with trailing spaces to exactly {@code size} bytes. */
    private static byte[] paddedItem(int size) {
        String json = VALID_ITEM + " ".repeat(size - VALID_ITEM.length());
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> allowedMethods(HttpResponse<String> response) {
        return Set.of(response.headers().firstValue("Allow").orElse("").split("\\s*,\\s*"));
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
