package com.easymo.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.headerRegex;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A scenario that pushes one client over a rate-limit policy and checks its rejections. One virtual user, with a
 * fixed address in {@code X-Forwarded-For}, sends {@code capacity} requests back to back, which the policy admits,
 * and then {@code overLimitRequests} more, paced evenly over {@code overLimitSpan}, which must each get 429 with a
 * {@code Retry-After} header.
 *
 * <p>The probe's requests have their own names, so the report and the assertions show them apart from the admitted
 * traffic. The probe expects a client that has sent nothing to the service within the policy's window and within the
 * global policy's window.
 *
 * @param scenarioName the scenario's name in the report
 * @param withinLimitName the name of the requests that the policy admits
 * @param overLimitName the name of the requests that the policy rejects
 * @param clientAddress the client's address in {@code X-Forwarded-For}
 * @param capacity the policy's capacity
 * @param successStatus the status of an admitted request
 * @param overLimitRequests the number of requests sent after the capacity is used up
 * @param overLimitSpan the time over which the requests over the limit are spread. It must end well within the
 *     policy's window that the first request opens, because the bucket then refills and admits requests again
 * @param limitedRequest builds the limited request, without checks, under the given name
 */
public record RateLimitProbe(
        String scenarioName,
        String withinLimitName,
        String overLimitName,
        String clientAddress,
        int capacity,
        int successStatus,
        int overLimitRequests,
        Duration overLimitSpan,
        Function<String, HttpRequestActionBuilder> limitedRequest) {

    public RateLimitProbe {
        if (capacity < 1 || overLimitRequests < 1) {
            throw new IllegalArgumentException(
                    "capacity and overLimitRequests must be positive: " + capacity + ", " + overLimitRequests);
        }
    }

    /**
     * Returns the time over which to spread the requests over the limit: the available time, but at most two thirds
     * of the policy's window, so the probe ends before the window that its first request opened.
     */
    public static Duration overLimitSpan(Duration available, Duration policyWindow) {
        Duration maxSpan = policyWindow.multipliedBy(2).dividedBy(3);
        return available.compareTo(maxSpan) < 0 ? available : maxSpan;
    }

    /** Builds the scenario. */
    public ScenarioBuilder buildScenario() {
        HttpRequestActionBuilder withinLimit = limitedRequest
                .apply(withinLimitName)
                .header("X-Forwarded-For", clientAddress)
                .check(status().is(successStatus));
        HttpRequestActionBuilder overLimit = limitedRequest
                .apply(overLimitName)
                .header("X-Forwarded-For", clientAddress)
                .check(
                        status().is(429),
                        // Retry-After in whole seconds, at least 1 (docs/rate-limiting.md).
                        headerRegex("Retry-After", "^[1-9][0-9]*$").exists(),
                        jsonPath("$.error").is("rate_limit_exceeded"));
        // pace() waits until one interval has passed since the previous request started, so slow responses do not
        // stretch the probe beyond overLimitSpan unless each one takes longer than the interval.
        Duration interval = overLimitSpan.dividedBy(overLimitRequests);
        return scenario(scenarioName)
                .exec(repeat(capacity).on(withinLimit))
                .exec(repeat(overLimitRequests).on(pace(interval).exec(overLimit)));
    }

    /** Returns the population: the single virtual user, started {@code startAfter} into the run. */
    public PopulationBuilder population(Duration startAfter) {
        return buildScenario().injectOpen(nothingFor(startAfter), atOnceUsers(1));
    }

    /**
     * Returns the assertions: every request of the probe ran and passed its checks, and the 95th percentile of the
     * response times of the rejected requests is below {@code maxRejectedP95Millis}.
     */
    public List<Assertion> assertions(LoadParameters parameters) {
        return List.of(
                details(withinLimitName).allRequests().count().is((long) capacity),
                details(withinLimitName).failedRequests().count().is(0L),
                details(overLimitName).allRequests().count().is((long) overLimitRequests),
                details(overLimitName).failedRequests().count().is(0L),
                details(overLimitName).responseTime().percentile(95.0).lt(parameters.maxRejectedP95Millis()));
    }
}
