package com.easymo.commons.errors;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;

/** Application with only the shared error handling and a resource that fails in every supported way. */
public class ErrorTestApplication extends Application<ErrorTestConfiguration> {

    @Override
    public void run(ErrorTestConfiguration configuration, Environment environment) {
        ErrorHandling.install(configuration, environment, configuration.getRequests());
        environment.jersey().register(new ErrorTestResource());
    }
}
