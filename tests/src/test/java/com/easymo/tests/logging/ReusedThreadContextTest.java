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
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests that run on a pooled thread after another request never inherit its correlation ID, client address or
 * credentials in the logs.
 *
 * <p>The first request carries a correlation ID, a client address and an API key. Then 20 requests with an
 * invalid body and 10 good calls follow without a correlation ID or key, from another client. The pool is so small
 * that every thread serves many of them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReusedThreadContextTest {

    private static final ServiceLogs LOGS = ServiceLogs.forTestClass(ReusedThreadContextTest.class);
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-logging-small-pool.yml",
            MutableClock.startingAt2026(),
            System::getenv,
            LOGS.overrides()[0],
            LOGS.overrides()[1],
            ApiKeyFiles.accepting("key-alice"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_ID = "corr-A-111";
    private static final String FIRST_API_KEY = "key-alice";
    private static final String FIRST_CLIENT = "203.0.113.61";
    // Logs mask client addresses to their /24, so the later client is in another /24 than the first one. Otherwise a
    // line that kept the first request's address would look the same as a correct one.
    private static final String LATER_CLIENT = "198.51.100.62";
    private static final String LATER_NETWORK = "198.51.100.0/24";
    private static final int INVALID_COUNT = 20;
    private static final int PLACED_COUNT = 10;

    /** Matches the pool of {@code voice-bridge-logging-small-pool.yml}: four threads, one of them the acceptor. */
    private static final int REQUEST_THREADS = 3;

    private static Instant trafficStart;
    private static HttpResponse<String> first;
    private static final List<HttpResponse<String>> INVALID = new ArrayList<>();
    private static final List<HttpResponse<String>> PLACED = new ArrayList<>();
    private static List<JsonNode> applicationLog;
    private static List<JsonNode> requestLog;

    @BeforeAll
    static void sendTraffic() {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        trafficStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        first = client.send(client.request("/calls/outbound")
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", FIRST_ID)
                .header("X-Forwarded-For", FIRST_CLIENT)
                .header("X-API-Key", FIRST_API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(VoiceBridgeClient.GOOD_CALL))
                .build());
        for (int i = 0; i < INVALID_COUNT; i++) {
            INVALID.add(client.placeCall("{}", LATER_CLIENT));
        }
        // The invalid bodies write no application-log line, so these calls show what later requests log.
        for (int i = 0; i < PLACED_COUNT; i++) {
            PLACED.add(client.placeCall(LATER_CLIENT));
        }

        int requests = 1 + INVALID_COUNT + PLACED_COUNT;
        requestLog = LOGS.requests.awaitEntries("one per request", entry -> true, requests);
        applicationLog = LOGS.application.awaitEntries(
                "one per placed call", ReusedThreadContextTest::isPlacedCall, 1 + PLACED_COUNT);
    }

    @Test
    void fewThreadsServeAllRequests() {
        List<JsonNode> lines = requestThreadLines();
        Set<String> threads = lines.stream().map(ServiceLogs::poolThread).collect(Collectors.toSet());

        assertThat(lines).hasSize(1 + PLACED_COUNT);
        assertThat(threads).hasSizeBetween(1, REQUEST_THREADS);
    }

    @Test
    void firstRequestLinesCarryItsContext() {
        JsonNode applicationLine = onlyLineWithId(applicationLog, FIRST_ID);
        JsonNode requestLine = onlyLineWithId(requestLog, FIRST_ID);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(header(first, "X-Correlation-ID")).isEqualTo(FIRST_ID);
        assertThat(field(applicationLine, "clientIp")).isEqualTo("203.0.113.0/24");
        assertThat(field(requestLine, "clientIp")).isEqualTo("203.0.113.0/24");
    }

    @Test
    void laterRequestsGetNewUuids() throws IOException {
        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> response : laterResponses()) {
            String id = header(response, "X-Correlation-ID");
            assertThat(id).as("correlation ID of %s", response).matches(ServiceLogs.UUID_PATTERN);
            ids.add(id);
        }
        for (HttpResponse<String> response : INVALID) {
            assertThat(response.statusCode())
                    .as("status of %s", response.body())
                    .isEqualTo(422);
            assertThat(field(JSON.readTree(response.body()), "correlationId"))
                    .isEqualTo(header(response, "X-Correlation-ID"));
        }

        assertThat(ids).hasSize(INVALID_COUNT + PLACED_COUNT).doesNotContain(FIRST_ID);
    }

    @Test
    void laterRequestLogLinesHaveOwnContext() {
        for (HttpResponse<String> response : laterResponses()) {
            JsonNode line = onlyLineWithId(requestLog, header(response, "X-Correlation-ID"));
            assertThat(line.path("status").asInt()).as("status of %s", line).isEqualTo(response.statusCode());
            assertThat(field(line, "clientIp")).as("clientIp of %s", line).isEqualTo(LATER_NETWORK);
        }
    }

    @Test
    void laterApplicationLinesHaveOwnContext() {
        Set<String> placedIds = PLACED.stream()
                .map(response -> header(response, "X-Correlation-ID"))
                .collect(Collectors.toSet());
        List<JsonNode> laterLines = requestThreadLines().stream()
                .filter(line -> !FIRST_ID.equals(field(line, "correlationId")))
                .toList();

        assertThat(laterLines).hasSize(PLACED_COUNT);
        for (JsonNode line : laterLines) {
            assertThat(field(line, "correlationId"))
                    .as("correlationId of %s", line)
                    .isIn(placedIds);
            assertThat(field(line, "clientIp")).as("clientIp of %s", line).isEqualTo(LATER_NETWORK);
        }
        assertThat(laterLines.stream().map(line -> field(line, "correlationId")).collect(Collectors.toSet()))
                .isEqualTo(placedIds);
    }

    @Test
    void firstIdAppearsOnlyOnItsOwnLines() {
        List<String> applicationLines = LOGS.application.linesContaining(FIRST_ID);
        List<String> requestLines = LOGS.requests.linesContaining(FIRST_ID);

        assertThat(applicationLines).hasSize(1);
        assertThat(applicationLines.get(0)).contains("\"correlationId\":\"" + FIRST_ID + "\"");
        assertThat(requestLines).hasSize(1);
        assertThat(requestLines.get(0)).contains("\"correlationId\":\"" + FIRST_ID + "\"");
    }

    @Test
    void apiKeyIsLoggedNowhere() {
        assertThat(LOGS.application.linesContaining(FIRST_API_KEY)).isEmpty();
        assertThat(LOGS.requests.linesContaining(FIRST_API_KEY)).isEmpty();
    }

    /** Returns the application-log lines that pool threads wrote while the traffic ran. */
    private static List<JsonNode> requestThreadLines() {
        return applicationLog.stream()
                .filter(ServiceLogs::isFromRequestThread)
                .filter(entry -> !Instant.parse(field(entry, "timestamp")).isBefore(trafficStart))
                .toList();
    }

    private static List<HttpResponse<String>> laterResponses() {
        List<HttpResponse<String>> later = new ArrayList<>(INVALID);
        later.addAll(PLACED);
        return later;
    }

    private static JsonNode onlyLineWithId(List<JsonNode> entries, String correlationId) {
        List<JsonNode> lines = entries.stream()
                .filter(entry -> correlationId.equals(field(entry, "correlationId")))
                .toList();
        assertThat(lines).as("lines with correlation ID %s", correlationId).hasSize(1);
        return lines.get(0);
    }

    private static boolean isPlacedCall(JsonNode entry) {
        String message = field(entry, "message");
        return message != null && message.startsWith("Placed outbound call:");
    }
}
