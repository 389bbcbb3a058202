package com.easymo.voicebridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that on-call can replace the auth token in {@code telephony.authTokenFile} through the admin task without a
 * restart or a failed call, and that the replaced token stays accepted for the one-hour overlap only. Each test starts
 * its own instance, so the clock and the token file start fresh.
 */
class HttpProviderTokenRotationTest {

    private static final String OLD_TOKEN = "old-tok-5ecret-1111";
    private static final String NEW_TOKEN = "new-tok-5ecret-2222";
    private static final Duration OVERLAP = Duration.ofHours(1);
    private static final String RELOAD_PATH = "/tasks/reload-credentials?name=telephony-auth-token&by=oncall-test";
    private static final String RELOADED_BODY = "{\"telephony-auth-token\":{\"status\":\"reloaded\",\"changed\":true,"
            + "\"previousAcceptedUntil\":\"2026-12-04T11:00:00Z\"}}\n";

    /** Calls placed while the token changes; enough that the reload lands between requests. */
    private static final int CALLS_DURING_RELOAD = 40;

    private static final Duration CALLS_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private Path tokenFile;
    private MutableClock clock;
    private WireMockServer stub;
    private DropwizardTestSupport<VoiceBridgeConfiguration> app;
    private CapturedLogs logs;
    private TestHttp http;
    private TestHttp admin;

    @BeforeEach
    void startApp() throws Exception {
        tokenFile = directory.resolve("telephony-auth-token");
        Files.writeString(tokenFile, OLD_TOKEN + "\n");
        clock = MutableClock.startingAt2026();
        stub = TelephonyStub.start();
        TelephonyStub.acceptCalls(stub);
        app = TelephonyStub.tokenFileSupport(stub, clock, tokenFile, ConfigOverride.config("logging.level", "INFO"));
        app.before();
        logs = CapturedLogs.attach();
        http = new TestHttp(app.getLocalPort());
        admin = new TestHttp(app.getAdminPort());
    }

    @AfterEach
    void stopApp() {
        if (logs != null) {
            logs.close();
        }
        app.after();
        stub.stop();
    }

    @Test
    void reloadSwitchesAuthorization() throws Exception {
        HttpResponse<String> before = placeCall();
        Files.writeString(tokenFile, NEW_TOKEN + "\n");
        HttpResponse<String> reload = reload();
        HttpResponse<String> after = placeCall();

        assertThat(before.statusCode()).isEqualTo(202);
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(reload.body()).isEqualTo(RELOADED_BODY);
        assertThat(after.statusCode()).isEqualTo(202);
        assertThat(TelephonyStub.receivedAuthorizations(stub))
                .containsExactly(TelephonyStub.authorization(OLD_TOKEN), TelephonyStub.authorization(NEW_TOKEN));
        assertThat(logs.withEvent("CREDENTIAL_RELOADED"))
                .containsExactly(
                        Map.of("event", "CREDENTIAL_RELOADED", "name", "telephony-auth-token", "by", "oncall-test"));
    }

    @Test
    void callsDuringReloadAllSucceed() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        try {
            Future<?> calls = caller.submit(() -> {
                for (int i = 0; i < CALLS_DURING_RELOAD; i++) {
                    statuses.add(placeCall().statusCode());
                }
                return null;
            });
            awaitCalls(CALLS_DURING_RELOAD / 4);
            Files.writeString(tokenFile, NEW_TOKEN);
            HttpResponse<String> reload = reload();
            calls.get(CALLS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(reload.statusCode()).isEqualTo(200);
        } finally {
            caller.shutdownNow();
        }

        List<String> authorizations = TelephonyStub.receivedAuthorizations(stub);
        int oldCount = Collections.frequency(authorizations, TelephonyStub.authorization(OLD_TOKEN));
        assertThat(statuses).hasSize(CALLS_DURING_RELOAD).containsOnly(202);
        assertThat(authorizations).hasSize(CALLS_DURING_RELOAD);
        assertThat(oldCount).isBetween(CALLS_DURING_RELOAD / 4, CALLS_DURING_RELOAD - 1);
        assertThat(authorizations.subList(0, oldCount)).containsOnly(TelephonyStub.authorization(OLD_TOKEN));
        assertThat(authorizations.subList(oldCount, CALLS_DURING_RELOAD))
                .containsOnly(TelephonyStub.authorization(NEW_TOKEN));
    }

