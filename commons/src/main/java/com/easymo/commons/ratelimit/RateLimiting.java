package com.easymo.commons.ratelimit;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs rate limiting on a service's application endpoints. */
public final class RateLimiting {

    private static final Logger LOGGER = LoggerFactory.getLogger(RateLimiting.class);

    private RateLimiting() {}

    /**
     * Builds the store and registers the filters that apply the global policy and the {@link RateLimited} policies.
     *
     * @param environment the service's environment
     * @param factory the {@code rateLimit} block
     * @param clock the clock that buckets refill by
     * @return the store, or {@code null} if rate limiting is disabled
     */
    public static RateLimitStore install(Environment environment, RateLimitFactory factory, Clock clock) {
        return install(environment, factory, clock, RateLimitMetrics.NONE);
    }

    /**
     * Builds the store and registers the filters that apply the global policy and the {@link RateLimited} policies,
     * reporting every decision to {@code metrics}.
     *
     * @return the store, or {@code null} if rate limiting is disabled
     */
    public static RateLimitStore install(
            Environment environment, RateLimitFactory factory, Clock clock, RateLimitMetrics metrics) {
        if (!factory.isEnabled()) {
            LOGGER.warn("Rate limiting is disabled: rateLimit.enabled=false");
            return null;
        }
        RateLimitStore store = factory.getStore().build(environment, clock);
        ClientIpResolver resolver = new ClientIpResolver(factory.trustedProxyRanges(), factory.getIpv6PrefixLength());
        RateLimiter limiter = new RateLimiter(store, resolver, clock);
        RateLimitFeature feature = new RateLimitFeature(factory.globalPolicy(), factory.namedPolicies());
        environment.jersey().register(feature);
        environment.jersey().register(new RateLimitFilter(limiter, feature, metrics));
        LOGGER.debug(
                "Rate limiting installed: store={} trustedProxies={} ipv6PrefixLength={}",
                store,
                factory.getTrustedProxies(),
                factory.getIpv6PrefixLength());
        return store;
    }
}
