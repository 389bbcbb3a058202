package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code memory} store: buckets in this process's heap, for a service that runs as one instance.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code maxBuckets}</td><td>100000</td><td>Buckets held at most, 1 to 10000000. At the bound the
 *       bucket least likely to be used again is evicted, and its client starts again with a full bucket.</td></tr>
 *   <tr><td>{@code cleanupInterval}</td><td>1m</td><td>How often idle buckets are evicted, 1s to 5m.</td></tr>
 * </table>
 */
@JsonTypeName("memory")
public class MemoryStoreFactory implements StoreFactory {

    @Min(1)
    @Max(10_000_000)
    private long maxBuckets = 100_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration cleanupInterval = Duration.minutes(1);

    @JsonProperty
    public long getMaxBuckets() {
        return maxBuckets;
    }

    @JsonProperty
    public void setMaxBuckets(long maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    @JsonProperty
    public Duration getCleanupInterval() {
        return cleanupInterval;
    }

    @JsonProperty
    public void setCleanupInterval(Duration cleanupInterval) {
        this.cleanupInterval = cleanupInterval;
    }

    @Override
    public RateLimitStore build(Environment environment, Clock clock) {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, maxBuckets);
        ScheduledExecutorService executor = environment
                .lifecycle()
                .scheduledExecutorService("rate-limit-cleanup-%d")
                .threads(1)
                .build();
        environment.lifecycle().manage(new Cleaner(store, executor, cleanupInterval));
        return store;
    }

    private static final class Cleaner implements Managed {
        private final MemoryRateLimitStore store;
        private final ScheduledExecutorService executor;
        private final Duration interval;
        private ScheduledFuture<?> task;

        private Cleaner(MemoryRateLimitStore store, ScheduledExecutorService executor, Duration interval) {
            this.store = store;
            this.executor = executor;
            this.interval = interval;
        }

        @Override
        public void start() {
            long period = interval.toMilliseconds();
            task = executor.scheduleAtFixedRate(store::cleanUp, period, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
