package com.easymo.commons.ratelimit;

import com.easymo.commons.PlatformBundle;
import com.easymo.commons.PlatformConfiguration;
import com.easymo.commons.auth.ApiKeysFactory;
import com.easymo.commons.errors.RequestLimitsFactory;
import com.easymo.commons.logging.masking.LogMaskingFactory;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.annotation.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** A minimal service with one resource per kind of rate-limit policy. */
public class RateLimitTestApplication extends Application<RateLimitTestApplication.Config> {

    private final Clock clock;
    private final List<Object> extraResources;

    public RateLimitTestApplication(Clock clock, Object... extraResources) {
        this.clock = clock;
        this.extraResources = List.of(extraResources);
    }

    @Override
    public void initialize(Bootstrap<Config> bootstrap) {
        bootstrap.addBundle(new PlatformBundle<>(clock));
    }

    @Override
    public void run(Config configuration, Environment environment) {
        environment.jersey().register(new HeaderUserFilter());
        environment.jersey().register(new TestResource());
        extraResources.forEach(environment.jersey()::register);
    }

    /** Configuration with the platform blocks only. */
    public static class Config extends Configuration implements PlatformConfiguration {
        @Valid
        @NotNull
        private RateLimitFactory rateLimit = new RateLimitFactory();

        @Valid
        @NotNull
        private RequestLimitsFactory requests = new RequestLimitsFactory();

        @Valid
        @NotNull
        private LogMaskingFactory logMasking = new LogMaskingFactory();

        @Valid
        @NotNull
        private ApiKeysFactory apiKeys = new ApiKeysFactory();

        @Override
        public ApiKeysFactory getApiKeys() {
            return apiKeys;
        }

        public void setApiKeys(ApiKeysFactory apiKeys) {
            this.apiKeys = apiKeys;
        }

        @Override
        public RateLimitFactory getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(RateLimitFactory rateLimit) {
            this.rateLimit = rateLimit;
        }

        @Override
        public RequestLimitsFactory getRequests() {
            return requests;
        }

        public void setRequests(RequestLimitsFactory requests) {
            this.requests = requests;
        }

        @Override
        public LogMaskingFactory getLogMasking() {
            return logMasking;
        }

        public void setLogMasking(LogMaskingFactory logMasking) {
            this.logMasking = logMasking;
        }
    }

    /** Endpoints under the global policy, a tight endpoint policy, a user policy and none. */
    @Path("/")
    @Produces(MediaType.APPLICATION_JSON)
    public static class TestResource {
        @GET
        @Path("ping")
        public Map<String, String> ping() {
            return Map.of("status", "ok");
        }

        @POST
        @Path("limited")
        @RateLimited("tight")
        public Map<String, String> limited() {
            return Map.of("status", "ok");
        }

        @GET
        @Path("per-user")
        @RateLimited("per-user")
        public Map<String, String> perUser() {
            return Map.of("status", "ok");
        }

        @GET
        @Path("health")
        @RateLimitExempt
        public Map<String, String> health() {
            return Map.of("status", "ok");
        }
    }

    /** An endpoint under the policy {@code trial}, registered as an extra resource where the configuration has it. */
    @Path("/trial")
    @Produces(MediaType.APPLICATION_JSON)
    public static class TrialResource {
        @GET
        @RateLimited("trial")
        public Map<String, String> trial() {
            return Map.of("status", "ok");
        }
    }

    /** Authenticates the user named in {@code X-Test-User}; a stand-in for a real authenticator. */
    @Priority(Priorities.AUTHENTICATION)
    public static class HeaderUserFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String user = request.getHeaderString("X-Test-User");
            if (user == null) {
                return;
            }
            Principal principal = () -> user;
            request.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return false;
                }

                @Override
                public boolean isSecure() {
                    return false;
                }

                @Override
                public String getAuthenticationScheme() {
                    return "test";
                }
            });
        }
    }
}
