package com.easymo.voicebridge;

import com.easymo.commons.PlatformBundle;
import com.easymo.commons.resilience.CircuitBreakerHealthCheck;
import com.easymo.voicebridge.core.CallService;
import com.easymo.voicebridge.health.TelephonyProviderHealthCheck;
import com.easymo.voicebridge.provider.TelephonyProvider;
import com.easymo.voicebridge.resources.CallResource;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Service that places outbound phone calls through a telephony provider and reports their status. */
public class VoiceBridgeApplication extends Application<VoiceBridgeConfiguration> {

    private static final Logger LOGGER = LoggerFactory.getLogger(VoiceBridgeApplication.class);

    private final Clock clock;
    private final Function<String, String> environmentVariables;
    private final PlatformBundle<VoiceBridgeConfiguration> platform;

    /** Creates the application on the system clock in UTC, reading the process's environment variables. */
    public VoiceBridgeApplication() {
        this(Clock.systemUTC());
    }

    /** Creates the application on the given clock, so tests can move time without sleeping. */
    public VoiceBridgeApplication(Clock clock) {
        this(clock, System::getenv);
    }

    /**
     * Creates the application on the given clock and environment variables, so tests can supply secrets without
     * setting real variables.
     *
     * @param environmentVariables returns the value of an environment variable, or {@code null} when it is not set
     */
    public VoiceBridgeApplication(Clock clock, Function<String, String> environmentVariables) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environmentVariables = Objects.requireNonNull(environmentVariables, "environmentVariables");
        this.platform = new PlatformBundle<>(clock);
    }

    /** Starts the service with command-line arguments such as {@code server config/dev.yml}. */
    public static void main(String[] args) throws Exception {
        new VoiceBridgeApplication().run(args);
    }

    @Override
    public String getName() {
        return "voice-bridge";
    }

    @Override
    public void initialize(Bootstrap<VoiceBridgeConfiguration> bootstrap) {
        // Lets production configuration take secrets from ${VARIABLE} references instead of committed values.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(platform);
    }

    @Override
    public void run(VoiceBridgeConfiguration configuration, Environment environment) {
        LOGGER.debug("Building the telephony provider and call service");
        TelephonyProvider provider =
                configuration.getTelephony().build(clock, environment.metrics(), environmentVariables);
        CallService calls = new CallService(provider, configuration.getCalls().build(), clock);
        provider.reloadableCredential().ifPresent(platform.credentials()::register);

        LOGGER.debug("Configuring Jersey");
        // Location headers stay relative (/calls/{id}), so they never echo a Host header that a client forged.
        environment.jersey().property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);

        LOGGER.debug("Registering resources");
        environment.jersey().register(new CallResource(calls));

        LOGGER.debug("Registering health checks");
        environment.healthChecks().register("telephony", new TelephonyProviderHealthCheck(provider));
        provider.circuitBreaker()
                .ifPresent(breaker -> environment
                        .healthChecks()
                        .register("circuit-breaker." + breaker.getName(), new CircuitBreakerHealthCheck(breaker)));
    }
}
