package com.easymo.commons.errors;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Application with only the shared error handling, a resource that fails in every supported way, and a servlet
 * outside Jersey that fails, so that Jetty's error handler writes the response.
 */
public class ErrorTestApplication extends Application<ErrorTestConfiguration> {

    @Override
    public void run(ErrorTestConfiguration configuration, Environment environment) {
        ErrorHandling.install(configuration, environment, configuration.getRequests());
        environment.jersey().register(new ErrorTestResource());
        environment.servlets().addServlet("failing", new FailingServlet()).addMapping("/servlet/failure");
    }

    /** Servlet whose every request fails with an exception that never reaches Jersey. */
    private static final class FailingServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            throw new IllegalStateException("secret servlet detail");
        }
    }
}
