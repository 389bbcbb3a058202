package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code rateLimit.headers} block: which rate-limit header fields responses carry.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code legacy}</td><td>true</td><td>{@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 *       {@code X-RateLimit-Reset} (Unix epoch seconds).</td></tr>
 *   <tr><td>{@code ietf}</td><td>true</td><td>The structured fields of the IETF draft
 *       draft-ietf-httpapi-ratelimit-headers: {@code RateLimit-Policy: "<policy>";q=<quota>;w=<window seconds>} and
 *       {@code RateLimit: "<policy>";r=<remaining>;t=<seconds to reset>}.</td></tr>
 * </table>
 *
 * <p>A 429 carries {@code Retry-After} whatever the choice.
 */
public class RateLimitHeadersFactory {

    private boolean legacy = true;

    private boolean ietf = true;

    @JsonProperty
    public boolean isLegacy() {
        return legacy;
    }

    @JsonProperty
    public void setLegacy(boolean legacy) {
        this.legacy = legacy;
    }

    @JsonProperty
    public boolean isIetf() {
        return ietf;
    }

    @JsonProperty
    public void setIetf(boolean ietf) {
        this.ietf = ietf;
    }
}
