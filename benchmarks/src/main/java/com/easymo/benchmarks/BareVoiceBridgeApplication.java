package com.easymo.benchmarks;

import com.easymo.voicebridge.VoiceBridgeConfiguration;
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
import org.glassfish.jersey.server.ServerProperties;

/**
 * voice-bridge without the shared layer, the baseline of {@code benchmarks/compare/run.sh}.
 *
 * <p>It serves voice-bridge's own {@link CallResource}, call service and telephony provider, built from the same
 * {@link VoiceBridgeConfiguration}, but does not add {@code PlatformBundle}. So it has no rate limiting, no correlation
 * IDs, no masking log layouts, no request metrics and no JSON error mapping. Dropwizard's own exception mappers write
 * the error responses, and the {@code rateLimit}, {@code requests} and {@code logMasking} blocks are read but ignored.
 * Everything else in {@code run} matches {@code VoiceBridgeApplication}, so the difference between the two is the cost
 * of the layer.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar com.easymo.benchmarks.BareVoiceBridgeApplication server
 * benchmarks/compare/config/bare.yml}. Not for production use.
 */
public class BareVoiceBridgeApplication extends Application<VoiceBridgeConfiguration> {

    private final Clock clock = Clock.systemUTC();

    /** Starts the service with command-line arguments such as {@code server bare.yml}. */
    public static void main(String[] args) throws Exception {
        new BareVoiceBridgeApplication().run(args);
    }

    @Override
    public String getName() {
        return "voice-bridge-bare";
    }

    @Override
    public void initialize(Bootstrap<VoiceBridgeConfiguration> bootstrap) {
        // The benchmark passes ports and log paths as ${VARIABLE} references, as voice-bridge itself allows.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(VoiceBridgeConfiguration configuration, Environment environment) {
        TelephonyProvider provider = configuration.getTelephony().build(clock, environment.metrics(), System::getenv);
        CallService calls = new CallService(provider, configuration.getCalls().build(), clock);

        environment.jersey().property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        environment.jersey().register(new CallResource(calls));
        environment.healthChecks().register("telephony", new TelephonyProviderHealthCheck(provider));
    }
}
