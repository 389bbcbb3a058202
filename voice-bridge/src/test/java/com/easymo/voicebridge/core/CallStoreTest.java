package com.easymo.voicebridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.voicebridge.provider.ProviderCall;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    @Test
    void findsStoredCall() {
        CallStore store = new CallStore(2);
        Call call = newCall();

        store.add(call);

        assertThat(store.find(call.id())).contains(call);
    }

    @Test
    void evictsOldestCallWhenFull() {
        CallStore store = new CallStore(2);
        Call first = newCall();
        Call second = newCall();
        Call third = newCall();

        store.add(first);
        store.add(second);
        store.add(third);

        assertThat(store.find(first.id())).isEmpty();
        assertThat(store.find(second.id())).contains(second);
        assertThat(store.find(third.id())).contains(third);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void returnsEmptyForUnknownId() {
        CallStore store = new CallStore(2);

        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void rejectsCapacityBelowOne() {
        assertThatThrownBy(() -> new CallStore(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCalls must be at least 1, was 0");
    }

    private static Call newCall() {
        return new Call(UUID.randomUUID(), "+254712345678", "sip:test@easymo", NOW, new ProviderCall("sim-1", NOW));
    }
}
