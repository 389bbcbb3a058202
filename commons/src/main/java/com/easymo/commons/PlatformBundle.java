package com.easymo.commons;

import com.easymo.commons.errors.ErrorHandling;
import com.easymo.commons.logging.CorrelationIdFilter;
import com.easymo.commons.ratelimit.RateLimiting;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Applies the shared production-readiness layer to a service: correlation IDs, JSON errors, request body limits and
 * rate limiting.
 *
 * <p>A service adds it with one line in {@code initialize}: {@code bootstrap.addBundle(new PlatformBundle<>())}.
 *
 * @param <C> the service's configuration type
 */
public class PlatformBundle<C extends Configuration & PlatformConfiguration> implements ConfiguredBundle<C> {

    private final Clock clock;

    /** Creates a bundle that reads the system clock. */
    public PlatformBundle() {
        this(Clock.systemUTC());
    }

    /** Creates a bundle that reads the given clock, so tests can move time without sleeping. */
    public PlatformBundle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run(C configuration, Environment environment) {
        environment
                .servlets()
                .addFilter("correlation-id", new CorrelationIdFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        ErrorHandling.install(configuration, environment, configuration.getRequests());
        RateLimiting.install(environment, configuration.getRateLimit(), clock);
    }
}
