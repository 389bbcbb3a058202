package com.easymo.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load test of voice-bridge. Two scenarios run together:
 *
 * <ul>
 *   <li>{@code call flow}, the admitted traffic, in the closed model of the chosen {@link LoadProfile}: each virtual
 *       user is a distinct client that checks the admin health endpoint, places one call and reads its status one to
 *       three times, with think times of 0.5 to 1.5 seconds;
 *   <li>{@code rate limit probe}: one client with a fixed address sends 10 calls, which {@code outbound-calls} admits,
 *       and 100 more, which it must reject with 429. The probe starts with the profile's peak stage, so the 429
 *       response times are measured under the highest load.
 * </ul>
 *
 * <p>Parameters and assertions: see {@link LoadParameters} and {@link LoadAssertions}.
 */
public class VoiceBridgeSimulation extends Simulation {

    static final String HEALTH_CHECK = "health check";
    static final String PLACE_CALL = "place call";
    static final String READ_CALL_STATUS = "read call status";
    static final String PLACE_CALL_WITHIN_LIMIT = "rate limit: place call within limit";
    static final String PLACE_CALL_OVER_LIMIT = "rate limit: place call over limit";

    /** The {@code outbound-calls} policy of tests/load/voice-bridge-load.yml: 10 calls per minute per client. */
    private static final int OUTBOUND_CALLS_CAPACITY = 10;

    private static final Duration OUTBOUND_CALLS_WINDOW = Duration.ofMinutes(1);
    private static final int OVER_LIMIT_REQUESTS = 100;
    private static final Duration MIN_THINK_TIME = Duration.ofMillis(500);
    private static final Duration MAX_THINK_TIME = Duration.ofMillis(1500);

    /** Time allowed after the profile ends for the last virtual users to finish, before Gatling stops them. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    private static final Logger LOGGER = LoggerFactory.getLogger(VoiceBridgeSimulation.class);

    public VoiceBridgeSimulation() {
        LoadParameters parameters =
                LoadParameters.fromSystemProperties("http://127.0.0.1:3001", "http://127.0.0.1:9001");
        LoadProfile profile = parameters.profile();
        LOGGER.info("Load test of voice-bridge: {}", parameters);

        HttpProtocolBuilder protocol = http.baseUrl(parameters.baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("easymo-load-tests")
                // Gatling's default warm-up request goes to https://gatling.io, so this one replaces it with the
                // target.
                .warmUp(parameters.adminUrl() + "/healthcheck");

        RateLimitProbe probe = new RateLimitProbe(
                "rate limit probe",
                PLACE_CALL_WITHIN_LIMIT,
                PLACE_CALL_OVER_LIMIT,
                parameters.rateLimitClientAddress(),
                OUTBOUND_CALLS_CAPACITY,
                202,
                OVER_LIMIT_REQUESTS,
                RateLimitProbe.overLimitSpan(profile.peakStage().duration(), OUTBOUND_CALLS_WINDOW),
                VoiceBridgeSimulation::placeCall);

        setUp(callFlow(parameters).injectClosed(profile.injectionSteps()), probe.population(profile.peakStart()))
                .protocols(protocol)
                .assertions(assertions(parameters, probe))
                .maxDuration(profile.duration().plus(STOP_MARGIN));
    }

    private static ScenarioBuilder callFlow(LoadParameters parameters) {
        ChainBuilder readCallStatus = pause(MIN_THINK_TIME, MAX_THINK_TIME)
                .exec(http(READ_CALL_STATUS)
                        .get("/calls/#{callId}")
                        .header("X-Forwarded-For", "#{clientAddress}")
                        .check(status().is(200), jsonPath("$.callId").isEL("#{callId}")));

        return scenario("call flow")
                .feed(new ClientAddressFeeder())
                .exec(http(HEALTH_CHECK)
                        .get(parameters.adminUrl() + "/healthcheck")
                        .check(status().is(200)))
                .pause(MIN_THINK_TIME, MAX_THINK_TIME)
                .exec(placeCall(PLACE_CALL)
                        .header("X-Forwarded-For", "#{clientAddress}")
                        .check(status().is(202), jsonPath("$.callId").saveAs("callId")))
                // Without a callId the reads cannot be built, and the failed placement is already counted.
                .exitHereIfFailed()
                .exec(repeat(session -> ThreadLocalRandom.current().nextInt(1, 4))
                        .on(readCallStatus));
    }

    /**
     * Builds {@code POST /calls/outbound} without checks. The called number is a valid E.164 number that differs per
     * virtual user ({@code clientIndex} from {@link ClientAddressFeeder}, 0 for the rate-limit probe).
     */
    static HttpRequestActionBuilder placeCall(String name) {
        return http(name)
                .post("/calls/outbound")
                .body(StringBody(session -> {
                    int index = session.contains("clientIndex") ? session.getInt("clientIndex") : 0;
                    return "{\"to\":\"+25470" + String.format("%07d", index % 10_000_000)
                            + "\",\"from\":\"sip:load-test@easymo\"}";
                }))
                .asJson();
    }

    private static List<Assertion> assertions(LoadParameters parameters, RateLimitProbe probe) {
        List<Assertion> assertions = new ArrayList<>(LoadAssertions.globalAssertions(parameters));
        assertions.addAll(
                LoadAssertions.errorAssertions(parameters, List.of(HEALTH_CHECK, PLACE_CALL, READ_CALL_STATUS)));
        assertions.addAll(probe.assertions(parameters));
        return assertions;
    }
}
