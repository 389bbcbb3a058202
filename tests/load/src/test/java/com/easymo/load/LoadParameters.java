package com.easymo.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parameters of a load run, read from Java system properties ({@code -Dname=value} on the Maven command line, which
 * the Gatling plugin passes on to the simulation).
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>Property</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code baseUrl}</td><td>per service</td><td>URL of the service's application port</td></tr>
 *   <tr><td>{@code adminUrl}</td><td>per service</td><td>URL of the service's admin port</td></tr>
 *   <tr><td>{@code profile}</td><td>{@code smoke}</td><td>{@code smoke} or {@code standard}, see
 *       {@link LoadProfile}</td></tr>
 *   <tr><td>{@code maxP95Millis}</td><td>500</td><td>bound of the 95th percentile of all response times</td></tr>
 *   <tr><td>{@code maxFailedPercent}</td><td>5</td><td>bound of the share of failed requests (Gatling KO)</td></tr>
 *   <tr><td>{@code maxErrorPercent}</td><td>10</td><td>bound of the error share of each admitted request</td></tr>
 *   <tr><td>{@code maxRejectedP95Millis}</td><td>100</td><td>bound of the 95th percentile of the response times of
 *       requests rejected with 429</td></tr>
 *   <tr><td>{@code rateLimitClientAddress}</td><td>198.51.100.10</td><td>the address in {@code X-Forwarded-For} of
 *       the client that the rate-limit probe pushes over its limit</td></tr>
 * </table>
 */
public record LoadParameters(
        String baseUrl,
        String adminUrl,
        LoadProfile profile,
        int maxP95Millis,
        double maxFailedPercent,
        double maxErrorPercent,
        int maxRejectedP95Millis,
        String rateLimitClientAddress) {

    /** An address of TEST-NET-2 (RFC 5737), outside the range that {@link ClientAddressFeeder} hands out. */
    public static final String DEFAULT_RATE_LIMIT_CLIENT_ADDRESS = "198.51.100.10";

    /**
     * Reads the parameters from the system properties, with a service's default URLs.
     *
     * @throws IllegalArgumentException if a property has an invalid value, with a message that names the property
     */
    public static LoadParameters fromSystemProperties(String defaultBaseUrl, String defaultAdminUrl) {
        return new LoadParameters(
                url("baseUrl", System.getProperty("baseUrl", defaultBaseUrl)),
                url("adminUrl", System.getProperty("adminUrl", defaultAdminUrl)),
                LoadProfile.named(System.getProperty("profile", "smoke")),
                positive("maxP95Millis", 500, Integer::valueOf),
                percent("maxFailedPercent", 5.0),
                percent("maxErrorPercent", 10.0),
                positive("maxRejectedP95Millis", 100, Integer::valueOf),
                System.getProperty("rateLimitClientAddress", DEFAULT_RATE_LIMIT_CLIENT_ADDRESS)
                        .trim());
    }

    /** Returns the URL without a trailing slash, so paths can be appended to it. */
    private static String url(String property, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid " + property + " '" + value + "': " + e.getMessage() + ". Expected a URL such as "
                            + "http://127.0.0.1:3001",
                    e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("Invalid " + property + " '" + value
                    + "': expected an http or https URL with a host, such as http://127.0.0.1:3001");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static <T extends Number> T positive(String property, T defaultValue, Function<String, T> parser) {
        String text = System.getProperty(property);
        if (text == null) {
            return defaultValue;
        }
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + property + " '" + text + "': expected a number", e);
        }
        if (!(value.doubleValue() > 0)) {
            throw new IllegalArgumentException("Invalid " + property + " '" + text + "': expected a positive number");
        }
        return value;
    }

    private static double percent(String property, double defaultValue) {
        double value = positive(property, defaultValue, Double::valueOf);
        if (value > 100) {
            throw new IllegalArgumentException(
                    "Invalid " + property + " '" + value + "': expected a percentage greater than 0 and at most 100");
        }
        return value;
    }

    @Override
    public String toString() {
        return "profile " + profile + ", baseUrl " + baseUrl + ", adminUrl " + adminUrl + ", p95 < " + maxP95Millis
                + " ms, failed < " + maxFailedPercent + " %, errors < " + maxErrorPercent + " % per request, 429 p95 < "
                + maxRejectedP95Millis + " ms";
    }
}
