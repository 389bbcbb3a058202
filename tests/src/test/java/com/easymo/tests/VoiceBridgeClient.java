package com.easymo.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests to a running voice-bridge over real HTTP, the way an outside client does.
 *
 * <p>It uses {@link HttpClient} rather than the Dropwizard test client, which retries 429 responses after sleeping.
 */
public final class VoiceBridgeClient {

    /** A well-formed outbound call. */
    public static final String GOOD_CALL = "{\"to\":\"+14155550123\",\"from\":\"sip:agent@sip.example.com\"}";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int applicationPort;
    private final int adminPort;

    public VoiceBridgeClient(int applicationPort, int adminPort) {
        this.applicationPort = applicationPort;
        this.adminPort = adminPort;
    }

    /** Posts a good call; {@code forwardedFor} is sent as {@code X-Forwarded-For} unless it is {@code null}. */
    public HttpResponse<String> placeCall(String forwardedFor) {
        return placeCall(GOOD_CALL, forwardedFor);
    }

    /** Posts a call body; {@code forwardedFor} is sent as {@code X-Forwarded-For} unless it is {@code null}. */
    public HttpResponse<String> placeCall(String body, String forwardedFor) {
        return placeCall(body, "application/json", forwardedFor);
    }

    /** Posts a call body with the given {@code Content-Type}. */
    public HttpResponse<String> placeCall(String body, String contentType, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(applicationUri("/calls/outbound"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request.build());
    }

    /** Reads a call's status. */
    public HttpResponse<String> getCall(String callId, String forwardedFor) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(applicationUri("/calls/" + callId)).timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request.build());
    }

    /** Reads the admin health check. */
    public HttpResponse<String> healthCheck() {
        URI uri = URI.create("http://127.0.0.1:" + adminPort + "/healthcheck");
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build());
    }

    /** Posts {@code count} good calls at the same moment, released together by a latch, and returns every response. */
    public List<HttpResponse<String>> placeCallsAtOnce(int count, String forwardedFor) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return placeCall(forwardedFor);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            executor.shutdownNow();
        }
    }

    /** Starts a request to the application port. {@code pathAndQuery} must already be percent-encoded. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(applicationUri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    /** Returns the port of the application connector, for requests that need a raw socket. */
    public int applicationPort() {
        return applicationPort;
    }

    /** Returns a header's value, or {@code null} when the response lacks it. */
    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private URI applicationUri(String path) {
        return URI.create("http://127.0.0.1:" + applicationPort + path);
    }

    /** Sends a request and returns the response with its body as a string. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Request to voice-bridge failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling voice-bridge", e);
        }
    }
}
