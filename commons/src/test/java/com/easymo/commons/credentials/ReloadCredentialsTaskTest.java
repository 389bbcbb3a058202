package com.easymo.commons.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reload task reports every credential it handled, those that reloaded included, when one of them fails. */
class ReloadCredentialsTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialRegistry registry = new CredentialRegistry();
    private final List<String> reloaded = new ArrayList<>();

    @Test
    void failureStillReportsTheCredentialsThatReloaded() {
        registry.register(credential("api-keys", null));
        registry.register(credential("telephony-auth-token", Map.of("changed", true)));
        ReloadCredentialsTask task = new ReloadCredentialsTask(registry, JSON);

        assertThatThrownBy(() -> task.execute(Map.of("by", List.of("oncall")), new PrintWriter(new StringWriter())))
                .satisfies(e -> {
                    JsonNode body = JSON.readTree(e.getMessage());
                    assertThat(body.get("error").asText()).isEqualTo("credential_reload_failed");
                    assertThat(body.get("message").asText())
                            .isEqualTo("Not reloaded, the value in use is kept: api-keys: the file is broken");
                    assertThat(body.get("results").toString())
                            .isEqualTo("{\"api-keys\":{\"status\":\"failed\",\"reason\":\"the file is broken\"},"
                                    + "\"telephony-auth-token\":{\"status\":\"reloaded\",\"changed\":true}}");
                });
        assertThat(reloaded).containsExactly("telephony-auth-token");
    }

    @Test
    void namesEachCredentialOnceAndRefusesUnknownParameters() throws Exception {
        registry.register(credential("api-keys", Map.of("keys", 2)));
        ReloadCredentialsTask task = new ReloadCredentialsTask(registry, JSON);
        StringWriter output = new StringWriter();

        task.execute(Map.of("name", List.of("api-keys", "api-keys")), new PrintWriter(output, true));

        assertThat(output.toString().strip()).isEqualTo("{\"api-keys\":{\"status\":\"reloaded\",\"keys\":2}}");
        assertThat(reloaded).containsExactly("api-keys");
        assertThatThrownBy(() -> task.execute(Map.of("nmae", List.of("api-keys")), new PrintWriter(new StringWriter())))
                .hasMessage("{\"error\":\"invalid_parameter\",\"message\":\"Unknown parameter nmae; parameters: [by,"
                        + " name]\",\"field\":\"nmae\"}");
    }

    /** Returns a credential that reloads with the given summary, or fails when the summary is {@code null}. */
    private ReloadableCredential credential(String name, Map<String, Object> summary) {
        return new ReloadableCredential() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> reload() {
                if (summary == null) {
                    throw new IllegalStateException("the file is broken");
                }
                reloaded.add(name);
                return summary;
            }
        };
    }
}
