package com.easymo.tests.logging;

import com.easymo.voicebridge.VoiceBridgeApplication;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The application log and the request log of one voice-bridge instance, written to files in a new directory under
 * {@code target/test-logs}, where they stay for inspection after the run.
 *
 * <p>The configuration file must declare exactly one {@code type: file} appender in {@code logging.appenders} and
 * one in {@code server.requestLog.appenders}; {@link #overrides()} points them at this instance's files.
 */
final class ServiceLogs {

    /** Form of the correlation IDs that the service generates: a random UUID in lower case. */
    static final Pattern UUID_PATTERN = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** ISO-8601 instant in UTC, such as {@code 2026-12-04T18:20:42.123Z}. */
    static final Pattern UTC_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    final JsonLogFile application;
    final JsonLogFile requests;

    private ServiceLogs(Path directory) {
        this.application = new JsonLogFile(directory.resolve("application.log"));
        this.requests = new JsonLogFile(directory.resolve("requests.log"));
    }

    /** Creates an empty directory for the logs of one test class. */
    static ServiceLogs forTestClass(Class<?> testClass) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-logs"));
            return new ServiceLogs(Files.createTempDirectory(parent, testClass.getSimpleName() + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create a directory for the test's log files", e);
        }
    }

    /** Returns the overrides that point the configuration's two file appenders at this instance's files. */
    ConfigOverride[] overrides() {
        return new ConfigOverride[] {
            ConfigOverride.config(
                    "logging.appenders[0].currentLogFilename",
                    application.path().toAbsolutePath().toString()),
            ConfigOverride.config(
                    "server.requestLog.appenders[0].currentLogFilename",
                    requests.path().toAbsolutePath().toString())
        };
    }

    /**
     * Returns the version that every line should carry: the one the build wrote into voice-bridge's
     * {@code build-info.properties}.
     */
    static String serviceVersion() {
        try (InputStream in = VoiceBridgeApplication.class.getResourceAsStream("build-info.properties")) {
            if (in == null) {
                throw new IllegalStateException("build-info.properties of voice-bridge is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read build-info.properties of voice-bridge", e);
        }
    }

    /** Returns the text of a field, or {@code null} when the entry lacks it. */
    static String field(JsonNode entry, String name) {
        JsonNode value = entry.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Returns the name of the pool thread that wrote an application-log entry, without the {@code " - METHOD URI"}
     * that Dropwizard's thread-name filter appends while the thread serves a request.
     */
    static String poolThread(JsonNode entry) {
        String thread = field(entry, "thread");
        if (thread == null) {
            return null;
        }
        int suffix = thread.indexOf(" - ");
        return suffix < 0 ? thread : thread.substring(0, suffix);
    }

    /**
     * Tests whether an application-log entry was written by a thread of the application connector's Jetty pool, whose
     * threads Dropwizard names {@code dw-<n>}. The admin pool's threads are named {@code dw-admin-<n>}.
     */
    static boolean isFromRequestThread(JsonNode entry) {
        String thread = field(entry, "thread");
        return thread != null && thread.startsWith("dw-") && !thread.startsWith("dw-admin-");
    }
}
