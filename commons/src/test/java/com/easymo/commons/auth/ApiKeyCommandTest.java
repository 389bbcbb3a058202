package com.easymo.commons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

/** The {@code api-key} command prints a new key once, and an entry that the key file accepts and that matches it. */
class ApiKeyCommandTest {

    @Test
    void printsKeyAndAnEntryWithItsDigest() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ApiKeyCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(
                        null,
                        new Namespace(
                                Map.of("id", "acme-2026-12", "owner", "acme", "not_after", "2027-03-01T00:00:00Z")));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String key = lines.get(1).substring(2);
        String entries = String.join("\n", lines.subList(3, lines.size())) + "\n";
        ApiKeySet parsed = ApiKeyFile.parse(("keys:\n" + entries).getBytes(StandardCharsets.UTF_8), "printed");

        assertThat(key).startsWith("emk_").hasSize(47);
        assertThat(parsed.keys()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo("acme-2026-12");
            assertThat(entry.owner()).isEqualTo("acme");
            assertThat(entry.notAfter()).hasToString("2027-03-01T00:00:00Z");
        });
        assertThat(parsed.authenticate(key, java.time.Instant.parse("2026-12-04T00:00:00Z"))
                        .outcome())
                .isEqualTo(ApiKeySet.Outcome.ACCEPTED);
    }

    @Test
    void refusesAnOwnerThatIsNotAName() {
        ApiKeyCommand command =
                new ApiKeyCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> command.run(null, new Namespace(Map.of("id", "a", "owner", "jane@example.com"))))
                .hasMessage(
                        "--owner must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
}
