package com.easymo.tests.packaging;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.VoiceBridgeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the shaded voice-bridge jar with the development configuration, as the README's run command does, only on
 * free ports, and drives it over HTTP. This checks what in-process tests cannot: the jar's manifest, the merged
 * service files that Dropwizard needs to find its connector types, and {@code config/dev.yml} itself.
 */
class PackagedVoiceBridgeTest {

    private static final Path MODULE = Path.of("..", "voice-bridge");
    private static final Path JAR = MODULE.resolve("target/voice-bridge.jar");
    private static final Path DEV_CONFIG = MODULE.resolve("config/dev.yml");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static Process process;
    private static Path output;
    private static VoiceBridgeClient client;

    @BeforeAll
    static void startJar() throws Exception {
        assertThat(JAR)
                .as("voice-bridge must be packaged first: run ./mvnw -B verify from the repository root")
                .exists();
        int port = freePort();
        int adminPort = freePort();
        output = Files.createTempFile("voice-bridge-", ".log");
        process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Ddw.server.applicationConnectors[0].port=" + port,
                        "-Ddw.server.adminConnectors[0].port=" + adminPort,
                        "-jar",
                        JAR.toString(),
                        "server",
                        DEV_CONFIG.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        client = new VoiceBridgeClient(port, adminPort);
        awaitHealthy();
    }

    @AfterAll
    static void stopJar() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void burstOfFifteenFromOneClientAdmitsTen() throws Exception {
        List<HttpResponse<String>> responses = client.placeCallsAtOnce(15, null);

        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 202)
                .hasSize(10);
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .hasSize(5);
        assertThat(responses).allSatisfy(response -> {
            assertThat(header(response, "X-RateLimit-Limit")).isEqualTo("10");
            assertThat(header(response, "X-RateLimit-Remaining")).matches("[0-9]");
            assertThat(header(response, "X-RateLimit-Reset")).matches("\\d{10}");
        });
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .allSatisfy(response -> {
                    assertThat(header(response, "Retry-After")).matches("[1-9][0-9]?");
                    String expectedBody = "{\"error\":\"rate_limit_exceeded\","
                            + "\"message\":\"Too many requests, please try again later\","
                            + "\"retryAfter\":" + header(response, "Retry-After") + ","
                            + "\"correlationId\":\"" + header(response, "X-Correlation-ID") + "\"}";
                    assertThat(response.body()).isEqualTo(expectedBody);
                });
    }

    @Test
    void healthCheckAnswersOnAdminPort() {
        HttpResponse<String> health = client.healthCheck();

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"telephony\":{\"healthy\":true");
    }

    private static void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive())
                    .as("voice-bridge exited during startup:%n%s", Files.readString(output))
                    .isTrue();
            try {
                if (client.healthCheck().statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "voice-bridge did not become healthy within " + STARTUP_TIMEOUT + ":\n" + Files.readString(output));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to find a free port", e);
        }
    }
}
