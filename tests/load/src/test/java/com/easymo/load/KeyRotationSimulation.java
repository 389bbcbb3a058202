package com.easymo.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates voice-bridge's API key while authenticated traffic flows, and checks that no request of that traffic fails.
 * The service must load its keys from {@code apiKeyFile}, list only the old key there at start, require a key on
 * {@code POST /calls/outbound} and {@code GET /calls/{callId}}, and reload the file only through the
 * {@code reload-credentials} admin task. tests/load/voice-bridge-rotation.yml is such a configuration. Four
 * scenarios run:
 *
 * <ul>
 *   <li>{@code Bearer clients} (6 virtual users) and {@code X-API-Key clients} (4) send the key in the header that
 *       their name gives. For 60 seconds, each starts one iteration every 500 ms, about 40 requests per second in
 *       all. An iteration places a call and reads the call's status, both with the key in the shared current-key
 *       holder when the iteration starts.
 *   <li>{@code key rotation} is one virtual user. At 15 s it writes the key file with the old and the new key and
 *       calls the task, whose output must list the new key's ID under {@code added}. At 25 s it makes the new key
 *       the current key. At 40 s it writes the file with the new key only and calls the task, whose output must list
 *       the old key's ID under {@code removed}.
 *   <li>{@code retired key} is one virtual user that starts when the rotation ends. It places a call with the
 *       current key, then sends 20 requests with the old key, one every 500 ms, in both headers and to both
 *       endpoints. Each must get 401 with {@code error} {@code invalid_api_key}.
 * </ul>
 *
 * <p>The request names of the traffic carry the header and the key they sent ({@code place call (Bearer, old key)}),
 * so the report and the assertions show that both keys carried traffic in both headers. Parameters: see
 * {@link LoadParameters} ({@code baseUrl}, {@code adminUrl}, {@code maxP95Millis}) and {@link KeyRotationParameters}.
 */
public class KeyRotationSimulation extends Simulation {

    static final String PLACE_CALL = "place call";
    static final String READ_CALL_STATUS = "read call status";
    static final String ADD_NEW_KEY = "rotation: reload with old and new key";
    static final String RETIRE_OLD_KEY = "rotation: reload with new key only";
    static final String PLACE_CALL_BEFORE_RETIRED_KEY = "retired key: place call with new key";
    static final String RETIRED_KEY = "retired key";
    static final String OLD_KEY_LABEL = "old key";
    static final String NEW_KEY_LABEL = "new key";

    private static final Duration TRAFFIC_DURATION = Duration.ofSeconds(60);
    private static final Duration ITERATION_INTERVAL = Duration.ofMillis(500);
    private static final int BEARER_CLIENTS = 6;
    private static final int X_API_KEY_CLIENTS = 4;

    /**
     * The clients start spread over this time, so their requests do not all arrive together. With Gatling 3.15.1, a
     * ramp over 500 ms left its users waiting for the whole run.
     */
    private static final Duration CLIENT_RAMP = Duration.ofSeconds(1);

    private static final Duration ADD_NEW_KEY_AT = Duration.ofSeconds(15);
    private static final Duration SWITCH_CLIENTS_AT = Duration.ofSeconds(25);
    private static final Duration RETIRE_OLD_KEY_AT = Duration.ofSeconds(40);

    /** Rounds of the retired-key scenario, each one request per combination of header and endpoint. */
    private static final int RETIRED_KEY_ROUNDS = 5;

    private static final Duration RETIRED_KEY_INTERVAL = Duration.ofMillis(500);

    /** Time allowed after the traffic ends for the last requests to finish, before Gatling stops the run. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    private static final String TASK_ACTOR = "key-rotation-load-test";
    private static final String CALL_ID = "callId";
    private static final String API_KEY = "apiKey";
    private static final String KEY_LABEL = "keyLabel";
    private static final String ROTATION_START_NANOS = "rotationStartNanos";

    private static final Logger LOGGER = LoggerFactory.getLogger(KeyRotationSimulation.class);

    /** The header that carries a key, and how a request name shows it. */
    enum KeyHeader {
        BEARER("Bearer", "Authorization", "Bearer "),
        X_API_KEY("X-API-Key", "X-API-Key", "");

        private final String label;
        private final String headerName;
        private final String valuePrefix;

        KeyHeader(String label, String headerName, String valuePrefix) {
            this.label = label;
            this.headerName = headerName;
            this.valuePrefix = valuePrefix;
        }

        /** Adds the header with the key that {@code key} returns for the virtual user's session. */
        HttpRequestActionBuilder present(HttpRequestActionBuilder request, Function<Session, String> key) {
            return request.header(headerName, session -> valuePrefix + key.apply(session));
        }
    }

    private final KeyRotationParameters rotation;

    /** The key that the clients send: the old key until the switch, then the new one. */
    private final AtomicReference<String> currentKey;

    /** Counter that makes the called number differ from call to call. */
    private final AtomicInteger callIndex = new AtomicInteger();

