package com.easymo.commons.ratelimit;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;

/** Installs the rate-limit filters. */
public final class RateLimiting {

    private RateLimiting() {}

    public static void install(Environment environment, RateLimitFactory factory, Clock clock) {}
}