    @Test
    void oldTokenFallbackDuringOverlap() throws Exception {
        acceptOnlyOldToken();
        Files.writeString(tokenFile, NEW_TOKEN);
        reload();

        HttpResponse<String> first = placeCall();
        HttpResponse<String> second = placeCall();
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> third = placeCall();

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(third.statusCode()).isEqualTo(202);
        String newAuthorization = TelephonyStub.authorization(NEW_TOKEN);
        String oldAuthorization = TelephonyStub.authorization(OLD_TOKEN);
        assertThat(TelephonyStub.receivedAuthorizations(stub))
                .containsExactly(
                        newAuthorization,
                        oldAuthorization,
                        newAuthorization,
                        oldAuthorization,
                        newAuthorization,
                        oldAuthorization);
        List<Map<String, Object>> fallbacks = logs.withEvent("TELEPHONY_TOKEN_FALLBACK");
        assertThat(fallbacks).hasSize(2);
        assertThat(fallbacks.get(0))
                .containsExactly(
                        Map.entry("event", "TELEPHONY_TOKEN_FALLBACK"),
                        Map.entry("host", "127.0.0.1"),
                        Map.entry("suppressedSinceLastLog", 0L));
        assertThat(fallbacks.get(1)).containsEntry("suppressedSinceLastLog", 1L);
    }

    @Test
    void fallbackEndsWithOverlap() throws Exception {
        acceptOnlyOldToken();
        Files.writeString(tokenFile, NEW_TOKEN);
        reload();
        clock.advance(OVERLAP.minusMillis(1));
        HttpResponse<String> lastFallback = placeCall();
        stub.resetRequests();

        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> afterOverlap = placeCall();

        assertThat(lastFallback.statusCode()).isEqualTo(202);
        assertThat(afterOverlap.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(afterOverlap).path("error").asText()).isEqualTo("upstream_error");
        assertThat(TelephonyStub.receivedAuthorizations(stub)).containsExactly(TelephonyStub.authorization(NEW_TOKEN));
        List<String> errors = logs.events().stream()
                .filter(event -> event.getLoggerName().endsWith("HttpTelephonyProvider"))
                .filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("Telephony provider rejected the configured account: status=401");
    }

