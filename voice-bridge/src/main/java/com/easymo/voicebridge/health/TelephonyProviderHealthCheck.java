package com.easymo.voicebridge.health;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.voicebridge.provider.TelephonyProvider;
import java.util.Objects;

/** Reports whether the telephony provider can accept calls. */
public class TelephonyProviderHealthCheck extends HealthCheck {

    private final TelephonyProvider provider;

    /** Creates a health check for the given provider. */
    public TelephonyProviderHealthCheck(TelephonyProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    protected Result check() {
        return provider.checkHealth();
    }
}
