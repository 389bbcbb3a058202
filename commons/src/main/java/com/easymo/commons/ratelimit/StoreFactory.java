package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Discoverable;
import java.time.Clock;

/**
 * The {@code rateLimit.store} block: where buckets are kept. Its {@code type} key selects the implementation, such as
 * {@code memory}, and is required whenever the block is present, so a misspelt type stops the service from starting
 * instead of silently falling back to another store.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface StoreFactory extends Discoverable {

    /**
     * Builds the store and registers whatever it needs to run (background cleaning, connections) with the
     * environment's lifecycle.
     */
    RateLimitStore build(Environment environment, Clock clock);
}
