package com.easymo.commons.errors;

/** Limits on request bodies, read from the {@code requests} block. */
public class RequestLimitsFactory {}
