package com.easymo.commons;

import com.easymo.commons.auth.ApiKeyCommand;
import com.easymo.commons.auth.ApiKeyStore;
import com.easymo.commons.auth.ApiKeys;
import com.easymo.commons.credentials.CredentialRegistry;
import com.easymo.commons.credentials.ReloadCredentialsTask;
import com.easymo.commons.errors.ErrorHandling;
import com.easymo.commons.logging.CorrelationIdFilter;
import com.easymo.commons.logging.PlatformLogging;
import com.easymo.commons.logging.ServiceInfo;
import com.easymo.commons.logging.masking.LogMaskingFactory;
import com.easymo.commons.logging.masking.PiiMasker;
import com.easymo.commons.metrics.PlatformMetrics;
import com.easymo.commons.ratelimit.ClientIpResolver;
import com.easymo.commons.ratelimit.RateLimitFactory;
import com.easymo.commons.ratelimit.RateLimitPolicies;
import com.easymo.commons.ratelimit.RateLimitStore;
import com.easymo.commons.ratelimit.RateLimiting;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the shared production-readiness layer to a service: masked JSON logs, correlation IDs, JSON errors,
 * request body limits, API keys, rate limiting, Prometheus metrics on the admin port's {@code /metrics}, and the
 * admin tasks {@code reload-credentials} and {@code rate-limit-policy}.
 *
 * <p>A service adds it with one line in {@code initialize}: {@code bootstrap.addBundle(new PlatformBundle<>())}.
 * The bundle puts masking JSON layouts on the configuration's log appenders as soon as Dropwizard has loaded the
 * configuration, before the first line is logged with it.
 *
 * @param <C> the service's configuration type
 */
public class PlatformBundle<C extends Configuration & PlatformConfiguration> implements ConfiguredBundle<C> {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlatformBundle.class);

    private final Clock clock;
    private final CredentialRegistry credentials = new CredentialRegistry();
    private ServiceInfo service;
    private C preparedConfiguration;
    private PiiMasker masker;
    private PlatformMetrics metrics;

    /** Creates a bundle that reads the system clock. */
    public PlatformBundle() {
        this(Clock.systemUTC());
    }

    /** Creates a bundle that reads the given clock, so tests can move time without sleeping. */
    public PlatformBundle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void initialize(Bootstrap<?> bootstrap) {
        service = ServiceInfo.of(bootstrap.getApplication());
        PlatformLogging.prepareOnLoad(bootstrap, this::prepareLogging);
        bootstrap.addCommand(new ApiKeyCommand());
    }

    @Override
    public void run(C configuration, Environment environment) {
        if (configuration != preparedConfiguration) {
            // The configuration did not come through the bootstrap's factory, as when a test passes an object.
            prepareLogging(configuration);
            configuration.getLoggingFactory().configure(environment.metrics(), environment.getName());
        }
        logMaskingState(configuration.getLogMasking());

        RateLimitFactory rateLimit = configuration.getRateLimit();
        ClientIpResolver clientIpResolver =
                new ClientIpResolver(rateLimit.trustedProxyRanges(), rateLimit.getIpv6PrefixLength());
        CorrelationIdFilter correlationIds = new CorrelationIdFilter(clientIpResolver, masker);
        environment
                .servlets()
                .addFilter("correlation-id", correlationIds)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        environment
                .admin()
                .addFilter("correlation-id", correlationIds)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        ErrorHandling.install(configuration, environment, configuration.getRequests());
        metrics = new PlatformMetrics(service, environment.metrics());
        metrics.install(environment);
        credentials.onReload(metrics::credentialReloaded);
        credentials.onRegister(metrics::credentialRegistered);
        ApiKeyStore apiKeys = ApiKeys.install(
                environment,
                configuration.getApiKeys(),
                credentials,
                clock,
                (keyId, outcome) -> metrics.apiKeyOutcome(keyId, outcome.label()));
        if (apiKeys != null) {
            metrics.watchApiKeys(apiKeys::countByState);
        }
        RateLimitPolicies policies = RateLimitPolicies.of(rateLimit);
        RateLimitStore store = RateLimiting.install(environment, rateLimit, policies, clock, metrics.rateLimit());
        metrics.watchRateLimitStore(store);
        if (store != null) {
            metrics.watchRateLimitPolicies(policies);
        }
        environment.admin().addTask(new ReloadCredentialsTask(credentials, environment.getObjectMapper()));
    }

    /**
     * Returns the credentials that the admin task {@code POST /tasks/reload-credentials} reloads. A service registers
     * its own, such as a provider's auth token, in its {@code run} method.
     */
    public CredentialRegistry credentials() {
        return credentials;
    }

    /** Returns the service's Prometheus metrics, once {@link #run} has built them; else {@code null}. */
    public PlatformMetrics metrics() {
        return metrics;
    }

    private void prepareLogging(C configuration) {
        masker = PlatformLogging.apply(configuration, configuration.getLogMasking(), service);
        preparedConfiguration = configuration;
    }

    private static void logMaskingState(LogMaskingFactory masking) {
        if (!masking.isEnabled()) {
            LOGGER.atWarn()
                    .addKeyValue("event", "LOG_MASKING_DISABLED")
                    .addKeyValue("reason", masking.getDisabledBecause())
                    .log("Log masking is switched off: personal data and secrets are written to the logs in clear");
        }
    }
}
