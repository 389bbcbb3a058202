package com.easymo.commons.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.ratelimit.RateLimitTestApplication;
import com.easymo.commons.testing.MutableClock;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskingStartupTest {

    @Test
    void unmaskedLayoutStopsStartup() {
        DropwizardTestSupport<RateLimitTestApplication.Config> support = support("logging/unmasked-layout.yml");

        try {
            assertThatThrownBy(support::before)
                    .hasStackTraceContaining("Log output cannot be masked at logging.appenders[0]"
                            + " (layout EventJsonLayoutBaseFactory)")
                    .hasStackTraceContaining("logMasking.disabledBecause");
        } finally {
            support.after();
        }
    }

    @Test
    void maskingOffWithoutReasonStopsStartup() {
        DropwizardTestSupport<RateLimitTestApplication.Config> support =
                support("logging/masking-off-without-reason.yml");

        try {
            assertThatThrownBy(support::before)
                    .hasStackTraceContaining("logMasking.disablingExplained must give disabledBecause");
        } finally {
            support.after();
        }
    }

    @Test
    void maskingOffWithReasonStartsAndWarns(@TempDir Path logs) throws Exception {
        Path logFile = logs.resolve("service.log");
        DropwizardTestSupport<RateLimitTestApplication.Config> support = support(
                "logging/masking-off-with-reason.yml",
                ConfigOverride.config("logging.appenders[0].currentLogFilename", logFile.toString()));

        try {
            support.before();
            String output = awaitLine(logFile, "Log masking is switched off");

            assertThat(output)
                    .contains("\"level\":\"WARN\"")
                    .contains("personal data and secrets are written to the logs in clear");
        } finally {
            support.after();
        }
    }

    private static DropwizardTestSupport<RateLimitTestApplication.Config> support(
            String config, ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(
                RateLimitTestApplication.class, ResourceHelpers.resourceFilePath(config), overrides) {
            @Override
            public RateLimitTestApplication newApplication() {
                return new RateLimitTestApplication(MutableClock.startingAt2026());
            }
        };
    }

    /** Returns the log file's text once it contains the fragment; the file appender writes asynchronously. */
    private static String awaitLine(Path file, String fragment) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (text.contains(fragment)) {
                return text;
            }
            Thread.sleep(20);
        }
        return text;
    }
}
