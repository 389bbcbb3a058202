package com.easymo.voicebridge.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Settings of the call store, read from the {@code calls} block of the configuration.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr>
 *     <td>{@code maxStoredCalls}</td>
 *     <td>10000</td>
 *     <td>Number of calls kept in memory for {@code GET /calls/{callId}}, from 1 to 1000000. When the store is full,
 *     the oldest call is evicted and its ID then returns 404.</td>
 *   </tr>
 * </table>
 */
public class CallStoreFactory {

    @Min(1)
    @Max(1_000_000)
    private int maxStoredCalls = 10_000;

    /** Returns the number of calls kept in memory. */
    @JsonProperty
    public int getMaxStoredCalls() {
        return maxStoredCalls;
    }

    /** Sets the number of calls kept in memory. */
    @JsonProperty
    public void setMaxStoredCalls(int maxStoredCalls) {
        this.maxStoredCalls = maxStoredCalls;
    }

    /** Builds an empty store with the configured capacity. */
    public CallStore build() {
        return new CallStore(maxStoredCalls);
    }
}
