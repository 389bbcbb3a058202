package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.RawHttpConnection;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Runs voice-bridge with a one-second idle timeout, so a stalled body times out quickly. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OutboundCallTimeoutTest {

    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = VoiceBridgeTestSupport.extension(
            new MutableClock(Instant.parse("2026-03-01T09:30:00Z")),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"));

    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger commonsLogger = (Logger) LoggerFactory.getLogger("com.easymo.commons");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level commonsLevel;

    @BeforeEach
    void captureLogs() {
        commonsLevel = commonsLogger.getLevel();
        commonsLogger.setLevel(Level.INFO);
        logs.start();
        rootLogger.addAppender(logs);
    }

    @AfterEach
    void detachLogCapture() {
        rootLogger.detachAppender(logs);
        commonsLogger.setLevel(commonsLevel);
    }

    @Test
    void answersStalledBodyWithRequestTimeout() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /calls/outbound HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"to\":\"+254712345678\",");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.json().path("error").asText()).isEqualTo("request_timeout");
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(logs.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.INFO))
                .satisfies(event -> assertThat(event.getThrowableProxy()).isNull());
    }
}
