package com.easymo.tests.logging;

import static com.easymo.tests.VoiceBridgeClient.header;
import static com.easymo.tests.logging.ServiceLogs.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every line of the application log and of the request log is one JSON object, and every line that a request
 * causes carries that request's correlation ID. The traffic runs once, before the tests, and gets the outcomes a
 * client commonly gets: 202, 400, 422, 429, 404 and 200.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JsonLinesTest {

    private static final ServiceLogs LOGS = ServiceLogs.forTestClass(JsonLinesTest.class);
    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP =
            VoiceBridgeFixture.create("voice-bridge-logging.yml", CLOCK, System::getenv, LOGS.overrides());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPLIED_ID = "jsonlines-good-1";
    private static final String PLACED_MESSAGE = "Placed outbound call";
    private static final String RATE_LIMIT_MESSAGE = "Rate limit exceeded";

    /** Every response of the traffic, by the correlation ID in its {@code X-Correlation-ID} header. */
    private static final Map<String, HttpResponse<String>> RESPONSES = new LinkedHashMap<>();

    private static Instant trafficStart;
    private static List<JsonNode> applicationLog;
    private static List<JsonNode> requestLog;

    @BeforeAll
    static void sendTraffic() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        // Log timestamps have millisecond precision, so the start is cut to milliseconds as well.
        trafficStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> placed = record(client.placeCall(null));
        record(client.send(client.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", SUPPLIED_ID)
                .POST(HttpRequest.BodyPublishers.ofString(VoiceBridgeClient.GOOD_CALL))
                .build()));
        record(client.placeCall("{}", null));
        record(client.placeCall("{\"to\":\"0712345678\",\"from\":\"sip:a@b.example\"}", null));
        record(client.placeCall("{\"to\":", null));
        record(client.send(client.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build()));
        // The outbound-calls policy admits 10 calls a minute from one address and the clock does not move. Every
        // request above took a token, rejected bodies included, so four of the eight calls get through.
        client.placeCallsAtOnce(8, null).forEach(JsonLinesTest::record);
        record(client.getCall("00000000-0000-0000-0000-000000000000", null));
        record(client.send(client.request("/no-such-resource").build()));
        record(client.getCall(callId(placed), null));

        requestLog = LOGS.requests.awaitEntries("one per request", entry -> true, RESPONSES.size());
        applicationLog = LOGS.application.awaitEntries(
                "one per placed call and one per rate-limit rejection",
                entry -> isPlacedCall(entry) || isRateLimitRejection(entry),
                (int) (count(202) + count(429)));
    }

    @Test
    void trafficHasEveryOutcome() {
        Map<Integer, Long> statuses = RESPONSES.values().stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(statuses).isEqualTo(Map.of(202, 6L, 400, 2L, 422, 2L, 429, 4L, 404, 2L, 200, 1L));
    }

    @Test
    void everyLineOfBothLogsIsJsonObject() {
        // Parsing fails the test at the first line that is not a JSON object.
        List<JsonNode> application = LOGS.application.entries();
        List<JsonNode> requests = LOGS.requests.entries();

        assertThat(application).hasSizeGreaterThanOrEqualTo(applicationLog.size());
        assertThat(requests).hasSize(RESPONSES.size());
        assertThat(LOGS.application.text()).endsWith("}\n");
        assertThat(LOGS.requests.text()).endsWith("}\n");
    }

    @Test
    void everyLineNamesServiceVersionAndUtcTime() {
        String version = ServiceLogs.serviceVersion();

        for (JsonNode entry : concat(LOGS.application.entries(), LOGS.requests.entries())) {
            assertThat(field(entry, "service")).as("service of %s", entry).isEqualTo("voice-bridge");
            assertThat(field(entry, "version")).as("version of %s", entry).isEqualTo(version);
            assertThat(field(entry, "timestamp")).as("timestamp of %s", entry).matches(ServiceLogs.UTC_TIMESTAMP);
        }
    }

    @Test
    void requestThreadLinesCarryTheirRequestsId() {
        List<JsonNode> requestLines = applicationLog.stream()
                .filter(ServiceLogs::isFromRequestThread)
                .filter(entry -> !Instant.parse(field(entry, "timestamp")).isBefore(trafficStart))
                .toList();

        assertThat(requestLines).hasSize((int) (count(202) + count(429)));
        for (JsonNode line : requestLines) {
            assertThat(field(line, "correlationId"))
                    .as("correlationId of %s", line)
                    .isIn(RESPONSES.keySet());
            assertThat(field(line, "clientIp")).as("clientIp of %s", line).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void placedCallLinesMatchAcceptedResponses() {
        List<JsonNode> placedLines =
                applicationLog.stream().filter(JsonLinesTest::isPlacedCall).toList();

        assertThat(correlationIds(placedLines)).isEqualTo(correlationIdsOf(202));
        for (JsonNode line : placedLines) {
            HttpResponse<String> response = RESPONSES.get(field(line, "correlationId"));
            assertThat(field(line, "message"))
                    .matches("Placed outbound call: callId=" + callId(response)
                            + " providerCallId=sim-[0-9a-f-]{36} to=\\+\\*{9}23");
        }
    }

    @Test
    void rateLimitLinesMatchRejectedResponses() {
        List<JsonNode> rejectionLines = applicationLog.stream()
                .filter(JsonLinesTest::isRateLimitRejection)
                .toList();

        assertThat(correlationIds(rejectionLines)).isEqualTo(correlationIdsOf(429));
    }

    @Test
    void rateLimitRejectionLineHasExactFields() {
        String correlationId = correlationIdsOf(429).iterator().next();
        JsonNode line = applicationLog.stream()
                .filter(entry -> correlationId.equals(field(entry, "correlationId")))
                .findFirst()
                .orElseThrow();

        assertThat(fieldNames(line))
                .containsExactlyInAnyOrder(
                        "timestamp",
                        "level",
                        "thread",
                        "logger",
                        "message",
                        "correlationId",
                        "clientIp",
                        "service",
                        "version",
                        "event",
                        "key",
                        "policy",
                        "limit",
                        "path",
                        "method");
        assertThat(field(line, "timestamp")).matches(ServiceLogs.UTC_TIMESTAMP);
        assertThat(field(line, "level")).isEqualTo("WARN");
        assertThat(field(line, "thread")).matches("dw-\\d+ - POST /calls/outbound");
        assertThat(field(line, "logger")).isEqualTo("com.easymo.commons.ratelimit.RateLimitFilter");
        assertThat(field(line, "message")).isEqualTo(RATE_LIMIT_MESSAGE);
        assertThat(field(line, "clientIp")).isEqualTo("127.0.0.1");
        assertThat(field(line, "service")).isEqualTo("voice-bridge");
        assertThat(field(line, "version")).isEqualTo(ServiceLogs.serviceVersion());
        assertThat(field(line, "event")).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(field(line, "key")).isEqualTo("127.0.0.1");
        assertThat(field(line, "policy")).isEqualTo("outbound-calls");
        assertThat(line.get("limit").isIntegralNumber())
                .as("limit is a JSON number")
                .isTrue();
        assertThat(line.get("limit").asInt()).isEqualTo(10);
        assertThat(field(line, "path")).isEqualTo("/calls/outbound");
        assertThat(field(line, "method")).isEqualTo("POST");
    }

    @Test
    void onlyRateLimitRejectionsAreWarnings() {
        List<JsonNode> warnings = applicationLog.stream()
                .filter(entry -> Set.of("WARN", "ERROR").contains(field(entry, "level")))
                .toList();

        assertThat(warnings).hasSize((int) count(429)).allMatch(JsonLinesTest::isRateLimitRejection);
    }

    @Test
    void everyResponseHasOneRequestLogLine() {
        Map<String, List<JsonNode>> linesById = requestLog.stream()
                .collect(Collectors.groupingBy(entry -> String.valueOf(field(entry, "correlationId"))));

        assertThat(linesById.keySet()).isEqualTo(RESPONSES.keySet());
        RESPONSES.forEach((correlationId, response) -> {
            List<JsonNode> lines = linesById.get(correlationId);
            assertThat(lines).as("request-log lines of %s", correlationId).hasSize(1);
            JsonNode line = lines.get(0);
            assertThat(line.path("status").asInt()).as("status of %s", line).isEqualTo(response.statusCode());
            assertThat(field(line, "method"))
                    .as("method of %s", line)
                    .isEqualTo(response.request().method());
            assertThat(field(line, "uri"))
                    .as("uri of %s", line)
                    .isEqualTo(response.request().uri().getRawPath());
            assertThat(field(line, "clientIp")).as("clientIp of %s", line).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void requestLogLineHasExactFields() {
        HttpResponse<String> response = RESPONSES.get(SUPPLIED_ID);
        JsonNode line = requestLog.stream()
                .filter(entry -> SUPPLIED_ID.equals(field(entry, "correlationId")))
                .findFirst()
                .orElseThrow();
        String requestLength = String.valueOf(VoiceBridgeClient.GOOD_CALL.getBytes(StandardCharsets.UTF_8).length);

        assertThat(fieldNames(line))
                .containsExactlyInAnyOrder(
                        "timestamp",
                        "contentLength",
                        "method",
                        "protocol",
                        "remoteAddress",
                        "headers",
                        "requestTime",
                        "uri",
                        "responseHeaders",
                        "status",
                        "userAgent",
                        "version",
                        "service",
                        "correlationId",
                        "clientIp");
        assertThat(field(line, "timestamp")).matches(ServiceLogs.UTC_TIMESTAMP);
        assertThat(line.path("contentLength").asInt())
                .isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(field(line, "method")).isEqualTo("POST");
        assertThat(field(line, "protocol")).isEqualTo("HTTP/1.1");
        assertThat(field(line, "remoteAddress")).isEqualTo("127.0.0.1");
        assertThat(JSON.convertValue(line.get("headers"), Map.class))
                .isEqualTo(Map.of("Content-Length", requestLength, "Content-Type", "application/json"));
        assertThat(line.path("requestTime").isIntegralNumber())
                .as("requestTime is a JSON number")
                .isTrue();
        assertThat(field(line, "uri")).isEqualTo("/calls/outbound");
        assertThat(JSON.convertValue(line.get("responseHeaders"), Map.class))
                .isEqualTo(Map.of(
                        "X-RateLimit-Limit", "10",
                        "X-RateLimit-Remaining", header(response, "X-RateLimit-Remaining"),
                        "Content-Type", "application/json"));
        assertThat(line.path("status").asInt()).isEqualTo(202);
        assertThat(field(line, "userAgent")).startsWith("Java-http-client/");
        assertThat(field(line, "version")).isEqualTo(ServiceLogs.serviceVersion());
        assertThat(field(line, "service")).isEqualTo("voice-bridge");
        assertThat(field(line, "clientIp")).isEqualTo("127.0.0.1");
    }

    @Test
    void errorBodiesCarryCorrelationId() throws IOException {
        for (Map.Entry<String, HttpResponse<String>> each : RESPONSES.entrySet()) {
            if (each.getValue().statusCode() >= 400) {
                JsonNode body = JSON.readTree(each.getValue().body());
                assertThat(field(body, "correlationId"))
                        .as("correlationId in %s", each.getValue().body())
                        .isEqualTo(each.getKey());
            }
        }
    }

    private static HttpResponse<String> record(HttpResponse<String> response) {
        String correlationId = header(response, "X-Correlation-ID");
        assertThat(correlationId).as("X-Correlation-ID of %s", response).isNotNull();
        assertThat(RESPONSES.put(correlationId, response))
                .as("earlier response with correlation ID %s", correlationId)
                .isNull();
        return response;
    }

    private static long count(int status) {
        return RESPONSES.values().stream()
                .filter(response -> response.statusCode() == status)
                .count();
    }

    private static Set<String> correlationIdsOf(int status) {
        return RESPONSES.entrySet().stream()
                .filter(each -> each.getValue().statusCode() == status)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Set<String> correlationIds(List<JsonNode> lines) {
        return lines.stream().map(line -> field(line, "correlationId")).collect(Collectors.toSet());
    }

    private static boolean isPlacedCall(JsonNode entry) {
        String message = field(entry, "message");
        return message != null && message.startsWith(PLACED_MESSAGE + ":");
    }

    private static boolean isRateLimitRejection(JsonNode entry) {
        return RATE_LIMIT_MESSAGE.equals(field(entry, "message"));
    }

    private static String callId(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).get("callId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("Response body is not JSON: " + response.body(), e);
        }
    }

    private static List<String> fieldNames(JsonNode entry) {
        List<String> names = new ArrayList<>();
        entry.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
