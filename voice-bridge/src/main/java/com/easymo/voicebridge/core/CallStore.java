package com.easymo.voicebridge.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory store of placed calls with a fixed capacity.
 *
 * <p>When the store is full, adding a call evicts the call that was added first, so memory stays bounded however
 * many calls are placed. Calls are lost when the process stops. It is safe for concurrent use.
 */
public final class CallStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(CallStore.class);

    private final int maxCalls;
    private final Map<UUID, Call> calls = new LinkedHashMap<>();

    /** Creates a store that keeps at most {@code maxCalls} calls. */
    public CallStore(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
        }
        this.maxCalls = maxCalls;
    }

    /** Adds a call, evicting the oldest call when the store is full. */
    public synchronized void add(Call call) {
        calls.put(call.id(), call);
        if (calls.size() > maxCalls) {
            evictOldest();
        }
    }

    /** Returns the call with the given ID, or empty when it was never stored or has been evicted. */
    public synchronized Optional<Call> find(UUID id) {
        return Optional.ofNullable(calls.get(id));
    }

    /** Returns the number of stored calls. */
    public synchronized int size() {
        return calls.size();
    }

    private void evictOldest() {
        UUID oldest = calls.keySet().iterator().next();
        calls.remove(oldest);
        LOGGER.debug("Evicted the oldest stored call: callId={} maxStoredCalls={}", oldest, maxCalls);
    }
}
