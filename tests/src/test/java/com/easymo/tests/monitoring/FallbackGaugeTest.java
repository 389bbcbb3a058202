package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.metrics.PlatformMetric;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.Scrape;
import com.easymo.commons.testing.TestHttp;
import com.easymo.tests.VoiceBridgeClient;
import com.easymo.tests.VoiceBridgeFixture;
import com.easymo.tests.redis.RedisFixture;
import com.easymo.tests.redis.RedisNode;
import com.easymo.tests.redis.RedisStoreOverrides;
import com.easymo.voicebridge.VoiceBridgeConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fallback gauge follows a Redis outage, and returns to 0 after Redis is back when only Prometheus scrapes the
 * instance: no request and no health check arrives to end the fallback.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FallbackGaugeTest {

    private static final String FALLBACK = PlatformMetric.RATE_LIMIT_STORE_FALLBACK.exposedName();

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final RedisFixture REDIS = RedisFixture.start();
    private static final RedisNode NODE = REDIS.standalone();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeFixture.create(
            "voice-bridge-behind-proxy.yml", CLOCK, name -> null, RedisStoreOverrides.standalone(NODE));

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void scrapeEndsStaleFallback() throws Exception {
        VoiceBridgeClient client = VoiceBridgeFixture.client(APP);
        int beforeOutage = client.placeCall("203.0.113.50").statusCode();
        double gaugeBeforeOutage = fallbackGauge();

        NODE.stop();
        // Five failed calls open the store's breaker (its minimum number of calls), so Redis is not tried again
        // until the breaker's open wait of 5 seconds has passed.
        List<Integer> duringOutage = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            duringOutage.add(client.placeCall("203.0.113.51").statusCode());
        }
        double gaugeDuringOutage = fallbackGauge();

        NODE.start();
        double gaugeBeforeOpenWait = fallbackGauge();
        CLOCK.advance(Duration.ofSeconds(6));
        double gaugeAfterOpenWait = fallbackGauge();

        assertThat(beforeOutage).isEqualTo(202);
        assertThat(gaugeBeforeOutage).isEqualTo(0.0);
        assertThat(duringOutage).containsOnly(202);
        assertThat(gaugeDuringOutage).isEqualTo(1.0);
        assertThat(gaugeBeforeOpenWait).isEqualTo(1.0);
        assertThat(gaugeAfterOpenWait).isEqualTo(0.0);
    }

    private static double fallbackGauge() throws Exception {
        HttpResponse<String> response = new TestHttp(APP.getAdminPort()).get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Scrape scrape = Scrape.parse(response.body());
        assertThat(scrape.contains(FALLBACK, "on_failure", "local")).isTrue();
        return scrape.value(FALLBACK, "on_failure", "local");
    }
}
