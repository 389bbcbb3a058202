package com.easymo.voicebridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.TestHttp;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that {@code telephony.verifyCallbackSignatures: false} lets unsigned status callbacks through. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CallbackSignatureDisabledTest {

    private static final WireMockServer STUB = TelephonyStub.start();
    private static final DropwizardAppExtension<VoiceBridgeConfiguration> APP = TelephonyStub.app(
            STUB, MutableClock.startingAt2026(), ConfigOverride.config("telephony.verifyCallbackSignatures", "false"));

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Test
    void unsignedCallbackPasses() throws Exception {
        TelephonyStub.acceptCalls(STUB);
        TestHttp http = new TestHttp(APP.getLocalPort());
        String callId = TestHttp.json(TelephonyStub.placeCall(http, TelephonyStub.GOOD_NUMBER))
                .path("callId")
                .asText();
        String form = "CallSid=" + TelephonyStub.latestProviderCallId(STUB) + "&CallStatus=ringing";

        HttpResponse<String> unsigned = TelephonyStub.postStatus(http, callId, form, null);
        HttpResponse<String> forged = TelephonyStub.postStatus(http, callId, form.replace("ringing", "completed"), "x");

        assertThat(unsigned.statusCode()).isEqualTo(204);
        assertThat(forged.statusCode()).isEqualTo(204);
        assertThat(TestHttp.json(http.get("/calls/" + callId)).path("status").asText())
                .isEqualTo("completed");
    }
}
