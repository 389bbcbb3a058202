package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.testing.MutableClock;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

class UnknownPolicyStartupTest {

    @Test
    void missingPolicyStopsStartup() {
        DropwizardTestSupport<RateLimitTestApplication.Config> support =
                new DropwizardTestSupport<>(
                        RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("ratelimit-test.yml")) {
                    @Override
                    public RateLimitTestApplication newApplication() {
                        return new RateLimitTestApplication(MutableClock.startingAt2026(), new MissingPolicyResource());
                    }
                };

        try {
            assertThatThrownBy(support::before)
                    .hasStackTraceContaining("Rate-limit policy 'no-such-policy' of")
                    .hasStackTraceContaining("is not configured: add it under rateLimit.policies");
        } finally {
            support.after();
        }
    }

    /** Names a policy that the test configuration does not define. */
    @Path("/missing")
    public static class MissingPolicyResource {
        @GET
        @RateLimited("no-such-policy")
        public String get() {
            return "unreachable";
        }
    }
}
