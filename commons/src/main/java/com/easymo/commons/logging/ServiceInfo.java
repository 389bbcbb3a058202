package com.easymo.commons.logging;

import io.dropwizard.core.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Name and version of the running service, which every log line carries as {@code service} and {@code version}.
 *
 * @param name the application's name, such as {@code voice-bridge}
 * @param version the build's version, or {@value #UNKNOWN_VERSION} when the build recorded none
 */
public record ServiceInfo(String name, String version) {

    /** Version reported when neither a build-info file nor a jar manifest names one. */
    public static final String UNKNOWN_VERSION = "unknown";

    /** Resource next to the application class that the build writes the version into. */
    static final String BUILD_INFO = "build-info.properties";

    /** Creates service information after checking that both parts are present. */
    public ServiceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /**
     * Returns the application's name and its version: the {@code version} property of
     * {@value #BUILD_INFO} in the application class's package, else the jar manifest's
     * {@code Implementation-Version}, else {@value #UNKNOWN_VERSION}.
     */
    public static ServiceInfo of(Application<?> application) {
        Class<?> type = application.getClass();
        String version = buildInfoVersion(type);
        if (version == null) {
            version = type.getPackage().getImplementationVersion();
        }
        return new ServiceInfo(application.getName(), version == null ? UNKNOWN_VERSION : version);
    }

    private static String buildInfoVersion(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(BUILD_INFO)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null || version.isBlank() || version.startsWith("${") ? null : version.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + BUILD_INFO + " of " + type.getName(), e);
        }
    }
}
