package com.easymo.commons.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamExceptionMappersTest {

    private final ObjectMapper mapper = Jackson.newObjectMapper();

    @Test
    void unavailableMapsTo503WithRetryAfter() throws Exception {
        Response response = new UpstreamUnavailableExceptionMapper()
                .toResponse(new UpstreamUnavailableException("sms-provider", 7));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(mapper.writeValueAsString(response.getEntity()))
                .isEqualTo("{\"error\":\"upstream_unavailable\",\"message\":\"A service that this request depends on"
                        + " is temporarily unavailable, please try again later.\",\"retryAfter\":7}");
    }

    @Test
    void unavailableBodyNamesNoBreaker() throws Exception {
        Response response = new UpstreamUnavailableExceptionMapper()
                .toResponse(new UpstreamUnavailableException("sms-provider", 7));

        assertThat(mapper.writeValueAsString(response.getEntity())).doesNotContain("sms-provider");
    }

    @Test
    void timeoutMapsTo504() throws Exception {
        UpstreamException timeout = new UpstreamException(
                "sms-provider", UpstreamException.Kind.TIMEOUT, "timed out", new HttpTimeoutException("timed out"));

        Response response = new UpstreamExceptionMapper().toResponse(timeout);

        assertThat(response.getStatus()).isEqualTo(504);
        assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isNull();
        assertThat(mapper.writeValueAsString(response.getEntity()))
                .isEqualTo("{\"error\":\"upstream_timeout\",\"message\":\"A service that this request depends on"
                        + " did not respond in time.\"}");
    }

    @Test
    void connectionFailureMapsTo502() throws Exception {
        UpstreamException failure = new UpstreamException(
                "sms-provider",
                UpstreamException.Kind.CONNECTION_FAILURE,
                "failed to connect",
                new ConnectException("Connection refused"));

        Response response = new UpstreamExceptionMapper().toResponse(failure);

        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(mapper.writeValueAsString(response.getEntity()))
                .isEqualTo("{\"error\":\"upstream_error\",\"message\":\"A service that this request depends on"
                        + " failed to process it.\"}");
    }

    @Test
    void serverErrorMapsTo502() throws Exception {
        Response response =
                new UpstreamExceptionMapper().toResponse(UpstreamException.serverError("sms-provider", 503));

        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(mapper.writeValueAsString(response.getEntity())).doesNotContain("sms-provider");
    }
}
