package com.easymo.commons.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the rate-limit policy that applies to a resource method, in addition to the global policy.
 *
 * <p>The policy's capacity, window and key type come from the {@code rateLimit.policies} block of the service's
 * configuration. A service fails to start when the named policy is not configured.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /** Returns the name of the policy in {@code rateLimit.policies}. */
    String value();
}
