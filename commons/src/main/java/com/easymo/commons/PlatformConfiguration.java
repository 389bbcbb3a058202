package com.easymo.commons;

import com.easymo.commons.auth.ApiKeysFactory;
import com.easymo.commons.errors.RequestLimitsFactory;
import com.easymo.commons.logging.masking.LogMaskingFactory;
import com.easymo.commons.ratelimit.RateLimitFactory;

/** Configuration blocks that {@link PlatformBundle} reads from a service's YAML file. */
public interface PlatformConfiguration {

    /** Returns the {@code rateLimit} block. */
    RateLimitFactory getRateLimit();

    /** Returns the {@code requests} block: limits on request bodies. */
    RequestLimitsFactory getRequests();

    /**
     * Returns the {@code logMasking} block: which personal data and secrets every log line masks. Services that do
     * not declare the block mask with the default rules.
     */
    default LogMaskingFactory getLogMasking() {
        return new LogMaskingFactory();
    }

    /**
     * Returns the {@code apiKeys} block: the key file and the endpoints that require a key. Services that do not
     * declare the block accept no key and require none.
     */
    default ApiKeysFactory getApiKeys() {
        return new ApiKeysFactory();
    }
}
