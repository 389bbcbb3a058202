package com.easymo.tests.redis;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.VoiceBridgeClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** Fires one burst of calls from one client, spread evenly over two instances, and checks what it admitted. */
final class TwoInstancesTestSupport {

    private TwoInstancesTestSupport() {}

    /** Sends {@code perInstance} calls to each instance at once, all released by one latch. */
    static List<HttpResponse<String>> burst(VoiceBridgeClient first, VoiceBridgeClient second, int perInstance)
            throws Exception {
        return burst(first, second, perInstance, (client, i) -> client.placeCall(null));
    }

    /**
     * Sends {@code perInstance} calls to each instance at once, each from its own client address and with one of the
     * two keys in turn, so that only the keys' owner ties them together.
     */
    static List<HttpResponse<String>> ownerBurst(
            VoiceBridgeClient first, VoiceBridgeClient second, String firstKey, String secondKey, int perInstance)
            throws Exception {
        return burst(
                first,
                second,
                perInstance,
                (client, i) -> client.send(client.request("/calls/outbound")
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "198.51.100." + (10 + i))
                        .header("Authorization", "Bearer " + (i % 4 < 2 ? firstKey : secondKey))
                        .POST(HttpRequest.BodyPublishers.ofString(VoiceBridgeClient.GOOD_CALL))
                        .build()));
    }

    /**
     * Sends {@code perInstance} calls to each instance at once, alternating between them and starting with the first;
     * {@code call} places the call of a given index through its instance's client.
     */
    private static List<HttpResponse<String>> burst(
            VoiceBridgeClient first,
            VoiceBridgeClient second,
            int perInstance,
            BiFunction<VoiceBridgeClient, Integer, HttpResponse<String>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * perInstance);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 2 * perInstance; i++) {
                VoiceBridgeClient client = i % 2 == 0 ? first : second;
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(client, index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends 20 calls to each instance with two keys of one owner from 40 addresses and asserts that the owner's
     * budget of 10 admitted exactly 10 of them.
     */
    static void assertOwnerSharesOneBudget(
            VoiceBridgeClient first, VoiceBridgeClient second, String firstKey, String secondKey) throws Exception {
        List<HttpResponse<String>> responses = ownerBurst(first, second, firstKey, secondKey, 20);

        assertExactlyAdmitted(responses, 10);
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .allSatisfy(response -> assertThat(response.body()).contains("\"error\":\"rate_limit_exceeded\""));
    }

    /** Asserts exactly {@code admitted} 202s, 429s for the rest and no negative remaining count. */
    static void assertExactlyAdmitted(List<HttpResponse<String>> responses, int admitted) {
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 202)
                .hasSize(admitted);
        assertThat(responses)
                .filteredOn(response -> response.statusCode() == 429)
                .hasSize(responses.size() - admitted);
        assertThat(responses)
                .allSatisfy(response -> assertThat(Long.parseLong(header(response, "X-RateLimit-Remaining")))
                        .isBetween(0L, 9L));
    }
}