    public KeyRotationSimulation() {
        LoadParameters parameters =
                LoadParameters.fromSystemProperties("http://127.0.0.1:3001", "http://127.0.0.1:9001");
        rotation = KeyRotationParameters.fromSystemProperties();
        currentKey = new AtomicReference<>(rotation.oldKey());
        LOGGER.info(
                "API key rotation test of voice-bridge: baseUrl {}, adminUrl {}, p95 < {} ms, {}",
                parameters.baseUrl(),
                parameters.adminUrl(),
                parameters.maxP95Millis(),
                rotation);

        HttpProtocolBuilder protocol = http.baseUrl(parameters.baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("easymo-load-tests")
                // Gatling's default warm-up request goes to https://gatling.io, so this one replaces it with the
                // target.
                .warmUp(parameters.adminUrl() + "/healthcheck");

        setUp(
                        authenticatedClients(KeyHeader.BEARER)
                                .injectOpen(rampUsers(BEARER_CLIENTS).during(CLIENT_RAMP)),
                        authenticatedClients(KeyHeader.X_API_KEY)
                                .injectOpen(rampUsers(X_API_KEY_CLIENTS).during(CLIENT_RAMP)),
                        keyRotation(parameters.adminUrl())
                                .injectOpen(atOnceUsers(1))
                                // The retired-key scenario starts when the rotation's virtual user has finished.
                                .andThen(retiredKey().injectOpen(atOnceUsers(1))))
                .protocols(protocol)
                .assertions(assertions(parameters))
                .maxDuration(TRAFFIC_DURATION.plus(STOP_MARGIN));
    }

    private ScenarioBuilder authenticatedClients(KeyHeader header) {
        String placeCallName = trafficName(PLACE_CALL, header, "#{" + KEY_LABEL + "}");
        String readCallStatusName = trafficName(READ_CALL_STATUS, header, "#{" + KEY_LABEL + "}");
        Function<Session, String> sessionKey = session -> session.getString(API_KEY);

        // Each iteration reads the current key once, so both of its requests send the same key and the request
        // names tell which key that was.
        ChainBuilder iteration = exec(session -> {
                    String key = currentKey.get();
                    return session.remove(CALL_ID)
                            .set(API_KEY, key)
                            .set(KEY_LABEL, key.equals(rotation.oldKey()) ? OLD_KEY_LABEL : NEW_KEY_LABEL)
                            .set("clientIndex", callIndex.getAndIncrement());
                })
                .exec(header.present(VoiceBridgeSimulation.placeCall(placeCallName), sessionKey)
                        .check(status().is(202), jsonPath("$.callId").saveAs(CALL_ID)))
                // Without a callId the read cannot be built, and the failed placement is already counted.
                .doIf(session -> session.contains(CALL_ID))
                .then(exec(header.present(http(readCallStatusName).get("/calls/#{callId}"), sessionKey)
                        .check(status().is(200), jsonPath("$.callId").isEL("#{callId}"))));

        return scenario(header.label + " clients")
                .during(TRAFFIC_DURATION)
                .on(pace(ITERATION_INTERVAL).exec(iteration));
    }

    private ScenarioBuilder keyRotation(String adminUrl) {
        ApiKeyFileWriter.Entry oldEntry = new ApiKeyFileWriter.Entry(rotation.oldKeyId(), rotation.oldKey());
        ApiKeyFileWriter.Entry newEntry = new ApiKeyFileWriter.Entry(rotation.newKeyId(), rotation.newKey());
        String keys = "$['api-keys']";

        HttpRequestActionBuilder addNewKey = reloadKeys(adminUrl, ADD_NEW_KEY)
                .check(
                        jsonPath(keys + ".keys").ofInt().is(2),
                        jsonPath(keys + ".active").ofInt().is(2),
                        jsonPath(keys + ".added[*]").findAll().is(List.of(rotation.newKeyId())),
                        jsonPath(keys + ".removed[*]").count().is(0));
        HttpRequestActionBuilder retireOldKey = reloadKeys(adminUrl, RETIRE_OLD_KEY)
                .check(
                        jsonPath(keys + ".keys").ofInt().is(1),
                        jsonPath(keys + ".active").ofInt().is(1),
                        jsonPath(keys + ".added[*]").count().is(0),
                        jsonPath(keys + ".removed[*]").findAll().is(List.of(rotation.oldKeyId())));

        // A failed step ends the rotation. The clients then keep the key they have and the retired-key scenario
        // starts, so the failure shows in the assertions of the rotation's requests and of the retired key.
        return scenario("key rotation")
                .exec(session -> session.set(ROTATION_START_NANOS, System.nanoTime()))
                .pause(session -> remainingUntil(session, ADD_NEW_KEY_AT))
                .exec(writeKeyFile(List.of(oldEntry, newEntry)))
                .exitHereIfFailed()
                .exec(addNewKey)
                .exitHereIfFailed()
                .pause(session -> remainingUntil(session, SWITCH_CLIENTS_AT))
                .exec(session -> {
                    currentKey.set(rotation.newKey());
                    LOGGER.info("Clients switched from key {} to key {}", rotation.oldKeyId(), rotation.newKeyId());
                    return session;
                })
                .pause(session -> remainingUntil(session, RETIRE_OLD_KEY_AT))
                .exec(writeKeyFile(List.of(newEntry)))
                .exitHereIfFailed()
                .exec(retireOldKey);
    }

    /**
     * Builds {@code POST /tasks/reload-credentials?name=api-keys} on the admin port, with the checks that both calls
     * share.
     */
    private static HttpRequestActionBuilder reloadKeys(String adminUrl, String name) {
        return http(name)
                .post(adminUrl + "/tasks/reload-credentials")
                .queryParam("name", "api-keys")
                .queryParam("by", TASK_ACTOR)
                .check(status().is(200), jsonPath("$['api-keys'].status").is("reloaded"));
    }

    private ChainBuilder writeKeyFile(List<ApiKeyFileWriter.Entry> entries) {
        return exec(session -> {
            try {
                ApiKeyFileWriter.write(rotation.apiKeyFile(), rotation.owner(), entries);
                LOGGER.info("Wrote {} with keys {}", rotation.apiKeyFile(), entries);
                return session;
            } catch (IOException e) {
                LOGGER.error("Writing the API key file {} failed", rotation.apiKeyFile(), e);
                return session.markAsFailed();
            }
        });
    }

    /** Returns the time from now until {@code offset} after the rotation's start, or zero when that has passed. */
    private static Duration remainingUntil(Session session, Duration offset) {
        long target = session.getLong(ROTATION_START_NANOS) + offset.toNanos();
        return Duration.ofNanos(Math.max(0, target - System.nanoTime()));
    }

    private ScenarioBuilder retiredKey() {
        Function<Session, String> oldKey = session -> rotation.oldKey();
        List<ChainBuilder> requests = new ArrayList<>();
        for (KeyHeader keyHeader : KeyHeader.values()) {
            HttpRequestActionBuilder placeCall = VoiceBridgeSimulation.placeCall(retiredKeyName(PLACE_CALL, keyHeader));
            HttpRequestActionBuilder readCallStatus =
                    http(retiredKeyName(READ_CALL_STATUS, keyHeader)).get("/calls/#{callId}");
            for (HttpRequestActionBuilder request : List.of(placeCall, readCallStatus)) {
                requests.add(exec(keyHeader
                                .present(request, oldKey)
                                .check(
                                        status().is(401),
                                        jsonPath("$.error").is("invalid_api_key"),
                                        jsonPath("$.field").is(keyHeader.headerName),
                                        header("WWW-Authenticate").is("Bearer realm=\"api\", error=\"invalid_token\"")))
                        .pause(RETIRED_KEY_INTERVAL));
            }
        }

        // The first request places a call with the new key, so the status reads with the old key ask for a call
        // that exists, and their 401 shows that the key was rejected, not the call ID.
        return scenario(RETIRED_KEY)
                .exec(KeyHeader.BEARER
                        .present(
                                VoiceBridgeSimulation.placeCall(PLACE_CALL_BEFORE_RETIRED_KEY),
                                session -> currentKey.get())
                        .check(status().is(202), jsonPath("$.callId").saveAs(CALL_ID)))
                .exitHereIfFailed()
                .repeat(RETIRED_KEY_ROUNDS)
                .on(exec(requests));
    }

    static String trafficName(String request, KeyHeader header, String keyLabel) {
        return request + " (" + header.label + ", " + keyLabel + ")";
    }

    static String retiredKeyName(String request, KeyHeader header) {
        return RETIRED_KEY + ": " + request + " (" + header.label + ")";
    }

    private static List<Assertion> assertions(LoadParameters parameters) {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().responseTime().percentile(95.0).lt(parameters.maxP95Millis()));
        // A request fails unless it passes its checks, so a retired-key request that gets anything but 401 fails.
        assertions.add(global().failedRequests().count().is(0L));
        for (KeyHeader header : KeyHeader.values()) {
            for (String request : List.of(PLACE_CALL, READ_CALL_STATUS)) {
                for (String keyLabel : List.of(OLD_KEY_LABEL, NEW_KEY_LABEL)) {
                    String name = trafficName(request, header, keyLabel);
                    assertions.add(details(name).allRequests().count().gt(0L));
                    assertions.add(details(name).failedRequests().count().is(0L));
                }
                String retired = retiredKeyName(request, header);
                assertions.add(details(retired).allRequests().count().is((long) RETIRED_KEY_ROUNDS));
                assertions.add(details(retired).failedRequests().count().is(0L));
            }
        }
        for (String name : List.of(ADD_NEW_KEY, RETIRE_OLD_KEY, PLACE_CALL_BEFORE_RETIRED_KEY)) {
            assertions.add(details(name).allRequests().count().is(1L));
            assertions.add(details(name).failedRequests().count().is(0L));
        }
        return assertions;
    }
}
