package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.easymo.commons.testing.RawHttpConnection;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Requests that clients break on purpose: none of them may produce a 500 or a WARN or ERROR log line. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientFailureTest {

    private static final DropwizardAppExtension<ErrorTestConfiguration> APP = new DropwizardAppExtension<>(
            ErrorTestApplication.class,
            ResourceHelpers.resourceFilePath("errors/test-app.yml"),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"));

    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        rootLogger.addAppender(logs);
    }

    @AfterEach
    void detachLogCapture() {
        rootLogger.detachAppender(logs);
    }

    @Test
    void contentLengthBeyondIntRangeIsTooLarge() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2147483648\r\n\r\n{");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void contentLengthBeyondIntRangeOnUnknownPath() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2147483648\r\n\r\n");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(413);
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void stalledHeadersLogNoError() throws Exception {
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("GET /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            closed = connection.closedByServerWithin(Duration.ofSeconds(5));
        }

        assertThat(closed).isTrue();
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void http2RequestLineNeedsUpgrade() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("GET /test/items HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n");
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.json().path("error").asText()).isEqualTo("upgrade_required");
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void unreadGzipBodyClosesConnection() throws Exception {
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Encoding: gzip\r\nContent-Length: 40\r\n\r\n");
            connection.send(new byte[] {0x1f, (byte) 0x8b, 8, 0});
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Connection")).isEqualTo("close");
    }
}
