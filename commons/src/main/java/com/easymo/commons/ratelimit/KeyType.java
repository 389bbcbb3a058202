package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key by which a policy counts requests. */
public enum KeyType {
    /** The client IP address, IPv6 addresses grouped by the configured prefix. */
    @JsonProperty("ip")
    IP,

    /**
     * The authenticated user, taken from the request's security context. A request without a user principal is
     * counted by its client IP instead, so that clients cannot escape a limit by omitting credentials.
     */
    @JsonProperty("user")
    USER
}
