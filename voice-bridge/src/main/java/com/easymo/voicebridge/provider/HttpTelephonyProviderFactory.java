package com.easymo.voicebridge.provider;

import com.codahale.metrics.MetricRegistry;
import com.easymo.commons.credentials.SecretFile;
import com.easymo.commons.credentials.SecretFile.InvalidSecretFileException;
import com.easymo.commons.http.OutboundHttpClient;
import com.easymo.commons.http.OutboundHttpClientFactory;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       contains the provider's auth token. Ignored when {@code authTokenFile} is set.</td></tr>
 *   <tr><td>{@code authTokenFile}</td><td>none</td><td>Path of a file that contains the auth token, read instead of
 *       {@code authTokenEnv}. The token is then registered as credential {@value #AUTH_TOKEN_CREDENTIAL}, which the
 *       admin task {@code POST /tasks/reload-credentials} reads again without a restart. A token from the
 *       environment can only be replaced by a restart.</td></tr>
 *   <tr><td>{@code authTokenOverlap}</td><td>1h</td><td>How long the token that a reload replaced stays accepted,
 *       1m to 7d: calls that the provider rejects with 401 are sent once more with it, and callbacks signed with it
 *       pass.</td></tr>
 *   <tr><td>{@code verifyCallbackSignatures}</td><td>true</td><td>Whether status callbacks must carry a valid
 *       {@code X-Twilio-Signature}; without one they get 403. Switching it off logs a WARN line at startup.</td></tr>
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
 * <p>The secrets are read from the environment or the token file when the provider is built, never from the YAML,
 * and are never logged.
 */
@JsonTypeName("http")
public class HttpTelephonyProviderFactory implements TelephonyProviderFactory {

    /** Name of the outbound client, its circuit breaker and the infix of its metrics. */
    public static final String CLIENT_NAME = "telephony";

    /** Name of the auth token read from {@code authTokenFile} in the {@code reload-credentials} task. */
    public static final String AUTH_TOKEN_CREDENTIAL = "telephony-auth-token";

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpTelephonyProviderFactory.class);

    @NotNull
    private URI baseUrl;

    @NotBlank
    private String accountIdEnv = "TELEPHONY_ACCOUNT_ID";

    @NotBlank
    private String authTokenEnv = "TELEPHONY_AUTH_TOKEN";

    private Path authTokenFile;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 7, unit = TimeUnit.DAYS)
    private Duration authTokenOverlap = Duration.hours(1);

    private boolean verifyCallbackSignatures = true;

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
    public Path getAuthTokenFile() {
        return authTokenFile;
    }

    @JsonProperty
    public void setAuthTokenFile(Path authTokenFile) {
        this.authTokenFile = authTokenFile;
    }

    @JsonProperty
    public Duration getAuthTokenOverlap() {
        return authTokenOverlap;
    }

    @JsonProperty
    public void setAuthTokenOverlap(Duration authTokenOverlap) {
        this.authTokenOverlap = authTokenOverlap;
    }

    @JsonProperty
    public boolean isVerifyCallbackSignatures() {
        return verifyCallbackSignatures;
    }

    @JsonProperty
    public void setVerifyCallbackSignatures(boolean verifyCallbackSignatures) {
        this.verifyCallbackSignatures = verifyCallbackSignatures;
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
     * Builds the provider after reading the account ID from the environment variable that {@code accountIdEnv} names,
     * and the auth token from {@code authTokenFile} when it is set, else from the variable that {@code authTokenEnv}
     * names.
     *
     * @throws IllegalStateException if a variable is not set or is blank, or the token file cannot be read or contains
     *     no valid token. The message names the variable or the file.
     */
    @Override
    public TelephonyProvider build(Clock clock, MetricRegistry metrics, Function<String, String> environmentVariables) {
        String accountId = readVariable(environmentVariables, accountIdEnv, "account ID");
        AuthTokens authTokens = authTokenFile == null
                ? AuthTokens.fixed(readVariable(environmentVariables, authTokenEnv, "auth token"))
                : AuthTokens.fromFile(readTokenFile(clock));
        if (!verifyCallbackSignatures) {
            LOGGER.atWarn()
                    .addKeyValue("event", "TELEPHONY_CALLBACK_SIGNATURES_DISABLED")
                    .log("telephony.verifyCallbackSignatures is false: any client that knows a call ID and its"
                            + " CallSid can set the call's status");
        }

        OutboundHttpClient httpClient = client.build(CLIENT_NAME, clock, metrics);
        return new HttpTelephonyProvider(
                httpClient,
                baseUrl,
                statusCallbackUrl,
                accountId,
                authTokens,
                verifyCallbackSignatures,
                maxTrackedCalls,
                clock);
    }

    private SecretFile readTokenFile(Clock clock) {
        try {
            return SecretFile.read(AUTH_TOKEN_CREDENTIAL, authTokenFile, authTokenOverlap.toJavaDuration(), clock);
        } catch (InvalidSecretFileException e) {
            throw new IllegalStateException(
                    "telephony.authTokenFile must contain the provider's auth token: " + e.getMessage(), e);
        }
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
