package com.easymo.voicebridge.provider;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.http.OutboundHttpClient;
import com.easymo.commons.http.OutboundHttpClientFactory;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.util.function.Function;

/**
 * Settings of the provider that calls a Twilio-style REST API, selected with {@code type: http}.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code baseUrl}</td><td>required</td><td>Absolute http or https URL of the API without query or fragment,
 *       such as {@code https://api.twilio.com/2010-04-01}. Calls are placed with
 *       {@code POST {baseUrl}/Accounts/{accountId}/Calls.json}.</td></tr>
 *   <tr><td>{@code accountIdEnv}</td><td>{@code TELEPHONY_ACCOUNT_ID}</td><td>Name of the environment variable that
 *       contains the provider's account ID.</td></tr>
 *   <tr><td>{@code authTokenEnv}</td><td>{@code TELEPHONY_AUTH_TOKEN}</td><td>Name of the environment variable that
 *       contains the provider's auth token.</td></tr>
 *   <tr><td>{@code statusCallbackUrl}</td><td>required</td><td>Absolute http or https URL under which the provider
 *       reaches this service's application port, without query or fragment. The provider posts each call's status
 *       changes to {@code {statusCallbackUrl}/calls/{callId}/status}, which the request sets as
 *       {@code StatusCallback}.</td></tr>
 *   <tr><td>{@code maxTrackedCalls}</td><td>10000</td><td>Number of calls whose latest status the provider keeps in
 *       memory, 1 to 1000000. When full, the call whose status was recorded longest ago is forgotten and then
 *       reported as {@code queued}.</td></tr>
 *   <tr><td>{@code client}</td><td>the defaults of {@link OutboundHttpClientFactory}</td><td>Timeouts and circuit
 *       breaker of the outbound client, named {@value #CLIENT_NAME}.</td></tr>
 * </table>
 *
 * <p>The secrets are read from the environment when the provider is built, never from the YAML, and are never
 * logged.
 */
@JsonTypeName("http")
public class HttpTelephonyProviderFactory implements TelephonyProviderFactory {

    /** Name of the outbound client, its circuit breaker and the infix of its metrics. */
    public static final String CLIENT_NAME = "telephony";

    @NotNull
    private URI baseUrl;

    @NotBlank
    private String accountIdEnv = "TELEPHONY_ACCOUNT_ID";

    @NotBlank
    private String authTokenEnv = "TELEPHONY_AUTH_TOKEN";

    @NotNull
    private URI statusCallbackUrl;

    @Min(1)
    @Max(1_000_000)
    private int maxTrackedCalls = 10_000;

    @Valid
    @NotNull
    private OutboundHttpClientFactory client = new OutboundHttpClientFactory();

    @JsonProperty
    public URI getBaseUrl() {
        return baseUrl;
    }

    @JsonProperty
    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    @JsonProperty
    public String getAccountIdEnv() {
        return accountIdEnv;
    }

    @JsonProperty
    public void setAccountIdEnv(String accountIdEnv) {
        this.accountIdEnv = accountIdEnv;
    }

    @JsonProperty
    public String getAuthTokenEnv() {
        return authTokenEnv;
    }

    @JsonProperty
    public void setAuthTokenEnv(String authTokenEnv) {
        this.authTokenEnv = authTokenEnv;
    }

    @JsonProperty
    public URI getStatusCallbackUrl() {
        return statusCallbackUrl;
    }

    @JsonProperty
    public void setStatusCallbackUrl(URI statusCallbackUrl) {
        this.statusCallbackUrl = statusCallbackUrl;
    }

    @JsonProperty
    public int getMaxTrackedCalls() {
        return maxTrackedCalls;
    }

    @JsonProperty
    public void setMaxTrackedCalls(int maxTrackedCalls) {
        this.maxTrackedCalls = maxTrackedCalls;
    }

    @JsonProperty
    public OutboundHttpClientFactory getClient() {
        return client;
    }

    @JsonProperty
    public void setClient(OutboundHttpClientFactory client) {
        this.client = client;
    }

    /** Returns whether {@code baseUrl} is absent or a usable http or https URL. */
    @JsonIgnore
    @ValidationMethod(
            message = "baseUrl must be an absolute http or https URL with a host and without query or fragment")
    public boolean isBaseUrlValid() {
        return baseUrl == null || isPlainHttpUrl(baseUrl);
    }

    /** Returns whether {@code statusCallbackUrl} is absent or a usable http or https URL. */
    @JsonIgnore
    @ValidationMethod(
            message =
                    "statusCallbackUrl must be an absolute http or https URL with a host and without query or fragment")
    public boolean isStatusCallbackUrlValid() {
        return statusCallbackUrl == null || isPlainHttpUrl(statusCallbackUrl);
    }

    /**
     * Builds the provider after reading the account ID and the auth token from the environment variables that
     * {@code accountIdEnv} and {@code authTokenEnv} name.
     *
     * @throws IllegalStateException if either variable is not set or is blank; the message names the variable
     */
    @Override
    public TelephonyProvider build(Clock clock, MetricRegistry metrics, Function<String, String> environmentVariables) {
        String accountId = readVariable(environmentVariables, accountIdEnv, "account ID");
        String authToken = readVariable(environmentVariables, authTokenEnv, "auth token");
        OutboundHttpClient httpClient = client.build(CLIENT_NAME, clock, metrics);
        return new HttpTelephonyProvider(
                httpClient, baseUrl, statusCallbackUrl, accountId, authToken, maxTrackedCalls, clock);
    }

    private static String readVariable(Function<String, String> environmentVariables, String name, String meaning) {
        String value = environmentVariables.apply(name);
        if (value == null) {
            throw new IllegalStateException("Environment variable " + name
                    + " is not set: telephony.type http needs the provider's " + meaning);
        }
        if (value.isBlank()) {
            throw new IllegalStateException(
                    "Environment variable " + name + " is blank: telephony.type http needs the provider's " + meaning);
        }
        return value.strip();
    }

    private static boolean isPlainHttpUrl(URI url) {
        String scheme = url.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        return http
                && url.isAbsolute()
                && url.getHost() != null
                && url.getRawQuery() == null
                && url.getRawFragment() == null;
    }
}
