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

/** Runs the error test application with a one-second idle timeout, so a stalled body times out quickly. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestBodyTimeoutTest {

    private static final DropwizardAppExtension<ErrorTestConfiguration> APP = new DropwizardAppExtension<>(
            ErrorTestApplication.class,
            ResourceHelpers.resourceFilePath("errors/test-app.yml"),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"));

    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger mapperLogger = (Logger) LoggerFactory.getLogger(RequestBodyExceptionMapper.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level mapperLevel;

    @BeforeEach
    void captureLogs() {
        mapperLevel = mapperLogger.getLevel();
        mapperLogger.setLevel(Level.DEBUG);
        logs.start();
        rootLogger.addAppender(logs);
    }

    @AfterEach
    void detachLogCapture() {
        rootLogger.detachAppender(logs);
        mapperLogger.setLevel(mapperLevel);
    }

    @Test
    void answersStalledBodyWithRequestTimeout() throws Exception {
        RawHttpConnection.Response response;
        boolean closed;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"name\":");
            response = connection.readResponse();
            closed = connection.closedByServerWithin(Duration.ofSeconds(5));
        }

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("error").asText()).isEqualTo(ErrorCodes.REQUEST_TIMEOUT);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(closed).isTrue();
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLoggerName()).isEqualTo(RequestBodyExceptionMapper.class.getName());
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void acceptsBodyThatArrivesBeforeTimeout() throws Exception {
        String body = "{\"name\":\"lamp\",\"count\":2}";
        RawHttpConnection.Response response;
        try (RawHttpConnection connection = new RawHttpConnection(APP.getLocalPort())) {
            connection.send("POST /test/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n{\"name\":");
            Thread.sleep(300);
            connection.send(body.substring("{\"name\":".length()));
            response = connection.readResponse();
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(logs.list).isEmpty();
    }
}
