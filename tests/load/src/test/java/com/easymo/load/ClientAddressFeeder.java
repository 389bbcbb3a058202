package com.easymo.load;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Gatling feeder that gives each virtual user its own client address, for the {@code X-Forwarded-For} header. The
 * services trust that header from 127.0.0.1 in their load configurations, so each virtual user is a distinct client
 * to the rate limiter and stays far below its per-client limits.
 *
 * <p>Each record contains {@code clientAddress} and {@code clientIndex} (0, 1, 2, ...). The addresses come in order
 * from 198.18.0.0/15, the block that RFC 2544 reserves for benchmark tests, so they never name a real host. The feeder
 * is exhausted after 131072 records, and Gatling then stops the run with an error rather than reuse an address.
 */
public final class ClientAddressFeeder implements Iterator<Map<String, Object>> {

    /** The number of addresses in 198.18.0.0/15. */
    public static final int CAPACITY = 1 << 17;

    private static final int FIRST_ADDRESS = (198 << 24) | (18 << 16);

    private final AtomicInteger nextIndex = new AtomicInteger();

    @Override
    public boolean hasNext() {
        return nextIndex.get() < CAPACITY;
    }

    @Override
    public Map<String, Object> next() {
        int index = nextIndex.getAndIncrement();
        if (index >= CAPACITY) {
            throw new NoSuchElementException("All " + CAPACITY + " client addresses of 198.18.0.0/15 are used");
        }
        return Map.of("clientAddress", address(index), "clientIndex", index);
    }

    /** Returns the address at {@code index} in 198.18.0.0/15, in dotted decimal. */
    static String address(int index) {
        int value = FIRST_ADDRESS + index;
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
