package com.easymo.voicebridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.credentials.SecretFile;
import com.easymo.commons.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbackSignaturesTest {

    private static final UUID CALL_ID = UUID.fromString("58008890-c6f6-424f-90d5-9e9b7442e2cb");
    private static final String BASE = "https://voice.example.com";
    private static final Map<String, List<String>> FORM =
            Map.of("CallSid", List.of("CA1"), "CallStatus", List.of("ringing"));

    @TempDir
    Path directory;

    /** The request and signature of the example in the tests of Twilio's Java library, twilio-java. */
    @Test
    void signMatchesTwilioExample() {
        Map<String, List<String>> parameters = Map.of(
                "Digits", List.of("1234"),
                "CallSid", List.of("CA1234567890ABCDE"),
                "To", List.of("+18005551212"),
                "Caller", List.of("+14158675309"),
                "From", List.of("+14158675309"));

        String signature = CallbackSignatures.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters);

        assertThat(signature).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void signSortsRepeatedValues() {
        String sorted = CallbackSignatures.sign("k", BASE, Map.of("A", List.of("1", "2")));
        String unsorted = CallbackSignatures.sign("k", BASE, Map.of("A", List.of("2", "1")));

        assertThat(unsorted).isEqualTo(sorted);
        assertThat(sorted).isEqualTo(CallbackSignatures.sign("k", BASE + "A1A2", Map.of()));
    }

    @Test
    void callbackUrlIsStatusPathUnderBase() {
        CallbackSignatures signatures =
                new CallbackSignatures(BASE, AuthTokens.fixed("tok"), MutableClock.startingAt2026());

        assertThat(signatures.callbackUrl(CALL_ID))
                .isEqualTo("https://voice.example.com/calls/58008890-c6f6-424f-90d5-9e9b7442e2cb/status");
    }

    @Test
    void checkAcceptsEitherTokenDuringOverlap() throws Exception {
        MutableClock clock = MutableClock.startingAt2026();
        Path file = directory.resolve("token");
        Files.writeString(file, "tok-old");
        SecretFile secret = SecretFile.read("telephony-auth-token", file, Duration.ofHours(1), clock);
        Files.writeString(file, "tok-new");
        secret.reload();
        CallbackSignatures signatures = new CallbackSignatures(BASE, AuthTokens.fromFile(secret), clock);
        String url = signatures.callbackUrl(CALL_ID);

        SignatureCheck oldDuring = signatures.check(CALL_ID, FORM, CallbackSignatures.sign("tok-old", url, FORM));
        SignatureCheck newDuring = signatures.check(CALL_ID, FORM, CallbackSignatures.sign("tok-new", url, FORM));
        clock.advance(Duration.ofHours(1));
        SignatureCheck oldAfter = signatures.check(CALL_ID, FORM, CallbackSignatures.sign("tok-old", url, FORM));
        SignatureCheck newAfter = signatures.check(CALL_ID, FORM, CallbackSignatures.sign("tok-new", url, FORM));

        assertThat(oldDuring).isEqualTo(SignatureCheck.VALID);
        assertThat(newDuring).isEqualTo(SignatureCheck.VALID);
        assertThat(oldAfter).isEqualTo(SignatureCheck.INVALID);
        assertThat(newAfter).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void checkReportsMissingSignature() {
        CallbackSignatures signatures =
                new CallbackSignatures(BASE, AuthTokens.fixed("tok"), MutableClock.startingAt2026());

        assertThat(signatures.check(CALL_ID, FORM, null)).isEqualTo(SignatureCheck.MISSING);
        assertThat(signatures.check(CALL_ID, FORM, "")).isEqualTo(SignatureCheck.MISSING);
    }
}
