package com.easymo.voicebridge;

import com.easymo.commons.PlatformConfiguration;
import com.easymo.commons.auth.ApiKeysFactory;
import com.easymo.commons.errors.RequestLimitsFactory;
import com.easymo.commons.logging.masking.LogMaskingFactory;
import com.easymo.commons.ratelimit.KeyType;
import com.easymo.commons.ratelimit.PolicyFactory;
import com.easymo.commons.ratelimit.RateLimitFactory;
import com.easymo.voicebridge.core.CallStoreFactory;
import com.easymo.voicebridge.provider.HttpTelephonyProviderFactory;
import com.easymo.voicebridge.provider.SimulatedTelephonyProviderFactory;
import com.easymo.voicebridge.provider.TelephonyProviderFactory;
import com.easymo.voicebridge.resources.CallResource;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of the voice-bridge service.
 *
 * <p>Besides Dropwizard's own blocks ({@code server}, {@code logging}, {@code metrics}), it reads:
 *
 * <ul>
 *   <li>{@code rateLimit}: rate-limit policies, see {@link RateLimitFactory}. Without the block, the global policy
 *       and {@code outbound-calls} (10 per minute per user: per API key owner, or per IP without a key) apply;
 *   <li>{@code apiKeys}: the API key file and the endpoints that require a key, see {@link ApiKeysFactory}. Without
 *       the block no endpoint requires a key;
 *   <li>{@code requests}: request body limits, see {@link RequestLimitsFactory};
 *   <li>{@code logMasking}: what every log line masks, see {@link LogMaskingFactory}. Masking is on without the
 *       block;
 *   <li>{@code telephony}: the provider that dials calls, chosen by {@code type}: {@code simulated} (the default,
 *       see {@link SimulatedTelephonyProviderFactory}) or {@code http} (see {@link HttpTelephonyProviderFactory});
 *   <li>{@code calls}: the in-memory call store, see {@link CallStoreFactory}.
 * </ul>
 */
public class VoiceBridgeConfiguration extends Configuration implements PlatformConfiguration {

    @Valid
    @NotNull
    private RateLimitFactory rateLimit = new RateLimitFactory()
            .withPolicy(CallResource.OUTBOUND_CALLS_POLICY, new PolicyFactory(10, Duration.minutes(1), KeyType.USER));

    @Valid
    @NotNull
    private RequestLimitsFactory requests = new RequestLimitsFactory();

    @Valid
    @NotNull
    private LogMaskingFactory logMasking = new LogMaskingFactory();

    @Valid
    @NotNull
    private ApiKeysFactory apiKeys = new ApiKeysFactory();

    @Valid
    @NotNull
    private TelephonyProviderFactory telephony = new SimulatedTelephonyProviderFactory();

    @Valid
    @NotNull
    private CallStoreFactory calls = new CallStoreFactory();

    @Override
    @JsonProperty
    public RateLimitFactory getRateLimit() {
        return rateLimit;
    }

    /** Sets the {@code rateLimit} block. */
    @JsonProperty
    public void setRateLimit(RateLimitFactory rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    @JsonProperty
    public RequestLimitsFactory getRequests() {
        return requests;
    }

    /** Sets the {@code requests} block. */
    @JsonProperty
    public void setRequests(RequestLimitsFactory requests) {
        this.requests = requests;
    }

    @Override
    @JsonProperty
    public LogMaskingFactory getLogMasking() {
        return logMasking;
    }

    /** Sets the {@code logMasking} block. */
    @JsonProperty
    public void setLogMasking(LogMaskingFactory logMasking) {
        this.logMasking = logMasking;
    }

    @Override
    @JsonProperty
    public ApiKeysFactory getApiKeys() {
        return apiKeys;
    }

    /** Sets the {@code apiKeys} block. */
    @JsonProperty
    public void setApiKeys(ApiKeysFactory apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** Returns the {@code telephony} block. */
    @JsonProperty
    public TelephonyProviderFactory getTelephony() {
        return telephony;
    }

    /** Sets the {@code telephony} block. */
    @JsonProperty
    public void setTelephony(TelephonyProviderFactory telephony) {
        this.telephony = telephony;
    }

    /** Returns the {@code calls} block. */
    @JsonProperty
    public CallStoreFactory getCalls() {
        return calls;
    }

    /** Sets the {@code calls} block. */
    @JsonProperty
    public void setCalls(CallStoreFactory calls) {
        this.calls = calls;
    }
}
