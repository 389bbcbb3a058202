package com.easymo.commons.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.commons.ratelimit.RateLimitTestApplication;
import com.easymo.commons.testing.MutableClock;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

@ExtendWith(DropwizardExtensionsSupport.class)
class CorrelationIdFilterTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("ratelimit-test.yml")) {
                @Override
                public RateLimitTestApplication newApplication() {
                    return new RateLimitTestApplication(MutableClock.startingAt2026(), new MdcResource());
                }
            });

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void echoesWellFormedClientId() throws Exception {
        HttpResponse<String> response = get("/mdc", "corr-A-111");

        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("corr-A-111");
        assertThat(response.body()).isEqualTo("corr-A-111");
    }

    @Test
    void generatesIdWhenHeaderIsMissing() throws Exception {
        HttpResponse<String> response = get("/mdc", null);

        String id = response.headers().firstValue("X-Correlation-ID").orElseThrow();
        assertThat(id).matches(UUID_PATTERN);
        assertThat(response.body()).isEqualTo(id);
    }

    @Test
    void replacesMalformedClientId() throws Exception {
        HttpResponse<String> response = get("/mdc", "bad id\t<script>");

        String id = response.headers().firstValue("X-Correlation-ID").orElseThrow();
        assertThat(id).matches(UUID_PATTERN);
        assertThat(response.body()).isEqualTo(id);
    }

    @Test
    void acceptsRequestIdAlias() throws Exception {
        HttpResponse<String> response = send("/mdc", "X-Request-ID", "req-42");

        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("req-42");
        assertThat(response.body()).isEqualTo("req-42");
    }

    @Test
    void prefersCorrelationIdOverAlias() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/mdc"))
                .header("X-Correlation-ID", "corr-1")
                .header("X-Request-ID", "req-2")
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("corr-1");
    }

    @Test
    void adminRequestsCarryId() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck"))
                .header("X-Correlation-ID", "corr-admin-1")
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("corr-admin-1");
    }

    @Test
    void replacesIdWithoutLetterOrDigit() throws Exception {
        HttpResponse<String> response = get("/mdc", "-");

        assertThat(response.headers().firstValue("X-Correlation-ID").orElseThrow())
                .matches(UUID_PATTERN);
    }

    @Test
    void replacesIdShapedLikeSecret() throws Exception {
        HttpResponse<String> response = get("/mdc", "sk_test_4f9a8b7c6d5e");

        assertThat(response.headers().firstValue("X-Correlation-ID").orElseThrow())
                .matches(UUID_PATTERN);
    }

    @Test
    void replacesOverlongClientId() throws Exception {
        HttpResponse<String> response = get("/mdc", "a".repeat(65));

        assertThat(response.headers().firstValue("X-Correlation-ID").orElseThrow())
                .matches(UUID_PATTERN);
    }

    @Test
    void earlierIdNeverReachesLaterRequest() throws Exception {
        get("/mdc", "corr-A-111");
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("/mdc", null);
            String id = response.headers().firstValue("X-Correlation-ID").orElseThrow();
            assertThat(response.body()).isEqualTo(id);
            ids.add(id);
        }

        assertThat(ids).hasSize(20).doesNotContain("corr-A-111");
    }

    @Test
    void errorResponsesCarryId() throws Exception {
        HttpResponse<String> response = get("/no-such-path", "corr-B-222");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("corr-B-222");
    }

    private HttpResponse<String> get(String path, String correlationId) throws Exception {
        return send(path, "X-Correlation-ID", correlationId);
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path));
        if (value != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns the correlation ID that the MDC contains while the request runs. */
    @Path("/mdc")
    public static class MdcResource {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String correlationId() {
            return MDC.get(CorrelationIdFilter.MDC_KEY);
        }
    }

    @Test
    void generatedIdIsVersion4Uuid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = CorrelationIdFilter.newCorrelationId();
            UUID parsed = UUID.fromString(id);

            assertThat(id).matches(UUID_PATTERN);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
