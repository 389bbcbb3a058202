package com.easymo.voicebridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.health.HealthCheck;
import com.easymo.voicebridge.provider.ProviderCall;
import com.easymo.voicebridge.provider.TelephonyProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    private final Logger logger = (Logger) LoggerFactory.getLogger(CallService.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final CallService service =
            new CallService(new FixedProvider(), new CallStore(10), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    @Test
    void storesPlacedCall() {
        CallSnapshot placed = service.place("+254712345678", "sip:test@easymo");

        assertThat(service.find(placed.call().id())).contains(placed);
        assertThat(placed.call().createdAt()).isEqualTo(NOW);
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void returnsEmptyForUnknownCall() {
        assertThat(service.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void logsPlacedCallWithMaskedNumber() {
        CallSnapshot placed = service.place("+254712345678", "sip:test@easymo");

        assertThat(logs.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("callId=" + placed.call().id())
                        .contains("to=+**********78")
                        .doesNotContain("254712345678")
                        .doesNotContain("sip:test@easymo"));
    }

    /** Provider whose calls stay queued. */
    private static final class FixedProvider implements TelephonyProvider {

        @Override
        public ProviderCall placeCall(UUID callId, String to, String from) {
            return new ProviderCall("fixed-1", NOW);
        }

        @Override
        public CallStatus fetchStatus(ProviderCall call) {
            return CallStatus.QUEUED;
        }

        @Override
        public HealthCheck.Result checkHealth() {
            return HealthCheck.Result.healthy();
        }
    }
}
