package com.easymo.commons.errors;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;

/** Installs the JSON error responses and request body limits. */
public final class ErrorHandling {

    private ErrorHandling() {}

    public static void install(Configuration configuration, Environment environment, RequestLimitsFactory limits) {}
}
