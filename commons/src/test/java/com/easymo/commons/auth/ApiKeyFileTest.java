package com.easymo.commons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.logging.masking.LogMaskingFactory;
import com.easymo.commons.logging.masking.PiiMasker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The key file is read strictly, and every problem is named with its entry and field. */
class ApiKeyFileTest {

    private static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String NAME_RULE =
            "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final String INSTANT_RULE = "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z";
    private static final String OTHER_DIGEST = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    @Test
    void readsEntriesWithOptionalTimes() {
        ApiKeySet keys = parse("keys:\n  - id: a-1\n    owner: acme\n    sha256: \"" + DIGEST.toUpperCase()
                + "\"\n    notBefore: 2026-12-01T00:00:00Z\n    notAfter: 2027-01-01T00:00:00Z\n");

        assertThat(keys.keys()).singleElement().satisfies(key -> {
            assertThat(key.sha256()).isEqualTo(DIGEST);
            assertThat(key.notBefore()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(key.stateAt(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(ApiKey.State.EXPIRED);
            assertThat(key.stateAt(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(ApiKey.State.PENDING);
        });
        assertThat(parse("keys: []\n").keys()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|f.yml must be a mapping with a list named keys",
                "keys: [|f.yml is not valid YAML at line 1",
                "other: 1|f.yml must be a mapping with a list named keys",
                "keys: []\\nextra: 1|f.yml has an unknown top-level field 'extra'",
                "keys: 3|f.yml must list its entries under keys",
                "keys: [3]|f.yml, entry 1 must be a mapping with id, owner and sha256",
                "keys:\\n  - id: a\\n    owner: b|f.yml, entry 1: sha256 is required",
                "keys:\\n  - owner: b\\n    sha256: x|f.yml, entry 1: id is required",
                "keys:\\n  - id: a\\n    owner: 'jane doe'\\n    sha256: x|f.yml, entry 1: owner " + NAME_RULE,
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: abc"
                        + "|f.yml, entry 1: sha256 must be 64 hexadecimal digits",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n    key: secret|f.yml, entry 1 has an unknown field 'key'",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n    notAfter: tomorrow|f.yml, entry 1: notAfter " + INSTANT_RULE,
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n    notBefore: 2027-01-01T00:00:00Z\\n    notAfter: 2026-01-01T00:00:00Z"
                        + "|f.yml, entry 1: notAfter must be later than notBefore",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n  - id: a\\n    owner: c\\n    sha256: " + OTHER_DIGEST
                        + "|f.yml lists the ID 'a' more than once",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n  - id: c\\n    owner: b\\n    sha256: " + DIGEST
                        + "|f.yml gives entries 'a' and 'c' the same sha256",
            })
    void namesTheProblem(String content, String message) {
        assertThatThrownBy(() -> parse(content.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "keys: 3",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: abc",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST + "\\n    key: secret",
                "keys:\\n  - id: a\\n    owner: b\\n    sha256: " + DIGEST
                        + "\\n  - id: a\\n    owner: c\\n    sha256: " + OTHER_DIGEST,
            })
    void problemsSurviveLogMaskingUnchanged(String content) {
        PiiMasker masker = new LogMaskingFactory().build();

        assertThatThrownBy(() -> ApiKeyFile.parse(
                        content.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8),
                        "/etc/voice-bridge/api-keys.yml"))
                .satisfies(e -> assertThat(masker.mask(e.getMessage())).isEqualTo(e.getMessage()));
    }

    @Test
    void refusesContentThatIsNotUtf8() {
        byte[] content = {'k', 'e', 'y', 's', ':', ' ', (byte) 0xff, '\n'};

        assertThatThrownBy(() -> ApiKeyFile.parse(content, "f.yml")).hasMessage("f.yml is not UTF-8 text");
    }

    private static ApiKeySet parse(String content) {
        return ApiKeyFile.parse(content.getBytes(StandardCharsets.UTF_8), "f.yml");
    }
}
