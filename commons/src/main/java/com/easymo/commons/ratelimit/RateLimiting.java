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
        return install(environment, factory, RateLimitPolicies.of(factory), clock, RateLimitMetrics.NONE);
    }

    /**
     * Builds the store, registers the filters that apply the current policies and the admin task
     * {@code rate-limit-policy} that changes them, and reports every decision to {@code metrics}.
     *
     * @param policies the policies, built from {@code factory}
     * @return the store, or {@code null} if rate limiting is disabled
     */
    public static RateLimitStore install(
            Environment environment,
            RateLimitFactory factory,
            RateLimitPolicies policies,
            Clock clock,
            RateLimitMetrics metrics) {
        if (!factory.isEnabled()) {
            LOGGER.warn("Rate limiting is disabled: rateLimit.enabled=false");
            return null;
        }
        RateLimitStore store = factory.getStore().build(environment, clock);
        ClientIpResolver resolver = new ClientIpResolver(factory.trustedProxyRanges(), factory.getIpv6PrefixLength());
        RateLimiter limiter = new RateLimiter(store, resolver, clock);
        RateLimitFeature feature = new RateLimitFeature(policies);
        environment.jersey().register(feature);
        environment.jersey().register(new RateLimitFilter(limiter, feature, metrics, factory.getHeaders()));
        environment.admin().addTask(new RateLimitPolicyTask(policies, metrics, environment.getObjectMapper()));
        LOGGER.debug(
                "Rate limiting installed: store={} trustedProxies={} ipv6PrefixLength={}",
                store,
                factory.getTrustedProxies(),
                factory.getIpv6PrefixLength());
        return store;
    }
}
