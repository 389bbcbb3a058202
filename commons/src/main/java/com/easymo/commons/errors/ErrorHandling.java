package com.easymo.commons.errors;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Installs the JSON error responses and the request body limit.
 *
 * <p>Every error response then has the shape of {@link ErrorResponse} and the {@code application/json} content
 * type. Bad input gets a 4xx that names the field where one applies, and an unexpected exception gets a 500 that
 * carries only an error ID. The codes are listed in {@link ErrorCodes}.
 */
public final class ErrorHandling {

    private ErrorHandling() {}

    /**
     * Replaces Dropwizard's exception mappers with this package's mappers and applies the body limit.
     *
     * <p>It must run before the server is built, as a bundle's or application's {@code run} does, because it switches
     * off the default mappers in the server factory. It also makes the environment's {@code ObjectMapper} strict
     * when reading (see {@link StrictJsonReading}); the configuration has already been parsed by then, so
     * configuration parsing is unaffected.
     *
     * @throws IllegalStateException if the server factory does not extend {@link AbstractServerFactory}, because then
     *     Dropwizard's own mappers cannot be switched off
     */
    public static void install(Configuration configuration, Environment environment, RequestLimitsFactory limits) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(limits, "limits");

        disableDefaultExceptionMappers(configuration.getServerFactory());
        StrictJsonReading.configure(environment.getObjectMapper());
        registerExceptionMappers(environment.jersey());
        environment
                .jersey()
                .register(new RequestBodyLimitFilter(limits.getMaxBodySize().toBytes()));
        installJettyErrorHandler(environment);
    }

    private static void disableDefaultExceptionMappers(ServerFactory serverFactory) {
        if (!(serverFactory instanceof AbstractServerFactory factory)) {
            throw new IllegalStateException("Cannot switch off Dropwizard's default exception mappers: server factory "
                    + serverFactory.getClass().getName() + " does not extend AbstractServerFactory");
        }
        factory.setRegisterDefaultExceptionMappers(false);
    }

    private static void registerExceptionMappers(JerseyEnvironment jersey) {
        jersey.register(new ApiExceptionMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonExceptionMapper());
        jersey.register(new ConstraintViolationExceptionMapper());
        jersey.register(new ValidationExceptionMapper());
        jersey.register(new PayloadTooLargeExceptionMapper());
        jersey.register(new EarlyEofExceptionMapper());
        jersey.register(new EmptyOptionalExceptionMapper());
        jersey.register(new IllegalStateExceptionMapper());
        jersey.register(new UnhandledExceptionMapper());
    }

    private static void installJettyErrorHandler(Environment environment) {
        JsonErrorHandler handler = new JsonErrorHandler(environment.getObjectMapper());
        environment.getApplicationContext().setErrorHandler(handler);
        environment.getAdminContext().setErrorHandler(handler);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(handler);
                }
            }
        });
    }
}
