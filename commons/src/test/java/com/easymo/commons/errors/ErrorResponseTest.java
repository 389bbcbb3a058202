package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    private final ObjectMapper mapper = Jackson.newObjectMapper();

    @Test
    void leavesOutNullFields() throws Exception {
        ErrorResponse body = ErrorResponse.of("not_found", "No resource matches the request path.");

        String json = mapper.writeValueAsString(body);

        assertThat(json).isEqualTo("{\"error\":\"not_found\",\"message\":\"No resource matches the request path.\"}");
    }

    @Test
    void writesFieldWhenPresent() throws Exception {
        ErrorResponse body = ErrorResponse.forField("invalid_field", "to must not be null", "to");

        String json = mapper.writeValueAsString(body);

        assertThat(json)
                .isEqualTo("{\"error\":\"invalid_field\",\"message\":\"to must not be null\",\"field\":\"to\"}");
    }

    @Test
    void derivesCodeForRareStatusFromReasonPhrase() {
        ErrorResponse body = StatusErrors.forStatus(410);

        assertThat(body.error()).isEqualTo("gone");
    }

    @Test
    void keepsInternalErrorFor500Only() {
        assertThat(StatusErrors.forStatus(500).error()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
        assertThat(StatusErrors.forStatus(502).error()).isEqualTo("bad_gateway");
        assertThat(StatusErrors.forStatus(505).error()).isEqualTo(ErrorCodes.HTTP_VERSION_NOT_SUPPORTED);
        assertThat(StatusErrors.forStatus(599).error()).isEqualTo("server_error");
        assertThat(StatusErrors.forStatus(499).error()).isEqualTo(ErrorCodes.BAD_REQUEST);
    }
}
