package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.StructuredFields;
import com.easymo.commons.testing.StructuredFields.Item;
import com.easymo.commons.testing.StructuredFields.Member;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks the IETF rate-limit fields {@code RateLimit-Policy} and {@code RateLimit} of real responses: each parses as a
 * Structured Field List (RFC 9651) of one Item that names the most restrictive enforced policy, and its parameters
 * agree with the policy, the bucket, the {@code X-RateLimit-*} headers and {@code Retry-After}.
 *
 * <p>The tests that send sequences start 500 ms past a whole second, so every reset time is too, and move the clock in
 * steps of 1.25 seconds. The current time's fraction of a second then cycles through 0.5, 0.75, 0 and 0.25, which
 * is equal to, above and below the reset's, and a whole second: every case of the rounding. Every test sends from its
 * own client address through the trusted loopback proxy, so the tests share each service without sharing buckets.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitHeadersTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final Duration STEP = Duration.ofMillis(1250);

    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = app("both");
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> LEGACY_ONLY =
            app("legacy-only", "rateLimit.headers.ietf", "false");
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> IETF_ONLY =
            app("ietf-only", "rateLimit.headers.legacy", "false");
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> GLOBAL_DRY_RUN =
            app("global-dry-run", "rateLimit.global.dryRun", "true");

    private static final String POLICY_FIELD = "RateLimit-Policy";
    private static final String RATE_LIMIT_FIELD = "RateLimit";
    private static final String[] LEGACY_HEADERS = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"};

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void fieldsCountDownOnePolicyToRejection() throws Exception {
        startAtFractionOfSecond();
        Instant windowStart = CLOCK.instant();
        Instant firstReset = windowStart.plus(Duration.ofMinutes(1));

        for (int remaining = 4; remaining >= 0; remaining--) {
            HttpResponse<String> admitted = send(APP, "GET", "/ping", "198.51.100.1");

            assertThat(admitted.statusCode()).isEqualTo(200);
            assertAllHeaders(admitted, new Expected("global", 5, Duration.ofMinutes(1), remaining, firstReset));
            assertThat(admitted.headers().firstValue("Retry-After")).isEmpty();
            CLOCK.advance(STEP);
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> rejected = send(APP, "GET", "/ping", "198.51.100.1");

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertAllHeaders(rejected, new Expected("global", 5, Duration.ofMinutes(1), 0, firstReset));
            assertRetryAfterIsSecondsToReset(rejected);
            CLOCK.advance(STEP);
        }
        CLOCK.advance(Duration.between(CLOCK.instant(), firstReset.plusMillis(500)));
        HttpResponse<String> nextWindow = send(APP, "GET", "/ping", "198.51.100.1");

        assertThat(nextWindow.statusCode()).isEqualTo(200);
        assertAllHeaders(
                nextWindow,
                new Expected("global", 5, Duration.ofMinutes(1), 4, windowStart.plus(Duration.ofMinutes(2))));
    }

    @Test
    void fieldsFollowTighterOfTwoPolicies() throws Exception {
        startAtFractionOfSecond();
        Instant windowStart = CLOCK.instant();
        Instant globalReset = windowStart.plus(Duration.ofMinutes(1));
        Instant tightReset = windowStart.plus(Duration.ofSeconds(10));

        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> admitted = send(APP, "POST", "/limited", "198.51.100.2");

            assertThat(admitted.statusCode()).isEqualTo(200);
            assertAllHeaders(admitted, new Expected("tight", 3, Duration.ofSeconds(10), remaining, tightReset));
            CLOCK.advance(STEP);
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> rejected = send(APP, "POST", "/limited", "198.51.100.2");

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertAllHeaders(rejected, new Expected("tight", 3, Duration.ofSeconds(10), 0, tightReset));
            assertRetryAfterIsSecondsToReset(rejected);
            CLOCK.advance(STEP);
        }

        // The tight bucket is full again, so the global one, with 2 of 5 left, is now the more restrictive.
        CLOCK.advance(Duration.between(CLOCK.instant(), tightReset.plusMillis(500)));
        for (int remaining = 1; remaining >= 0; remaining--) {
            HttpResponse<String> admitted = send(APP, "POST", "/limited", "198.51.100.2");

            assertThat(admitted.statusCode()).isEqualTo(200);
            assertAllHeaders(admitted, new Expected("global", 5, Duration.ofMinutes(1), remaining, globalReset));
            CLOCK.advance(STEP);
        }
        HttpResponse<String> rejectedByGlobal = send(APP, "POST", "/limited", "198.51.100.2");

        assertThat(rejectedByGlobal.statusCode()).isEqualTo(429);
        assertAllHeaders(rejectedByGlobal, new Expected("global", 5, Duration.ofMinutes(1), 0, globalReset));
        assertRetryAfterIsSecondsToReset(rejectedByGlobal);
    }

    @Test
    void dryRunPolicyNeverAppearsInFields() throws Exception {
        startAtFractionOfSecond();
        Instant globalReset = CLOCK.instant().plus(Duration.ofMinutes(1));

        // The trial policy admits one request per minute, so it would be the most restrictive if it were enforced.
        for (int remaining = 4; remaining >= 2; remaining--) {
            HttpResponse<String> response = send(APP, "GET", "/trial", "198.51.100.3");

            assertThat(response.statusCode()).isEqualTo(200);
            assertAllHeaders(response, new Expected("global", 5, Duration.ofMinutes(1), remaining, globalReset));
            CLOCK.advance(STEP);
        }
    }

    @Test
    void onlyDryRunPoliciesWriteNoHeaders() throws Exception {
        for (int i = 0; i < 7; i++) {
            HttpResponse<String> response = send(GLOBAL_DRY_RUN, "GET", "/ping", "198.51.100.4");

            assertThat(response.statusCode()).isEqualTo(200);
            assertNoRateLimitHeaders(response);
        }
    }

    @Test
    void enforcedPolicyShowsBesideGlobalDryRun() throws Exception {
        startAtFractionOfSecond();
        Instant tightReset = CLOCK.instant().plus(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            send(GLOBAL_DRY_RUN, "GET", "/ping", "198.51.100.5");
        }

        // The global bucket in dry run is left with no token, fewer than the tight bucket's 2 and then 1.
        HttpResponse<String> first = send(GLOBAL_DRY_RUN, "POST", "/limited", "198.51.100.5");
        HttpResponse<String> second = send(GLOBAL_DRY_RUN, "POST", "/limited", "198.51.100.5");

        assertThat(first.statusCode()).isEqualTo(200);
        assertAllHeaders(first, new Expected("tight", 3, Duration.ofSeconds(10), 2, tightReset));
        assertThat(second.statusCode()).isEqualTo(200);
        assertAllHeaders(second, new Expected("tight", 3, Duration.ofSeconds(10), 1, tightReset));
    }

    @Test
    void exemptEndpointsCarryNoHeaders() throws Exception {
        HttpResponse<String> exempt = send(APP, "GET", "/health", "198.51.100.6");
        HttpResponse<String> admin = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(exempt.statusCode()).isEqualTo(200);
        assertNoRateLimitHeaders(exempt);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertNoRateLimitHeaders(admin);
    }

    @Test
    void ietfSwitchedOffKeepsLegacyHeaders() throws Exception {
        startAtFractionOfSecond();
        Instant tightReset = CLOCK.instant().plus(Duration.ofSeconds(10));
        Expected tightEmpty = new Expected("tight", 3, Duration.ofSeconds(10), 0, tightReset);

        for (int i = 0; i < 2; i++) {
            send(LEGACY_ONLY, "POST", "/limited", "198.51.100.7");
        }
        HttpResponse<String> admitted = send(LEGACY_ONLY, "POST", "/limited", "198.51.100.7");
        HttpResponse<String> rejected = send(LEGACY_ONLY, "POST", "/limited", "198.51.100.7");

        assertThat(admitted.statusCode()).isEqualTo(200);
        assertLegacyHeaders(admitted, tightEmpty);
        assertAbsent(admitted, POLICY_FIELD, RATE_LIMIT_FIELD);
        assertThat(rejected.statusCode()).isEqualTo(429);
        assertLegacyHeaders(rejected, tightEmpty);
        assertThat(rejected.headers().allValues("Retry-After")).containsExactly("10");
        assertAbsent(rejected, POLICY_FIELD, RATE_LIMIT_FIELD);
    }

    @Test
    void legacySwitchedOffKeepsIetfFields() throws Exception {
        startAtFractionOfSecond();
        Instant tightReset = CLOCK.instant().plus(Duration.ofSeconds(10));
        Expected tightEmpty = new Expected("tight", 3, Duration.ofSeconds(10), 0, tightReset);

        for (int i = 0; i < 2; i++) {
            send(IETF_ONLY, "POST", "/limited", "198.51.100.8");
        }
        HttpResponse<String> admitted = send(IETF_ONLY, "POST", "/limited", "198.51.100.8");
        HttpResponse<String> rejected = send(IETF_ONLY, "POST", "/limited", "198.51.100.8");

        assertThat(admitted.statusCode()).isEqualTo(200);
        assertIetfFields(admitted, tightEmpty);
        assertAbsent(admitted, LEGACY_HEADERS);
        assertThat(rejected.statusCode()).isEqualTo(429);
        assertIetfFields(rejected, tightEmpty);
        assertRetryAfterIsSecondsToReset(rejected);
        assertAbsent(rejected, LEGACY_HEADERS);
    }

    /**
     * The state a response must report.
     *
     * @param policy the name of the policy
     * @param quota the policy's capacity
     * @param window the policy's window
     * @param remaining the tokens left in the policy's bucket after the request
     * @param resetAt when the bucket is full again
     */
    private record Expected(String policy, long quota, Duration window, long remaining, Instant resetAt) {}

    /** Asserts both sets of headers against the expected state, and that they agree with each other. */
    private static void assertAllHeaders(HttpResponse<String> response, Expected expected) {
        assertIetfFields(response, expected);
        assertLegacyHeaders(response, expected);

        Item policy = singleItem(response, POLICY_FIELD);
        Item rateLimit = singleItem(response, RATE_LIMIT_FIELD);
        long secondsToReset = (Long) rateLimit.parameters().get("t");
        long resetEpochSeconds = Long.parseLong(header(response, "X-RateLimit-Reset"));
        assertThat(header(response, "X-RateLimit-Limit"))
                .isEqualTo(policy.parameters().get("q").toString());
        assertThat(header(response, "X-RateLimit-Remaining"))
                .isEqualTo(rateLimit.parameters().get("r").toString());
        assertResetAgreesWithSecondsToReset(resetEpochSeconds, secondsToReset);
    }

    private static void assertIetfFields(HttpResponse<String> response, Expected expected) {
        Item policy = singleItem(response, POLICY_FIELD);
        Item rateLimit = singleItem(response, RATE_LIMIT_FIELD);

        assertThat(policy.value()).isInstanceOf(String.class).isEqualTo(expected.policy());
        assertThat(policy.parameters())
                .containsExactly(
                        entry("q", expected.quota()),
                        entry("w", expected.window().toSeconds()));
        assertThat(rateLimit.value()).isInstanceOf(String.class).isEqualTo(expected.policy());
        assertThat(rateLimit.parameters())
                .containsExactly(entry("r", expected.remaining()), entry("t", secondsRoundedUp(expected.resetAt())));
    }

    private static void assertLegacyHeaders(HttpResponse<String> response, Expected expected) {
        Instant resetAt = expected.resetAt();
        long resetEpochSeconds = resetAt.getEpochSecond() + (resetAt.getNano() > 0 ? 1 : 0);

        assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(String.valueOf(expected.quota()));
        assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(String.valueOf(expected.remaining()));
        assertThat(header(response, "X-RateLimit-Reset")).isEqualTo(String.valueOf(resetEpochSeconds));
    }

    /**
     * Asserts that the reset time and the seconds until it describe the same instant. Both are rounded up, so the
     * reset is the current time plus the seconds to reset, where the current time is rounded down or up.
     */
    private static void assertResetAgreesWithSecondsToReset(long resetEpochSeconds, long secondsToReset) {
        Instant now = CLOCK.instant();
        long nowRoundedDown = now.getEpochSecond();
        long nowRoundedUp = nowRoundedDown + (now.getNano() > 0 ? 1 : 0);

        assertThat(resetEpochSeconds - secondsToReset).isBetween(nowRoundedDown, nowRoundedUp);
    }

    private static void assertRetryAfterIsSecondsToReset(HttpResponse<String> response) {
        Item rateLimit = singleItem(response, RATE_LIMIT_FIELD);

        assertThat(response.headers().allValues("Retry-After"))
                .containsExactly(rateLimit.parameters().get("t").toString());
    }

    private static void assertNoRateLimitHeaders(HttpResponse<String> response) {
        assertAbsent(response, POLICY_FIELD, RATE_LIMIT_FIELD, "Retry-After");
        assertAbsent(response, LEGACY_HEADERS);
    }

    private static void assertAbsent(HttpResponse<String> response, String... names) {
        for (String name : names) {
            assertThat(response.headers().allValues(name)).as(name).isEmpty();
        }
    }

    /** Parses a field that must have one field line holding a List of exactly one Item. */
    private static Item singleItem(HttpResponse<String> response, String name) {
        List<String> lines = response.headers().allValues(name);
        assertThat(lines).as("%s field lines", name).hasSize(1);

        List<Member> members = StructuredFields.parseList(lines.get(0));

        assertThat(members).as("members of %s: %s", name, lines.get(0)).hasSize(1);
        assertThat(members.get(0)).as("member of %s: %s", name, lines.get(0)).isInstanceOf(Item.class);
        return (Item) members.get(0);
    }

    /** Returns the whole seconds from now until the instant, rounded up. */
    private static long secondsRoundedUp(Instant instant) {
        Duration untilReset = Duration.between(CLOCK.instant(), instant);
        return untilReset.getSeconds() + (untilReset.getNano() > 0 ? 1 : 0);
    }

    /** Moves the clock to 500 ms past the next whole second. */
    private static void startAtFractionOfSecond() {
        Instant now = CLOCK.instant();
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusMillis(500);
        CLOCK.advance(Duration.between(now, start));
    }

    private HttpResponse<String> send(
            DropwizardAppExtension<RateLimitTestApplication.Config> app, String method, String path, String clientIp)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-For", clientIp)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /**
     * Creates a service from {@code ratelimit/headers.yml} with the {@code trial} endpoint. Each service reads its
     * overrides under its own system-property prefix, because the test support keeps them set until its service
     * stops, and the services of this class run side by side.
     */
    private static DropwizardAppExtension<RateLimitTestApplication.Config> app(String prefix, String... keysAndValues) {
        ConfigOverride[] overrides = new ConfigOverride[keysAndValues.length / 2];
        for (int i = 0; i < overrides.length; i++) {
            overrides[i] = ConfigOverride.config(prefix, keysAndValues[2 * i], keysAndValues[2 * i + 1]);
        }
        return new DropwizardAppExtension<>(
                new DropwizardTestSupport<>(
                        RateLimitTestApplication.class,
                        ResourceHelpers.resourceFilePath("ratelimit/headers.yml"),
                        prefix,
                        overrides) {
                    @Override
                    public RateLimitTestApplication newApplication() {
                        return new RateLimitTestApplication(CLOCK, new RateLimitTestApplication.TrialResource());
                    }
                });
    }
}