    @Test
    void callbacksPassWithEitherToken() throws Exception {
        String callId = TestHttp.json(placeCall()).path("callId").asText();
        String form = "CallSid=" + TelephonyStub.latestProviderCallId(stub) + "&CallStatus=";
        Files.writeString(tokenFile, NEW_TOKEN);
        reload();

        HttpResponse<String> ringingOld = TelephonyStub.postSignedStatus(http, callId, form + "ringing", OLD_TOKEN);
        HttpResponse<String> answeredNew =
                TelephonyStub.postSignedStatus(http, callId, form + "in-progress", NEW_TOKEN);
        clock.advance(OVERLAP);
        HttpResponse<String> completedOld = TelephonyStub.postSignedStatus(http, callId, form + "completed", OLD_TOKEN);
        String statusAfterRejection =
                TestHttp.json(http.get("/calls/" + callId)).path("status").asText();
        HttpResponse<String> completedNew = TelephonyStub.postSignedStatus(http, callId, form + "completed", NEW_TOKEN);

        assertThat(ringingOld.statusCode()).isEqualTo(204);
        assertThat(answeredNew.statusCode()).isEqualTo(204);
        assertThat(completedOld.statusCode()).isEqualTo(403);
        assertThat(completedOld.body())
                .isEqualTo("{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature header does not"
                        + " match the request.\",\"field\":\"X-Twilio-Signature\",\"correlationId\":\""
                        + TelephonyStub.CALLBACK_CORRELATION_ID + "\"}");
        assertThat(statusAfterRejection).isEqualTo("in-progress");
        assertThat(completedNew.statusCode()).isEqualTo(204);
        assertThat(TestHttp.json(http.get("/calls/" + callId)).path("status").asText())
                .isEqualTo("completed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileKeepsCurrentToken(String description, byte[] content, String problem) throws Exception {
        Files.write(tokenFile, content);

        HttpResponse<String> reload = reload();
        HttpResponse<String> call = placeCall();

        String reason = "Secret file " + tokenFile + " " + problem;
        assertThat(reload.statusCode()).isEqualTo(500);
        assertThat(reload.body())
                .isEqualTo("\n{\"error\":\"credential_reload_failed\",\"message\":\"Not reloaded, the value in use is"
                        + " kept: telephony-auth-token: " + reason + "\",\"results\":{\"telephony-auth-token\":"
                        + "{\"status\":\"failed\",\"reason\":\"" + reason + "\"}}}\n");
        assertThat(call.statusCode()).isEqualTo(202);
        assertThat(TelephonyStub.receivedAuthorizations(stub)).containsExactly(TelephonyStub.authorization(OLD_TOKEN));
        assertThat(logs.withEvent("CREDENTIAL_RELOAD_FAILED"))
                .containsExactly(Map.of(
                        "event",
                        "CREDENTIAL_RELOAD_FAILED",
                        "name",
                        "telephony-auth-token",
                        "by",
                        "oncall-test",
                        "reason",
                        reason));
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("only a line break", "\n".getBytes(StandardCharsets.UTF_8), "is empty"),
                Arguments.of(
                        "binary, not UTF-8",
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D},
                        "is not valid UTF-8"),
                Arguments.of(
                        "binary, valid UTF-8",
                        new byte[] {0x1F, 0x00, 0x08, 0x00, 'a', 'b'},
                        "contains control or format characters"));
    }

    @Test
    void tokensNeverLoggedOrPrinted() throws Exception {
        List<HttpResponse<String>> taskResponses = new ArrayList<>();
        placeCall();
        acceptOnlyOldToken();
        Files.writeString(tokenFile, NEW_TOKEN);
        taskResponses.add(reload());
        taskResponses.add(reload());
        placeCall();
        String callId = TestHttp.json(placeCall()).path("callId").asText();
        TelephonyStub.postSignedStatus(http, callId, "CallSid=CA1&CallStatus=ringing", "forged-token");
        Files.write(tokenFile, new byte[] {(byte) 0xFF, 0x00, 'x'});
        taskResponses.add(reload());
        Files.writeString(tokenFile, "");
        taskResponses.add(admin.send("POST", "/tasks/reload-credentials?by=oncall-test"));
        clock.advance(OVERLAP);
        placeCall();

        assertThat(taskResponses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 500, 500);
        assertThat(logs.withEvent("CREDENTIAL_RELOADED")).hasSize(2);
        assertThat(logs.withEvent("CREDENTIAL_RELOAD_FAILED")).hasSize(2);
        assertThat(logs.withEvent("TELEPHONY_TOKEN_FALLBACK")).hasSize(1);
        assertThat(logs.withEvent("TELEPHONY_CALLBACK_SIGNATURE_REJECTED")).hasSize(1);
        List<String> secrets = List.of(
                OLD_TOKEN,
                NEW_TOKEN,
                TelephonyStub.authorization(OLD_TOKEN),
                TelephonyStub.authorization(NEW_TOKEN),
                "forged-token");
        for (String secret : secrets) {
            assertThat(taskResponses).extracting(HttpResponse::body).noneMatch(body -> body.contains(secret));
            assertThat(logs.events()).extracting(CapturedLogs::fullText).noneMatch(text -> text.contains(secret));
        }
    }

    @Test
    void providerErrorThatEchoesTheTokensLogsNeither() throws Exception {
        Files.writeString(tokenFile, NEW_TOKEN + "\n");
        reload();
        String basic = TelephonyStub.authorization(OLD_TOKEN).substring("Basic ".length());
        stub.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"auth_token=" + NEW_TOKEN + " old " + OLD_TOKEN + " basic " + basic
                                + "\"}")));

        HttpResponse<String> call = placeCall();

        assertThat(call.statusCode()).isEqualTo(502);
        assertThat(call.body())
                .doesNotContain(NEW_TOKEN)
                .doesNotContain(OLD_TOKEN)
                .doesNotContain(basic);
        List<String> texts = logs.events().stream().map(CapturedLogs::fullText).toList();
        assertThat(texts).anyMatch(text -> text.contains("auth_token=*** old *** basic ***"));
        assertThat(texts)
                .noneMatch(text -> text.contains(NEW_TOKEN) || text.contains(OLD_TOKEN) || text.contains(basic));
    }

    private void acceptOnlyOldToken() {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(1)
                .withHeader("Authorization", equalTo(TelephonyStub.authorization(OLD_TOKEN)))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"CAold\",\"status\":\"queued\"}")));
        stub.stubFor(post(urlEqualTo(TelephonyStub.CALLS_PATH))
                .atPriority(2)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20003,\"message\":\"Authenticate\"}")));
    }

    private HttpResponse<String> placeCall() throws Exception {
        return TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER);
    }

    private HttpResponse<String> reload() throws Exception {
        return admin.send("POST", RELOAD_PATH);
    }

    /** Waits until the stub has received at least {@code count} calls, for at most {@link #CALLS_TIMEOUT}. */
    private void awaitCalls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + CALLS_TIMEOUT.toNanos();
        while (TelephonyStub.callsReceived(stub) < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(TelephonyStub.callsReceived(stub)).isGreaterThanOrEqualTo(count);
    }
}
