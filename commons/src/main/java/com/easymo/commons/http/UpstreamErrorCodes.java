package com.easymo.commons.http;

/** Values of the {@code error} field of an error response caused by an upstream HTTP service. */
public final class UpstreamErrorCodes {

    /** The circuit breaker of the upstream service is open, so the call was not attempted (503). */
    public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";

    /** The upstream service could not be reached or responded with a server error (502). */
    public static final String UPSTREAM_ERROR = "upstream_error";

    /** The upstream service did not respond within the client's {@code readTimeout} (504). */
    public static final String UPSTREAM_TIMEOUT = "upstream_timeout";

    private UpstreamErrorCodes() {}
}
