package com.easymo.voicebridge.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Lets a repeated log event through at most once per interval and counts the repeats that it held back. */
final class LogThrottle {

    private final Duration interval;
    private final Clock clock;
    private final AtomicReference<Instant> nextAllowed = new AtomicReference<>(Instant.MIN);
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(Duration interval, Clock clock) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the number of repeats held back since the last event that was let through, or empty when this event must
     * be held back too. An event held back counts as one more repeat.
     */
    OptionalLong acquire() {
        Instant now = clock.instant();
        Instant next = nextAllowed.get();
        if (now.isBefore(next) || !nextAllowed.compareAndSet(next, now.plus(interval))) {
            suppressed.incrementAndGet();
            return OptionalLong.empty();
        }
        return OptionalLong.of(suppressed.getAndSet(0));
    }
}
