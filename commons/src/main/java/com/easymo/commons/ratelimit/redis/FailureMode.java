package com.easymo.commons.ratelimit.redis;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The rate limiter's behaviour while Redis cannot be reached. */
public enum FailureMode {

    /** Keeps limiting with an in-memory store of this instance, so each instance enforces the limits on its own. */
    @JsonProperty("local")
    LOCAL,

    /** Admits every request without limiting. */
    @JsonProperty("allow")
    ALLOW,

    /** Rejects every request on a limited route with 429 until Redis is back. */
    @JsonProperty("deny")
    DENY
}
