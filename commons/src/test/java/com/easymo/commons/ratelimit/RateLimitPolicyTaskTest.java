package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.Scrape;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Changes policies at runtime through the {@code rate-limit-policy} admin task and runs a policy in dry run, against
 * a real service. Each test uses its own policy and client addresses.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitPolicyTaskTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final java.nio.file.Path APP_LOG = tempFile();
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class,
                    ResourceHelpers.resourceFilePath("ratelimit/tuning-app.yml"),
                    ConfigOverride.config("logging.appenders[0].currentLogFilename", APP_LOG.toString())) {
                @Override
                public RateLimitTestApplication newApplication() {
                    return new RateLimitTestApplication(CLOCK, new TuningResource());
                }
            });

    @Test
    void capacityChangeKeepsUsedTokens() throws Exception {
        List<Integer> before = statuses("/tune", "198.51.100.1", 4);

        HttpResponse<String> change = task("policy=tune&capacity=5&by=alice");
        List<HttpResponse<String>> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            after.add(get("/tune", "198.51.100.1"));
        }

        assertThat(before).containsExactly(200, 200, 200, 429);
        assertThat(change.statusCode()).isEqualTo(200);
        JsonNode result = TestHttp.json(change);
        assertThat(result.get("by").asText()).isEqualTo("alice");
        assertThat(result.get("before").toString())
                .isEqualTo("{\"capacity\":3,\"windowSeconds\":60,\"keyType\":\"ip\",\"dryRun\":false}");
        assertThat(result.get("after").toString())
                .isEqualTo("{\"capacity\":5,\"windowSeconds\":60,\"keyType\":\"ip\",\"dryRun\":false}");
        // Three of five used: two left, not a fresh bucket of five.
        assertThat(after).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429);
        assertThat(after.get(0).headers().firstValue("X-RateLimit-Limit")).contains("5");
        assertThat(after.get(0).headers().firstValue("X-RateLimit-Remaining")).contains("1");
        // A client that had not used the policy yet starts with the new capacity.
        assertThat(get("/tune", "198.51.100.2").headers().firstValue("X-RateLimit-Remaining"))
                .contains("4");

        JsonNode logged = logEvent("RATE_LIMIT_POLICY_CHANGED", "tune");
        assertThat(logged.get("policy").asText()).isEqualTo("tune");
        assertThat(logged.get("by").asText()).isEqualTo("alice");
        assertThat(logged.get("capacityBefore").asLong()).isEqualTo(3);
        assertThat(logged.get("capacityAfter").asLong()).isEqualTo(5);
        assertThat(logged.get("timestamp").asText()).isNotBlank();
        Scrape scrape = scrape();
        assertThat(scrape.value("easymo_ratelimit_policy_limit", "policy", "tune"))
                .isEqualTo(5);
        assertThat(scrape.value("easymo_ratelimit_policy_changes_total", "policy", "tune"))
                .isEqualTo(1);
        assertThat(scrape.value("easymo_ratelimit_policy_window_seconds", "policy", "tune"))
                .isEqualTo(60);
    }

    @Test
    void dryRunLogsAndCountsRejections() throws Exception {
        Scrape before = scrape();

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(get("/trial", "198.51.100.10"));
        }
        Scrape after = scrape();

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        // The headers report the enforced global policy, not the policy in dry run.
        assertThat(responses.get(3).headers().firstValue("X-RateLimit-Limit")).contains("100");
        assertThat(after.value("easymo_ratelimit_decisions_total", "policy", "trial", "outcome", "dry_run_rejected")
                        - before.value(
                                "easymo_ratelimit_decisions_total", "policy", "trial", "outcome", "dry_run_rejected"))
                .isEqualTo(2);
        assertThat(after.value("easymo_ratelimit_decisions_total", "policy", "trial", "outcome", "admitted")
                        - before.value("easymo_ratelimit_decisions_total", "policy", "trial", "outcome", "admitted"))
                .isEqualTo(2);
        assertThat(after.value("easymo_ratelimit_policy_dry_run", "policy", "trial"))
                .isEqualTo(1);
        JsonNode logged = logEvent("RATE_LIMIT_DRY_RUN", "trial");
        assertThat(logged.get("policy").asText()).isEqualTo("trial");
        assertThat(logged.get("limit").asLong()).isEqualTo(2);
        assertThat(logged.get("path").asText()).isEqualTo("/trial");
        assertThat(logged.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void dryRunSwitchesAtRuntime() throws Exception {
        assertThat(statuses("/toggled", "198.51.100.20", 2)).containsExactly(200, 429);

        task("policy=toggled&dryRun=true&by=bob");
        List<Integer> inDryRun = statuses("/toggled", "198.51.100.20", 2);
        task("policy=toggled&dryRun=false&by=bob");
        List<Integer> enforcedAgain = statuses("/toggled", "198.51.100.20", 1);

        assertThat(inDryRun).containsExactly(200, 200);
        assertThat(enforcedAgain).containsExactly(429);
    }

    @Test
    void windowChangeMovesReset() throws Exception {
        HttpResponse<String> first = get("/tight", "198.51.100.30");
        long reset =
                Long.parseLong(first.headers().firstValue("X-RateLimit-Reset").orElseThrow());

        task("policy=tight&window=2m");
        HttpResponse<String> second = get("/tight", "198.51.100.30");
        task("policy=tight&window=1m");

        assertThat(Long.parseLong(
                        second.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isEqualTo(reset + 60);
        assertThat(second.headers().firstValue("X-RateLimit-Remaining")).contains("1");
    }

    @Test
    void invalidParametersChangeNothing() throws Exception {
        String[][] cases = {
            {"policy=nope&capacity=5", "Unknown rate-limit policy in parameter policy: 'nope'"},
            {"policy=tight&capacity=0", "Parameter capacity must be between 1 and 1000000, was 0"},
            {"policy=tight&capacity=ten", "Parameter capacity must be a whole number, was 'ten'"},
            {"policy=tight&window=0s", "Parameter window must be between 1s and 1d, was '0s'"},
            {"policy=tight&window=soon", "Parameter window must be a duration such as 30s, 5m or 1h, was 'soon'"},
            {"policy=tight&dryRun=yes", "Parameter dryRun must be true or false, was 'yes'"},
            {"policy=tight&capacity=4&capacity=5", "Parameter capacity is given 2 times"},
            {"policy=tight&capcity=5", "Unknown parameter capcity; parameters: [by, capacity, dryRun, policy, window]"},
            {"policy=tight&capacity=%EF%BC%91%EF%BC%90", "Parameter capacity must be a whole number, was '??'"},
            {"policy=tight&window=1500ms", "Parameter window must be whole seconds, was '1500ms'"},
            {"policy=tight&capacity=99999999", "Parameter capacity must be between 1 and 1000000, was 99999999"},
            {"policy=tight&capacity=2&by=a&by=b", "Parameter by is given 2 times"},
            {
                "policy=tight&window=" + "9".repeat(6_000) + "s",
                "Parameter window must be a duration such as 30s, 5m or 1h, was '" + "9".repeat(64) + "...'"
            },
        };

        for (String[] entry : cases) {
            String description = entry[0].substring(0, Math.min(60, entry[0].length()));
            HttpResponse<String> response = task(entry[0]);
            assertThat(response.statusCode()).as(description).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(description)
                    .contains("application/json");
            JsonNode body = TestHttp.json(response);
            assertThat(body.get("error").asText()).as(description).isEqualTo("invalid_parameter");
            assertThat(body.get("message").asText()).as(description).startsWith(entry[1]);
        }
        JsonNode tight = TestHttp.json(task("policy=tight")).get("tight");
        assertThat(tight.get("capacity").asLong()).isEqualTo(3);
        assertThat(TestHttp.json(task("policy=tight&capacity=ten")).get("field").asText())
                .isEqualTo("capacity");
    }

    @Test
    void noOpChangeIsNotCounted() throws Exception {
        double before = scrape().value("easymo_ratelimit_policy_changes_total", "policy", "per-user");

        JsonNode result = TestHttp.json(task("policy=per-user&capacity=2&by=carol"));

        assertThat(result.get("changed").asBoolean()).isFalse();
        assertThat(scrape().value("easymo_ratelimit_policy_changes_total", "policy", "per-user"))
                .isEqualTo(before);
    }

    @Test
    void listsEveryPolicyWithoutParameters() throws Exception {
        JsonNode all = TestHttp.json(task(""));

        List<String> names = new ArrayList<>();
        all.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("global", "tight", "per-user", "tune", "trial", "toggled");
        assertThat(all.get("trial").get("dryRun").asBoolean()).isTrue();
        assertThat(all.get("per-user").get("keyType").asText()).isEqualTo("user");
    }

    private static List<Integer> statuses(String path, String address, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get(path, address).statusCode());
        }
        return statuses;
    }

    private static HttpResponse<String> get(String path, String address) throws Exception {
        TestHttp http = new TestHttp(APP.getLocalPort());
        return http.send(
                http.request(path).header("X-Forwarded-For", address).GET().build());
    }

    private static HttpResponse<String> task(String query) throws Exception {
        TestHttp admin = new TestHttp(APP.getAdminPort());
        return admin.send(admin.request("/tasks/rate-limit-policy" + (query.isEmpty() ? "" : "?" + query))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static Scrape scrape() throws Exception {
        return Scrape.parse(new TestHttp(APP.getAdminPort()).get("/metrics").body());
    }

    private static JsonNode logEvent(String event, String policy) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (int attempt = 0; attempt < 20; attempt++) {
            for (String line : Files.readAllLines(APP_LOG)) {
                JsonNode json = mapper.readTree(line);
                if (event.equals(json.path("event").asText())
                        && policy.equals(json.path("policy").asText())) {
                    return json;
                }
            }
            Thread.sleep(50); // the file appender writes asynchronously
        }
        throw new AssertionError("No " + event + " line of policy " + policy + " in " + APP_LOG);
    }

    private static java.nio.file.Path tempFile() {
        try {
            return Files.createTempDirectory("tuning-test").resolve("app.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Endpoints under the policies these tests change. */
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class TuningResource {
        @GET
        @Path("tune")
        @RateLimited("tune")
        public Map<String, String> tune() {
            return Map.of("status", "ok");
        }

        @GET
        @Path("trial")
        @RateLimited("trial")
        public Map<String, String> trial() {
            return Map.of("status", "ok");
        }

        @GET
        @Path("toggled")
        @RateLimited("toggled")
        public Map<String, String> toggled() {
            return Map.of("status", "ok");
        }

        @GET
        @Path("tight")
        @RateLimited("tight")
        public Map<String, String> tight() {
            return Map.of("status", "ok");
        }
    }
}
