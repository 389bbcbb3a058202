package com.easymo.commons.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.RateLimitTestApplication;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.Scrape;
import com.easymo.commons.testing.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives API key authentication over HTTP against a real service with a real key file. Each test sends from its
 * own client addresses through the trusted loopback proxy, and restores the key file it changed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiKeyAuthenticationTest {

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final Path DIR = tempDir();
    private static final Path KEY_FILE = DIR.resolve("api-keys.yml");
    private static final Path APP_LOG = DIR.resolve("app.log");
    private static final Path REQUEST_LOG = DIR.resolve("requests.log");

    private static final String ACME_FIRST = ApiKeyDigests.newKey();
    private static final String ACME_SECOND = ApiKeyDigests.newKey();
    private static final String GLOBEX = ApiKeyDigests.newKey();
    private static final String EXPIRED = ApiKeyDigests.newKey();
    private static final String PENDING = ApiKeyDigests.newKey();
    private static final String ADDED = ApiKeyDigests.newKey();
    private static final String INITIAL_FILE = keyFile(List.of(
            entry("acme-1", "acme", ACME_FIRST, null, null),
            entry("acme-2", "acme", ACME_SECOND, null, null),
            entry("globex-1", "globex", GLOBEX, null, null),
            entry("old-1", "initech", EXPIRED, null, CLOCK.instant().minusSeconds(1)),
            entry("next-1", "initech", PENDING, CLOCK.instant().plus(Duration.ofDays(1)), null)));

    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class,
                    ResourceHelpers.resourceFilePath("auth/api-keys-app.yml"),
                    ConfigOverride.config("apiKeys.file", KEY_FILE.toString()),
                    ConfigOverride.config("logging.appenders[0].currentLogFilename", APP_LOG.toString()),
                    ConfigOverride.config(
                            "server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString())) {
                @Override
                public RateLimitTestApplication newApplication() {
                    writeKeyFile(INITIAL_FILE);
                    return new RateLimitTestApplication(CLOCK);
                }
            });

    private final List<String> secrets = List.of(ACME_FIRST, ACME_SECOND, GLOBEX, EXPIRED, PENDING, ADDED);

    /** Moves past every one-minute window, so that no test finds a per-user bucket that another test used. */
    @BeforeEach
    void startFreshWindows() {
        CLOCK.advance(Duration.ofMinutes(2));
    }

    @AfterEach
    void restoreKeyFile() throws Exception {
        if (!Files.readString(KEY_FILE).equals(INITIAL_FILE)) {
            writeKeyFile(INITIAL_FILE);
            reloadKeys();
        }
    }

    @Test
    void ownerKeysShareOneBudget() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        List<String> remaining = new ArrayList<>();

        for (String[] call : new String[][] {
            {ACME_FIRST, "198.51.100.1"},
            {ACME_SECOND, "198.51.100.2"},
            {ACME_FIRST, "198.51.100.3"},
            {ACME_SECOND, "198.51.100.4"}
        }) {
            HttpResponse<String> response = get("/per-user", call[1], "Authorization", "Bearer " + call[0]);
            statuses.add(response.statusCode());
            remaining.add(response.headers().firstValue("X-RateLimit-Remaining").orElse("-"));
        }
        HttpResponse<String> otherOwner = get("/per-user", "198.51.100.4", "X-API-Key", GLOBEX);

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(remaining).containsExactly("2", "1", "0", "0");
        assertThat(otherOwner.statusCode()).isEqualTo(200);
        assertThat(otherOwner.headers().firstValue("X-RateLimit-Remaining")).contains("2");
    }

    @Test
    void wrongKeySpendsAddressBudget() throws Exception {
        String wrong = ApiKeyDigests.newKey();
        List<Integer> statuses = new ArrayList<>();
        List<String> remaining = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = post("/limited", "198.51.100.10", "Authorization", "Bearer " + wrong);
            statuses.add(response.statusCode());
            remaining.add(response.headers().firstValue("X-RateLimit-Remaining").orElse("-"));
        }
        HttpResponse<String> first = post("/limited", "198.51.100.11", "Authorization", "Bearer " + wrong);
        HttpResponse<String> validAfterGuessing = post("/limited", "198.51.100.10", "X-API-Key", GLOBEX);

        assertThat(statuses).containsExactly(401, 401, 401, 429);
        assertThat(remaining).containsExactly("2", "1", "0", "0");
        assertThat(validAfterGuessing.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"api\", error=\"invalid_token\"");
        assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = TestHttp.json(first);
        assertThat(body.get("error").asText()).isEqualTo("invalid_api_key");
        assertThat(body.get("message").asText()).isEqualTo("The API key is not valid.");
        assertThat(body.get("field").asText()).isEqualTo("Authorization");
        assertThat(body.get("correlationId").asText()).isNotBlank();
    }

    @Test
    void requiredEndpointWithoutKey() throws Exception {
        HttpResponse<String> missing = get("/per-user", "198.51.100.20");
        HttpResponse<String> basic = get("/per-user", "198.51.100.20", "Authorization", "Basic dXNlcjpwYXNz");
        HttpResponse<String> open = get("/ping", "198.51.100.20");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
        JsonNode body = TestHttp.json(missing);
        assertThat(body.get("error").asText()).isEqualTo("api_key_required");
        assertThat(body.get("message").asText())
                .isEqualTo("This endpoint requires an API key: send it as Authorization: Bearer <key> or in"
                        + " X-API-Key.");
        assertThat(body.get("field").asText()).isEqualTo("Authorization");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(basic).get("error").asText()).isEqualTo("api_key_required");
        assertThat(open.statusCode()).isEqualTo(200);
    }

    @Test
    void headerFormsAndMalformedKeys() throws Exception {
        String address = "198.51.100.30";
        assertThat(get("/ping", address, "X-API-Key", GLOBEX).statusCode()).isEqualTo(200);
        assertThat(get("/ping", address, "Authorization", "bearer " + GLOBEX).statusCode())
                .isEqualTo(200);
        assertThat(get("/ping", address, "Authorization", "Bearer " + GLOBEX, "X-API-Key", GLOBEX)
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> twoKeys =
                get("/ping", address, "Authorization", "Bearer " + GLOBEX, "X-API-Key", ACME_FIRST);
        HttpResponse<String> tooLong = get("/ping", address, "X-API-Key", "k".repeat(257));
        HttpResponse<String> empty = get("/ping", address, "Authorization", "Bearer ");
        HttpResponse<String> nonAscii = get("/ping", address, "X-API-Key", GLOBEX.substring(1) + "\u00e9");

        assertThat(List.of(twoKeys.statusCode(), tooLong.statusCode(), empty.statusCode(), nonAscii.statusCode()))
                .containsOnly(401);
        assertThat(TestHttp.json(twoKeys).get("field").asText()).isEqualTo("Authorization");
        assertThat(TestHttp.json(tooLong).get("field").asText()).isEqualTo("X-API-Key");
    }

    @Test
    void expiredAndPendingKeysRejected() throws Exception {
        HttpResponse<String> expired = get("/ping", "198.51.100.40", "X-API-Key", EXPIRED);
        HttpResponse<String> pending = get("/ping", "198.51.100.40", "X-API-Key", PENDING);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(pending.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(expired).get("error").asText()).isEqualTo("invalid_api_key");
        List<JsonNode> rejections = logEvents("API_KEY_REJECTED");
        assertThat(rejections)
                .anySatisfy(event -> {
                    assertThat(event.get("reason").asText()).isEqualTo("expired");
                    assertThat(event.get("keyId").asText()).isEqualTo("old-1");
                    assertThat(event.get("path").asText()).isEqualTo("/ping");
                    assertThat(event.get("level").asText()).isEqualTo("WARN");
                })
                .anySatisfy(event -> {
                    assertThat(event.get("reason").asText()).isEqualTo("not_yet_valid");
                    assertThat(event.get("keyId").asText()).isEqualTo("next-1");
                });
    }

    @Test
    void reloadTaskAddsAndRetiresKeys() throws Exception {
        String address = "198.51.100.50";
        assertThat(get("/ping", address, "X-API-Key", ADDED).statusCode()).isEqualTo(401);

        writeKeyFile(keyFile(List.of(
                entry("acme-1", "acme", ACME_FIRST, null, null),
                entry("acme-2", "acme", ACME_SECOND, null, null),
                entry("acme-3", "acme", ADDED, null, null))));
        HttpResponse<String> reload = reloadKeys();
        List<Integer> afterReload = List.of(
                get("/ping", address, "X-API-Key", ADDED).statusCode(),
                get("/ping", address, "X-API-Key", ACME_FIRST).statusCode(),
                get("/ping", address, "X-API-Key", GLOBEX).statusCode());

        assertThat(reload.statusCode()).isEqualTo(200);
        JsonNode summary = TestHttp.json(reload).get("api-keys");
        assertThat(summary.get("status").asText()).isEqualTo("reloaded");
        assertThat(summary.get("keys").asInt()).isEqualTo(3);
        assertThat(summary.get("active").asInt()).isEqualTo(3);
        assertThat(summary.get("added").toString()).isEqualTo("[\"acme-3\"]");
        assertThat(summary.get("removed").toString()).isEqualTo("[\"globex-1\",\"next-1\",\"old-1\"]");
        assertThat(afterReload).containsExactly(200, 200, 401);
        assertThat(logEvents("CREDENTIAL_RELOADED")).anySatisfy(event -> {
            assertThat(event.get("name").asText()).isEqualTo("api-keys");
            assertThat(event.get("by").asText()).isEqualTo("oncall-test");
        });
    }

    @Test
    void brokenFileKeepsKeysInUse() throws Exception {
        writeKeyFile("keys:\n  - id: acme-1\n    owner: acme\n    sha256: \"not-a-digest\"\n");

        HttpResponse<String> reload = reloadKeys();
        HttpResponse<String> stillAccepted = get("/ping", "198.51.100.60", "X-API-Key", GLOBEX);

        assertThat(reload.statusCode()).isEqualTo(500);
        assertThat(reload.body()).contains("api-keys: " + KEY_FILE + ", entry 1: sha256 must be 64 hexadecimal digits");
        assertThat(stillAccepted.statusCode()).isEqualTo(200);
    }

    @Test
    void changedFileLoadsWithoutTask() throws Exception {
        writeKeyFile(keyFile(List.of(entry("acme-3", "acme", ADDED, null, null))));

        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            Thread.sleep(100);
            status = get("/ping", "198.51.100.70", "X-API-Key", ADDED).statusCode();
        }

        assertThat(status).isEqualTo(200);
        assertThat(get("/ping", "198.51.100.70", "X-API-Key", GLOBEX).statusCode())
                .isEqualTo(401);
        assertThat(logEvents("CREDENTIAL_RELOADED"))
                .anySatisfy(event -> assertThat(event.get("by").asText()).isEqualTo("file-change"));
    }

    @Test
    void watcherReportsUnreadableFileOnce() throws Exception {
        double failedBefore =
                scrape().value("easymo_credential_reloads_total", "credential", "api-keys", "result", "failed");
        Path device = DIR.resolve("device.yml");
        Files.createSymbolicLink(device, Path.of("/dev/zero"));
        Files.move(device, KEY_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Thread.sleep(3_500); // three checks of the watcher
        double failedAfter =
                scrape().value("easymo_credential_reloads_total", "credential", "api-keys", "result", "failed");
        int stillAccepted = get("/ping", "198.51.100.75", "X-API-Key", GLOBEX).statusCode();
        writeKeyFile(keyFile(List.of(entry("acme-3", "acme", ADDED, null, null))));
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            Thread.sleep(100);
            status = get("/ping", "198.51.100.75", "X-API-Key", ADDED).statusCode();
        }

        assertThat(failedAfter - failedBefore).isEqualTo(1);
        assertThat(stillAccepted).isEqualTo(200);
        assertThat(status).isEqualTo(200);
        assertThat(logEvents("CREDENTIAL_RELOAD_FAILED"))
                .anySatisfy(event -> assertThat(event.get("reason").asText())
                        .isEqualTo("API key file " + KEY_FILE + " is not a regular file"));
    }

    @Test
    void metricsCountOutcomesByKeyId() throws Exception {
        Scrape before = scrape();
        get("/ping", "198.51.100.80", "X-API-Key", GLOBEX);
        get("/ping", "198.51.100.80", "X-API-Key", GLOBEX);
        get("/ping", "198.51.100.80", "X-API-Key", EXPIRED);
        get("/per-user", "198.51.100.80");
        Scrape after = scrape();

        assertThat(delta(before, after, "key_id", "globex-1", "outcome", "accepted"))
                .isEqualTo(2);
        assertThat(delta(before, after, "key_id", "old-1", "outcome", "expired"))
                .isEqualTo(1);
        assertThat(delta(before, after, "key_id", "none", "outcome", "missing")).isEqualTo(1);
        assertThat(after.value("easymo_api_keys", "state", "active")).isEqualTo(3);
        assertThat(after.value("easymo_api_keys", "state", "expired")).isEqualTo(1);
        assertThat(after.value("easymo_api_keys", "state", "pending")).isEqualTo(1);
    }

    @Test
    void noRawKeyInAnyOutput() throws Exception {
        List<String> seen = new ArrayList<>();
        for (String key : secrets) {
            seen.add(get("/per-user", "198.51.100.90", "Authorization", "Bearer " + key)
                    .body());
            seen.add(post("/limited", "198.51.100.91", "X-API-Key", key).body());
        }
        seen.add(get("/ping", "198.51.100.92", "X-API-Key", ACME_FIRST + "x").body());
        seen.add(reloadKeys().body());
        seen.add(scrape().toString());
        seen.add(new TestHttp(APP.getAdminPort()).get("/metrics").body());
        Thread.sleep(300); // the file appenders write asynchronously
        seen.add(Files.readString(APP_LOG));
        seen.add(Files.readString(REQUEST_LOG));

        String everything = String.join("\n", seen);
        assertThat(Files.readString(REQUEST_LOG)).contains("/per-user");
        for (String key : secrets) {
            assertThat(everything).doesNotContain(key).doesNotContain(key.substring(4));
        }
    }

    private static double delta(Scrape before, Scrape after, String... labels) {
        return after.value("easymo_api_key_authentications_total", labels)
                - before.value("easymo_api_key_authentications_total", labels);
    }

    private static Scrape scrape() throws Exception {
        return Scrape.parse(new TestHttp(APP.getAdminPort()).get("/metrics").body());
    }

    private static HttpResponse<String> reloadKeys() throws Exception {
        TestHttp admin = new TestHttp(APP.getAdminPort());
        return admin.send(admin.request("/tasks/reload-credentials?name=api-keys&by=oncall-test")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static List<JsonNode> logEvents(String event) throws Exception {
        Thread.sleep(300); // the file appender writes asynchronously
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(APP_LOG)) {
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (event.equals(json.path("event").asText())) {
                events.add(json);
            }
        }
        return events;
    }

    private static HttpResponse<String> get(String path, String address, String... headers) throws Exception {
        return send("GET", path, address, headers);
    }

    private static HttpResponse<String> post(String path, String address, String... headers) throws Exception {
        return send("POST", path, address, headers);
    }

    private static HttpResponse<String> send(String method, String path, String address, String... headers)
            throws Exception {
        TestHttp http = new TestHttp(APP.getLocalPort());
        HttpRequest.Builder request = http.request(path).header("X-Forwarded-For", address);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(
                request.method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    static String entry(String id, String owner, String key, Instant notBefore, Instant notAfter) {
        StringBuilder entry = new StringBuilder()
                .append("  - id: ")
                .append(id)
                .append('\n')
                .append("    owner: ")
                .append(owner)
                .append('\n')
                .append("    sha256: \"")
                .append(ApiKeyDigests.sha256Hex(key))
                .append("\"\n");
        if (notBefore != null) {
            entry.append("    notBefore: ").append(notBefore).append('\n');
        }
        if (notAfter != null) {
            entry.append("    notAfter: ").append(notAfter).append('\n');
        }
        return entry.toString();
    }

    static String keyFile(List<String> entries) {
        return "keys:\n" + String.join("", entries);
    }

    private static void writeKeyFile(String content) {
        try {
            Path temporary = Files.writeString(DIR.resolve("api-keys.yml.tmp"), content, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    KEY_FILE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("api-keys-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
