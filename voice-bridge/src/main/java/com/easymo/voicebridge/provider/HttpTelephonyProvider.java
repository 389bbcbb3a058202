package com.easymo.voicebridge.provider;

import com.codahale.metrics.health.HealthCheck;
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
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider that places calls through a Twilio-style REST API and learns their statuses from the API's callbacks.
 *
 * <p>A call is placed with {@code POST {baseUrl}/Accounts/{accountId}/Calls.json}, a form body with {@code To},
 * {@code From} and {@code StatusCallback}, and HTTP basic authentication. The provider's response is handled so:
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
 * so 4xx responses never open it.
 */
final class HttpTelephonyProvider implements TelephonyProvider {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpTelephonyProvider.class);

    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** Provider error codes that are echoed to clients; anything else could carry personal data or markup. */
    private static final Pattern SAFE_PROVIDER_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Duration CREDENTIAL_ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

    private final OutboundHttpClient client;
    private final URI callsUrl;
    private final String statusCallbackBase;
    private final String authorization;
    private final int maxTrackedCalls;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, CallStatus> statuses = new LinkedHashMap<>();
    private final AtomicReference<Instant> nextCredentialErrorLog = new AtomicReference<>(Instant.MIN);
    private final AtomicLong suppressedCredentialErrors = new AtomicLong();

    HttpTelephonyProvider(
            OutboundHttpClient client,
            URI baseUrl,
            URI statusCallbackUrl,
            String accountId,
            String authToken,
            int maxTrackedCalls,
            Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.callsUrl =
                URI.create(withoutTrailingSlash(baseUrl) + "/Accounts/" + encodePathSegment(accountId) + "/Calls.json");
        this.statusCallbackBase = withoutTrailingSlash(statusCallbackUrl);
        String credentials = accountId + ":" + authToken;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.maxTrackedCalls = maxTrackedCalls;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ProviderCall placeCall(UUID callId, String to, String from) {
        String form = formField("To", to) + "&" + formField("From", from) + "&"
                + formField("StatusCallback", statusCallbackBase + "/calls/" + callId + "/status");
        HttpRequest.Builder request = HttpRequest.newBuilder(callsUrl)
                .header("Content-Type", FORM_CONTENT_TYPE)
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));

        HttpResponse<String> response = client.send(request);
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
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.of(client.getCircuitBreaker());
    }

    /** Reports healthy without calling the provider: the circuit breaker's health check reports its availability. */
    @Override
    public HealthCheck.Result checkHealth() {
        return HealthCheck.Result.healthy("HTTP provider at " + callsUrl.getHost() + "; the circuit breaker '"
                + client.getName() + "' reports its availability");
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
        if (status >= 500) {
            return UpstreamException.serverError(client.getName(), status, response.body());
        }
        if (status == 401 || status == 403 || status == 404) {
            logCredentialError(status);
            return unexpectedResponse("Telephony provider rejected the account or URL with status " + status);
        }
        if (status == 429) {
            return new UpstreamUnavailableException(client.getName(), retryAfterSeconds(response));
        }
        if (status >= 400) {
            return new CallRejectedException(status, providerCode(response.body()));
        }
        return unexpectedResponse("Telephony provider responded with status " + status);
    }

    private void logCredentialError(int status) {
        Instant now = clock.instant();
        Instant next = nextCredentialErrorLog.get();
        if (now.isBefore(next)
                || !nextCredentialErrorLog.compareAndSet(next, now.plus(CREDENTIAL_ERROR_LOG_INTERVAL))) {
            suppressedCredentialErrors.incrementAndGet();
            return;
        }
        LOGGER.error(
                "Telephony provider rejected the configured account: status={} host={} suppressedSinceLastLog={}."
                        + " Check the account ID and auth token variables and telephony.baseUrl",
                status,
                callsUrl.getHost(),
                suppressedCredentialErrors.getAndSet(0));
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
