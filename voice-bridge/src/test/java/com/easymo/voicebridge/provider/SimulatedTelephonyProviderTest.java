package com.easymo.voicebridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.voicebridge.core.CallStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedTelephonyProviderTest {

    private static final Instant PLACED_AT = Instant.parse("2026-03-01T09:30:00Z");

    @ParameterizedTest
    @CsvSource({
        "0, QUEUED",
        "1999, QUEUED",
        "2000, RINGING",
        "5999, RINGING",
        "6000, IN_PROGRESS",
        "35999, IN_PROGRESS",
        "36000, COMPLETED",
        "86400000, COMPLETED"
    })
    void reportsStatusForElapsedTime(long elapsedMillis, CallStatus expected) {
        Clock clock = Clock.fixed(PLACED_AT.plusMillis(elapsedMillis), ZoneOffset.UTC);
        SimulatedTelephonyProvider provider = new SimulatedTelephonyProvider(
                clock, Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(36));

        CallStatus status = provider.fetchStatus(new ProviderCall("sim-1", PLACED_AT));

        assertThat(status).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, QUEUED", "1, COMPLETED"})
    void skipsStatusesWithEqualDelays(long elapsedMillis, CallStatus expected) {
        Clock clock = Clock.fixed(PLACED_AT.plusMillis(elapsedMillis), ZoneOffset.UTC);
        SimulatedTelephonyProvider provider =
                new SimulatedTelephonyProvider(clock, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));

        CallStatus status = provider.fetchStatus(new ProviderCall("sim-1", PLACED_AT));

        assertThat(status).isEqualTo(expected);
    }

    @Test
    void stampsPlacedCallWithClock() {
        Clock clock = Clock.fixed(PLACED_AT, ZoneOffset.UTC);
        SimulatedTelephonyProvider provider = new SimulatedTelephonyProvider(
                clock, Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(36));

        ProviderCall call = provider.placeCall(UUID.randomUUID(), "+254712345678", "sip:test@easymo");

        assertThat(call.placedAt()).isEqualTo(PLACED_AT);
        assertThat(call.providerCallId()).startsWith("sim-");
    }
}
