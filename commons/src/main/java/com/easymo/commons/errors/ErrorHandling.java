package com.easymo.commons.errors;

import com.easymo.commons.http.UpstreamExceptionMapper;
import com.easymo.commons.http.UpstreamUnavailableExceptionMapper;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Installs the JSON error responses, the request body limit and the checks on request bodies.
 *
 * <p>Every error response then has the shape of {@link ErrorResponse} and the {@code application/json} content
 * type. Bad input gets a 4xx that names the field where one applies, a failed call to an upstream service gets a
 * 502, 503 or 504, and an unexpected exception gets a 500 that carries only an error ID. The codes are listed in
 * {@link ErrorCodes} and {@link com.easymo.commons.http.UpstreamErrorCodes}.
 */
public final class ErrorHandling {

    private ErrorHandling() {}

    /**
     * Replaces Dropwizard's exception mappers with this package's mappers, registers the filters that limit request
     * bodies, reject JSON in a charset other than UTF-8 and close connections whose body was left unread, and installs
     * the Jetty error handlers that write JSON and add {@code Allow} to a 405 that never reached Jersey.
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

        AbstractServerFactory serverFactory = disableDefaultExceptionMappers(configuration.getServerFactory());
        StrictJsonReading.configure(environment.getObjectMapper());
        registerExceptionMappers(environment.jersey());
        registerFilters(environment.jersey(), limits);
        ResourceMethodIndex resources =
                new ResourceMethodIndex(environment.jersey(), serverFactory.getAllowedMethods());
        environment.jersey().register(resources);
        installJettyErrorHandlers(environment, resources);
    }

    private static AbstractServerFactory disableDefaultExceptionMappers(ServerFactory serverFactory) {
        if (!(serverFactory instanceof AbstractServerFactory factory)) {
            throw new IllegalStateException("Cannot switch off Dropwizard's default exception mappers: server factory "
                    + serverFactory.getClass().getName() + " does not extend AbstractServerFactory");
        }
        factory.setRegisterDefaultExceptionMappers(false);
        return factory;
    }

    private static void registerExceptionMappers(JerseyEnvironment jersey) {
        jersey.register(new CorrelationIdResponseFilter());
        jersey.register(new ApiExceptionMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonExceptionMapper());
        jersey.register(new ConstraintViolationExceptionMapper());
        jersey.register(new ValidationExceptionMapper());
        jersey.register(new PayloadTooLargeExceptionMapper());
        jersey.register(new EarlyEofExceptionMapper());
        jersey.register(new RequestBodyExceptionMapper());
        jersey.register(new EmptyOptionalExceptionMapper());
        jersey.register(new UpstreamExceptionMapper());
        jersey.register(new UpstreamUnavailableExceptionMapper());
        jersey.register(new IllegalStateExceptionMapper());
        jersey.register(new UnhandledExceptionMapper());
    }

    private static void registerFilters(JerseyEnvironment jersey, RequestLimitsFactory limits) {
        jersey.register(new RequestBodyFilter(limits.getMaxBodySize().toBytes()));
        jersey.register(new JsonCharsetFilter());
        jersey.register(new UnreadBodyConnectionFilter());
    }

    /**
     * Returns the error code that a response with this status carries when nothing more specific is known, such as
     * {@code method_not_allowed} for 405.
     */
    public static String defaultErrorCode(int status) {
        return StatusErrors.forStatus(status).error();
    }

    private static void installJettyErrorHandlers(Environment environment, ResourceMethodIndex resources) {
        environment
                .getApplicationContext()
                .setErrorHandler(new JsonErrorHandler(environment.getObjectMapper(), resources));
        JsonErrorHandler handler = new JsonErrorHandler(environment.getObjectMapper());
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
