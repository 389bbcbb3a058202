package com.easymo.tests.logging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.testing.ConfigOverride;
import java.util.List;
import java.util.Map;

/**
 * WireMock stand-in for the Twilio-style REST API of the HTTP telephony provider, on a free port of 127.0.0.1, and
 * the environment that voice-bridge reads the provider's account ID and auth token from.
 */
public final class TelephonyProviderStub {

    public static final String ACCOUNT_ID = "AC0123456789abcdef";
    public static final String AUTH_TOKEN = "tok-5ecret-6789";
    public static final String CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT_ID + "/Calls.json";
    public static final Map<String, String> ENVIRONMENT =
            Map.of("TELEPHONY_ACCOUNT_ID", ACCOUNT_ID, "TELEPHONY_AUTH_TOKEN", AUTH_TOKEN);

    private TelephonyProviderStub() {}

    /**
     * Starts a stub on a free port of 127.0.0.1. Its notices go to the console: WireMock's default notifier writes to
     * SLF4J, which would put the stub's own lines, with the request bodies it received, into the service's log file.
     */
    public static WireMockServer start() {
        WireMockServer stub = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().notifier(new ConsoleNotifier(false)));
        stub.start();
        return stub;
    }

    /** Returns the override that points the HTTP provider of the configuration at the stub. */
    public static ConfigOverride baseUrl(WireMockServer stub) {
        return ConfigOverride.config("telephony.baseUrl", "http://127.0.0.1:" + stub.port() + "/2010-04-01");
    }

    /** Makes the stub accept every call with 201 and a new {@code sid}, status {@code queued}. */
    public static void acceptCalls(WireMockServer stub) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"CA{{randomValue length=32 type='ALPHANUMERIC'}}\",\"status\":\"queued\"}")
                        .withTransformers("response-template")));
    }

    /** Makes the stub respond to every call with the given status and JSON body. */
    public static void failCalls(WireMockServer stub, int status, String body) {
        stub.stubFor(post(urlEqualTo(CALLS_PATH))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    /** Returns every call request that the stub received, oldest first. */
    public static List<LoggedRequest> callsReceived(WireMockServer stub) {
        return stub.findAll(postRequestedFor(urlEqualTo(CALLS_PATH)));
    }
}
