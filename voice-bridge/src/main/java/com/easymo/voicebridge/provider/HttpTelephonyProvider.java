package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
import com.easymo.commons.credentials.ReloadableCredential;
import com.easymo.commons.http.OutboundHttpClient;
import com.easymo.commons.http.UpstreamException;
import com.easymo.commons.http.UpstreamUnavailableException;
import com.easymo.voicebridge.core.CallStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider that places calls through a Twilio-style REST API and learns their statuses from the API's callbacks.
 *
 * <p>A call is placed with {@code POST {baseUrl}/Accounts/{accountId}/Calls.json}, a form body with {@code To},
 * {@code From} and {@code StatusCallback}, and HTTP basic authentication with the current auth token. When the
 * provider responds with 401 while a replaced token is still within its overlap, the same request is sent once more
 * with that token. A 401 means that the provider placed no call, so the second request cannot place it twice. The
 * provider's final response is handled so:
 *
 * <ul>
 *   <li>2xx with a JSON {@code sid}: the call is placed, with the response's {@code status} (queued if unknown);
 *   <li>401, 403 or 404: the account ID, the auth token or {@code baseUrl} is wrong, which is this service's
 *       misconfiguration, so it is logged at ERROR (at most once a minute) and thrown as {@link UpstreamException};
 *   <li>429: thrown as {@link UpstreamUnavailableException} with the provider's {@code Retry-After};
 *   <li>any other 4xx: thrown as {@link CallRejectedException}, because the call itself was rejected;
 *   <li>5xx, or 2xx without a {@code sid}, or 1xx and 3xx: thrown as {@link UpstreamException}.
 * </ul>
 *
 * <p>The outbound client counts only 5xx responses, timeouts and connection failures against its circuit breaker,
 * so 4xx responses never open it. Status callbacks are checked by {@link CallbackSignatures} unless checking is
 * switched off.
 */
