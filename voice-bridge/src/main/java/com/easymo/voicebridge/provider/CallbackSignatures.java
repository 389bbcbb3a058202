package com.easymo.voicebridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks Twilio's {@code X-Twilio-Signature} on status callbacks.
 *
 * <p>The signature is the Base64 form of an HMAC-SHA1, keyed by the auth token, over the callback URL followed by
 * each POST parameter's name and value, sorted by name, with no separators. The URL is the one this service sent as
 * {@code StatusCallback}, {@code {statusCallbackUrl}/calls/{callId}/status}, and never one built from the request's
 * {@code Host} header, which a client chooses. A signature made with any accepted token passes, so callbacks signed
 * before and after a token change both pass during the change's overlap.
 */
final class CallbackSignatures {

    private static final Logger LOGGER = LoggerFactory.getLogger(CallbackSignatures.class);

    private static final String ALGORITHM = "HmacSHA1";
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final String statusCallbackBase;
    private final AuthTokens tokens;
    private final LogThrottle rejectionLog;

    CallbackSignatures(String statusCallbackBase, AuthTokens tokens, Clock clock) {
        this.statusCallbackBase = Objects.requireNonNull(statusCallbackBase, "statusCallbackBase");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.rejectionLog = new LogThrottle(LOG_INTERVAL, clock);
    }

    /** Returns the URL that the provider posts the call's status changes to, and signs callbacks with. */
    String callbackUrl(UUID callId) {
        return statusCallbackBase + "/calls/" + callId + "/status";
    }

    /**
     * Checks the signature of a callback for the call. Rejections are logged at WARN, at most once a minute, without
     * the signature or any token.
     *
     * @param parameters every POST parameter of the callback, decoded
     * @param signature the {@code X-Twilio-Signature} header, or {@code null} when it is absent
     */
    SignatureCheck check(UUID callId, Map<String, List<String>> parameters, String signature) {
        if (signature == null || signature.isEmpty()) {
            logRejection(callId, SignatureCheck.MISSING);
            return SignatureCheck.MISSING;
        }

        String url = callbackUrl(callId);
        byte[] received = signature.getBytes(StandardCharsets.UTF_8);
        boolean matches = false;
        for (String token : tokens.accepted()) {
            byte[] expected = sign(token, url, parameters).getBytes(StandardCharsets.UTF_8);
            // The time MessageDigest.isEqual takes depends only on the expected length, never on either content.
            matches |= MessageDigest.isEqual(expected, received);
        }
        if (!matches) {
            logRejection(callId, SignatureCheck.INVALID);
            return SignatureCheck.INVALID;
        }
        return SignatureCheck.VALID;
    }

    /**
     * Computes the signature that Twilio sends for a request to {@code url} with the given POST parameters. A name
     * that occurs more than once contributes each of its values, in sorted order.
     */
    static String sign(String token, String url, Map<String, List<String>> parameters) {
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, List<String>> parameter : new TreeMap<>(parameters).entrySet()) {
            List<String> values = new ArrayList<>(parameter.getValue());
            values.sort(null);
            for (String value : values) {
                data.append(parameter.getKey()).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(hmacSha1(token, data.toString()));
    }

    private static byte[] hmacSha1(String key, String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE implementation provides HmacSHA1, and any non-empty key is valid for it.
            throw new IllegalStateException("Failed to compute an HMAC-SHA1", e);
        }
    }

    private void logRejection(UUID callId, SignatureCheck outcome) {
        OptionalLong suppressed = rejectionLog.acquire();
        if (suppressed.isEmpty()) {
            return;
        }
        LOGGER.atWarn()
                .addKeyValue("event", "TELEPHONY_CALLBACK_SIGNATURE_REJECTED")
                .addKeyValue("callId", callId)
                .addKeyValue("reason", outcome == SignatureCheck.MISSING ? "missing" : "invalid")
                .addKeyValue("suppressedSinceLastLog", suppressed.getAsLong())
                .log("Rejected a status callback whose X-Twilio-Signature is missing or matches no accepted"
                        + " auth token");
    }
}
