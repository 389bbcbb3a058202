package com.easymo.commons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.ratelimit.RateLimitTestApplication;
import com.easymo.commons.testing.MutableClock;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key configuration that would leave endpoints open, or that cannot be read, stops the service from starting. */
class ApiKeyStartupTest {

    @TempDir
    Path dir;

    @Test
    void requirementThatMatchesNoEndpointStopsTheStart() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.yml"), "keys: []\n");
        DropwizardTestSupport<RateLimitTestApplication.Config> app = app(
                ConfigOverride.config("apiKeys.file", keys.toString()),
                ConfigOverride.config("apiKeys.requiredOn[0]", "GET /per-usr"));

        try {
            assertThatThrownBy(app::before)
                    .hasStackTraceContaining("apiKeys.requiredOn entries match no endpoint: [GET /per-usr]");
        } finally {
            app.after();
        }
    }

    @Test
    void unreadableKeyFileStopsTheStart() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.yml"), "keys:\n  - id: a\n    owner: b\n");
        DropwizardTestSupport<RateLimitTestApplication.Config> app =
                app(ConfigOverride.config("apiKeys.file", keys.toString()));

        try {
            assertThatThrownBy(app::before)
                    .hasStackTraceContaining("Cannot load the API keys: " + keys + ", entry 1: sha256 is required");
        } finally {
            app.after();
        }
    }

    @Test
    void requirementWithoutFileIsAConfigurationError() {
        DropwizardTestSupport<RateLimitTestApplication.Config> app =
                app(ConfigOverride.config("apiKeys.requiredOn[0]", "*"));
        // The configuration names no file.

        try {
            assertThatThrownBy(app::before).hasStackTraceContaining("file must be set when requiredOn lists endpoints");
        } finally {
            app.after();
        }
        assertThat(dir).exists();
    }

    private static DropwizardTestSupport<RateLimitTestApplication.Config> app(ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(
                RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("auth/startup.yml"), overrides) {
            @Override
            public RateLimitTestApplication newApplication() {
                return new RateLimitTestApplication(MutableClock.startingAt2026());
            }
        };
    }
}
