package com.easymo.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import java.util.ArrayList;
import java.util.List;

/**
 * The assertions that every service's simulation makes. A failed assertion makes Gatling, and so the Maven build,
 * exit with a non-zero status.
 *
 * <p>A request <em>fails</em> (Gatling KO) when it gets no response (timeout, connection error) or when one of its
 * checks fails. An <em>error</em> is a failed request among the admitted traffic, the requests of distinct clients
 * that stay within their rate limits: their checks expect the success status, so any other status, including a
 * 429, is an error.
 */
public final class LoadAssertions {

    private LoadAssertions() {}

    /**
     * Returns the global assertions: the 95th percentile of all response times below {@code maxP95Millis}, and the
     * share of failed requests below {@code maxFailedPercent}.
     */
    public static List<Assertion> globalAssertions(LoadParameters parameters) {
        return List.of(
                global().responseTime().percentile(95.0).lt(parameters.maxP95Millis()),
                global().failedRequests().percent().lt(parameters.maxFailedPercent()));
    }

    /**
     * Returns, for each named request of the admitted traffic, that it ran and that its share of errors is below
     * {@code maxErrorPercent}.
     */
    public static List<Assertion> errorAssertions(LoadParameters parameters, List<String> admittedRequestNames) {
        List<Assertion> assertions = new ArrayList<>();
        for (String name : admittedRequestNames) {
            assertions.add(details(name).allRequests().count().gt(0L));
            assertions.add(details(name).failedRequests().percent().lt(parameters.maxErrorPercent()));
        }
        return assertions;
    }
}
