package com.easymo.commons.ratelimit;

/** The {@code rateLimit} block of a service's configuration. */
public class RateLimitFactory {}