final class HttpTelephonyProvider implements TelephonyProvider {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpTelephonyProvider.class);

    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** Provider error codes that are echoed to clients; anything else could carry personal data or markup. */
    private static final Pattern SAFE_PROVIDER_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final OutboundHttpClient client;
    private final URI callsUrl;
    private final String accountId;
    private final AuthTokens authTokens;
    private final CallbackSignatures callbackSignatures;
    private final boolean verifyCallbackSignatures;
    private final int maxTrackedCalls;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, CallStatus> statuses = new LinkedHashMap<>();
    private final LogThrottle credentialErrorLog;
    private final LogThrottle tokenFallbackLog;

    HttpTelephonyProvider(
            OutboundHttpClient client,
            URI baseUrl,
            URI statusCallbackUrl,
            String accountId,
            AuthTokens authTokens,
            boolean verifyCallbackSignatures,
            int maxTrackedCalls,
            Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.callsUrl =
                URI.create(withoutTrailingSlash(baseUrl) + "/Accounts/" + encodePathSegment(accountId) + "/Calls.json");
        this.authTokens = Objects.requireNonNull(authTokens, "authTokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callbackSignatures = new CallbackSignatures(withoutTrailingSlash(statusCallbackUrl), authTokens, clock);
        this.verifyCallbackSignatures = verifyCallbackSignatures;
        this.maxTrackedCalls = maxTrackedCalls;
        this.credentialErrorLog = new LogThrottle(LOG_INTERVAL, clock);
        this.tokenFallbackLog = new LogThrottle(LOG_INTERVAL, clock);
    }

    @Override
    public ProviderCall placeCall(UUID callId, String to, String from) {
        String form = formField("To", to) + "&" + formField("From", from) + "&"
                + formField("StatusCallback", callbackSignatures.callbackUrl(callId));
        List<String> tokens = authTokens.accepted();

        HttpResponse<String> response = client.send(callRequest(form, tokens.get(0)));
        if (response.statusCode() == 401 && tokens.size() > 1) {
            logTokenFallback();
            response = client.send(callRequest(form, tokens.get(1)));
        }

        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return accepted(response.body());
        }
        throw rejection(response);
    }

    @Override
    public CallStatus fetchStatus(ProviderCall call) {
        synchronized (statuses) {
            return statuses.getOrDefault(call.providerCallId(), CallStatus.QUEUED);
        }
    }

    /**
     * Records the status unless the call already has a final status, or the new status lies before the current one,
     * because callbacks can arrive out of order.
     */
    @Override
    public void recordStatus(ProviderCall call, CallStatus status) {
        synchronized (statuses) {
            CallStatus current = statuses.get(call.providerCallId());
            boolean replaces = current == null || (!current.isFinal() && status.compareTo(current) >= 0);
            if (replaces) {
                track(call.providerCallId(), status);
            }
        }
    }

    @Override
    public boolean takesStatusCallbacks() {
        return true;
    }

    @Override
    public SignatureCheck checkCallbackSignature(UUID callId, Map<String, List<String>> parameters, String signature) {
        if (!verifyCallbackSignatures) {
            return SignatureCheck.NOT_CHECKED;
        }
        return callbackSignatures.check(callId, parameters, signature);
    }

    @Override
    public Optional<ReloadableCredential> reloadableCredential() {
        return authTokens.reloadable();
    }

    @Override
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.of(client.getCircuitBreaker());
    }

    /** Reports healthy without calling the provider: the circuit breaker's health check reports its availability. */
    @Override
    public HealthCheck.Result checkHealth() {
        return HealthCheck.Result.healthy("HTTP provider at " + callsUrl.getHost() + "; the circuit breaker '"
                + client.getName() + "' reports its availability");
    }

    private HttpRequest.Builder callRequest(String form, String authToken) {
        String credentials = accountId + ":" + authToken;
        String authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(callsUrl)
                .header("Content-Type", FORM_CONTENT_TYPE)
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    }

    private void logTokenFallback() {
        OptionalLong suppressed = tokenFallbackLog.acquire();
        if (suppressed.isEmpty()) {
            return;
        }
        LOGGER.atWarn()
                .addKeyValue("event", "TELEPHONY_TOKEN_FALLBACK")
                .addKeyValue("host", callsUrl.getHost())
                .addKeyValue("suppressedSinceLastLog", suppressed.getAsLong())
                .log("Telephony provider rejected the current auth token with 401, so the call was sent again with"
                        + " the previous token, which is accepted only until its overlap ends");
    }

    private ProviderCall accepted(String body) {
        JsonNode json = readJson(body);
        String sid = json.path("sid").asText("");
        if (sid.isBlank()) {
            throw unexpectedResponse("Telephony provider accepted the call but its response has no sid");
        }

        String statusValue = json.path("status").asText("");
        CallStatus status = CallStatus.fromValue(statusValue).orElseGet(() -> {
            LOGGER.warn(
                    "Telephony provider returned an unknown call status, reported as queued: providerCallId={}"
                            + " status={}",
                    sid,
                    SAFE_PROVIDER_CODE.matcher(statusValue).matches() ? statusValue : "<invalid>");
            return CallStatus.QUEUED;
        });
        synchronized (statuses) {
            track(sid, status);
        }
        return new ProviderCall(sid, clock.instant());
    }

    private RuntimeException rejection(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = withoutTokens(response.body());
        if (status >= 500) {
            return UpstreamException.serverError(client.getName(), status, body);
        }
        if (status == 401 || status == 403 || status == 404) {
            logCredentialError(status);
            return unexpectedResponse("Telephony provider rejected the account or URL with status " + status);
        }
        if (status == 429) {
            return new UpstreamUnavailableException(client.getName(), retryAfterSeconds(response));
        }
        if (status >= 400) {
            return new CallRejectedException(status, providerCode(body));
        }
        return unexpectedResponse("Telephony provider responded with status " + status);
    }

    /**
     * Replaces every accepted auth token, and the Basic credentials made from it, in a provider's response body, so
     * that a provider or a proxy that echoes the request's credentials cannot put them into a log line or an error.
     */
    private String withoutTokens(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        String redacted = body;
        for (String token : authTokens.accepted()) {
            String basic =
                    Base64.getEncoder().encodeToString((accountId + ":" + token).getBytes(StandardCharsets.UTF_8));
            redacted = redacted.replace(basic, "***").replace(token, "***");
        }
        return redacted;
    }

    private void logCredentialError(int status) {
        OptionalLong suppressed = credentialErrorLog.acquire();
        if (suppressed.isEmpty()) {
            return;
        }
        LOGGER.error(
                "Telephony provider rejected the configured account: status={} host={} suppressedSinceLastLog={}."
                        + " Check the account ID, the auth token and telephony.baseUrl",
                status,
                callsUrl.getHost(),
                suppressed.getAsLong());
    }

    private String providerCode(String body) {
        JsonNode code = readJsonOrEmpty(body).path("code");
        String text = code.isValueNode() ? code.asText() : "";
        return SAFE_PROVIDER_CODE.matcher(text).matches() ? text : null;
    }

    private static long retryAfterSeconds(HttpResponse<String> response) {
        String header = response.headers().firstValue("Retry-After").orElse("");
        try {
            return Math.max(1, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private JsonNode readJson(String body) {
        try {
            return mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw unexpectedResponse("Telephony provider accepted the call but its response is not JSON");
        }
    }

    private JsonNode readJsonOrEmpty(String body) {
        try {
            JsonNode json = mapper.readTree(body == null ? "" : body);
            return json == null ? mapper.missingNode() : json;
        } catch (JsonProcessingException e) {
            return mapper.missingNode();
        }
    }

    private UpstreamException unexpectedResponse(String message) {
        return new UpstreamException(client.getName(), UpstreamException.Kind.UNEXPECTED_RESPONSE, message, null);
    }

    private void track(String providerCallId, CallStatus status) {
        statuses.remove(providerCallId);
        statuses.put(providerCallId, status);
        if (statuses.size() > maxTrackedCalls) {
            statuses.remove(statuses.keySet().iterator().next());
        }
    }

    private static String formField(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encodePathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withoutTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
