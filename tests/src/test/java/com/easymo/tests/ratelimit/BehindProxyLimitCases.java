package com.easymo.tests.ratelimit;

import static com.easymo.tests.VoiceBridgeClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.tests.LogCapture;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client identity behind a trusted proxy on loopback: the test harness plays the proxy and appends the client's
 * address to {@code X-Forwarded-For}.
 *
 * <p>Each subclass runs these tests against one rate-limit store, with {@code voice-bridge-behind-proxy.yml}.
 */
abstract class BehindProxyLimitCases {

    private VoiceBridgeClient client;

    /** Returns the running service. */
    protected abstract DropwizardAppExtension<VoiceBridgeConfiguration> app();

    /** Returns the clock that the running service reads. */
    protected abstract MutableClock clock();

    @BeforeEach
    void startInFreshWindows() {
        clock().advance(Duration.ofHours(1));
        client = VoiceBridgeFixture.client(app());
    }

    @Test
    void clientChosenLeftEntriesAreIgnored() {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;

        try (LogCapture logs = LogCapture.of("com.easymo.commons.ratelimit.RateLimitFilter")) {
            for (int i = 1; i <= 11; i++) {
                last = client.placeCall("10.9.9." + i + ", 198.51.100.7");
                statuses.add(last.statusCode());
            }

            List<Map<String, Object>> events = logs.fields();
            assertThat(events).hasSize(1);
            assertThat(events.get(0)).containsEntry("key", "198.51.100.7");
        }
        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(header(last, "X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void addressesInOneIpv6PrefixShareBucket() {
        List<Integer> statuses = new ArrayList<>();

        for (int i = 1; i <= 11; i++) {
            statuses.add(client.placeCall("2001:db8:ab:cd::" + i).statusCode());
        }
        HttpResponse<String> otherPrefix = client.placeCall("2001:db8:ab:ce::1");

        assertThat(statuses.subList(0, 10)).containsOnly(202);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(otherPrefix.statusCode()).isEqualTo(202);
        assertThat(header(otherPrefix, "X-RateLimit-Remaining")).isEqualTo("9");
    }

    @Test
    void ipv4MappedAddressCountsAsIpv4() {
        for (int i = 0; i < 10; i++) {
            assertThat(client.placeCall("203.0.113.9").statusCode()).isEqualTo(202);
        }

        HttpResponse<String> mapped = client.placeCall("::ffff:203.0.113.9");

        assertThat(mapped.statusCode()).isEqualTo(429);
    }

    @Test
    void eachClientBehindProxyHasOwnBucket() {
        for (int i = 0; i < 10; i++) {
            client.placeCall("198.51.100.20");
        }

        HttpResponse<String> neighbour = client.placeCall("198.51.100.21");

        assertThat(neighbour.statusCode()).isEqualTo(202);
        assertThat(header(neighbour, "X-RateLimit-Remaining")).isEqualTo("9");
    }
}
