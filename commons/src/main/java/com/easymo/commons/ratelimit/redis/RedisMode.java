package com.easymo.commons.ratelimit.redis;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of Redis deployment the store connects to. */
public enum RedisMode {

    /** One server, or a primary behind a fixed address. */
    @JsonProperty("standalone")
    STANDALONE,

    /** A primary found through Redis Sentinel, which follows failovers. */
    @JsonProperty("sentinel")
    SENTINEL,

    /** A Redis Cluster; keys are spread over its masters. */
    @JsonProperty("cluster")
    CLUSTER
}
