package com.easymo.commons.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.credentials.SecretFile.InvalidSecretFileException;
import com.easymo.commons.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretFileTest {

    private static final String NAME = "telephony-auth-token";
    private static final String OLD = "old-5ecret-1111";
    private static final String NEW = "new-5ecret-2222";
    private static final String NEWEST = "newest-5ecret-3333";
    private static final Duration OVERLAP = Duration.ofHours(1);

    @TempDir
    Path directory;

    private Path file;
    private MutableClock clock;

    @BeforeEach
    void writeOldSecret() throws Exception {
        file = directory.resolve("auth-token");
        Files.writeString(file, OLD);
        clock = MutableClock.startingAt2026();
    }

    @Test
    void readStripsSurroundingWhitespace() throws Exception {
        Files.writeString(file, " \t" + OLD + "\r\n\n");

        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);

        assertThat(secret.name()).isEqualTo(NAME);
        assertThat(secret.path()).isEqualTo(file);
        assertThat(secret.current()).isEqualTo(OLD);
        assertThat(secret.previous()).isEmpty();
        assertThat(secret.accepted()).containsExactly(OLD);
    }

    @Test
    void reloadOfSameValueReportsUnchanged() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, OLD + "\n");

        Map<String, Object> summary = secret.reload();

        assertThat(summary).containsExactly(Map.entry("changed", false));
        assertThat(secret.accepted()).containsExactly(OLD);
    }

    @Test
    void reloadKeepsPreviousDuringOverlap() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);

        Map<String, Object> summary = secret.reload();

        assertThat(summary)
                .containsExactly(
                        Map.entry("changed", true), Map.entry("previousAcceptedUntil", "2026-12-04T11:00:00Z"));
        assertThat(secret.current()).isEqualTo(NEW);
        assertThat(secret.previous()).contains(OLD);
        assertThat(secret.accepted()).containsExactly(NEW, OLD);
    }

    @Test
    void previousExpiresWhenOverlapEnds() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);
        secret.reload();

        clock.advance(OVERLAP.minusMillis(1));
        List<String> lastMoment = secret.accepted();
        clock.advance(Duration.ofMillis(1));

        assertThat(lastMoment).containsExactly(NEW, OLD);
        assertThat(secret.accepted()).containsExactly(NEW);
        assertThat(secret.previous()).isEmpty();
        assertThat(secret.current()).isEqualTo(NEW);
    }

    @Test
    void unchangedReloadKeepsOverlapEnd() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);
        secret.reload();
        clock.advance(Duration.ofMinutes(30));

        Map<String, Object> summary = secret.reload();
        clock.advance(Duration.ofMinutes(30));

        assertThat(summary).containsExactly(Map.entry("changed", false));
        assertThat(secret.accepted()).containsExactly(NEW);
    }

    @Test
    void secondChangeDropsOldestValue() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);
        secret.reload();
        clock.advance(Duration.ofMinutes(10));
        Files.writeString(file, NEWEST);

        Map<String, Object> summary = secret.reload();

        assertThat(summary.get("previousAcceptedUntil")).isEqualTo("2026-12-04T11:10:00Z");
        assertThat(secret.accepted()).containsExactly(NEWEST, NEW);
    }

    @Test
    void changingBackRestoresOldValue() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);
        secret.reload();
        Files.writeString(file, OLD);

        Map<String, Object> summary = secret.reload();

        assertThat(summary.get("changed")).isEqualTo(true);
        assertThat(secret.accepted()).containsExactly(OLD, NEW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidContents")
    void invalidContentIsRejected(String description, byte[] content, String problem) throws Exception {
        Files.write(file, content);

        assertThatThrownBy(() -> SecretFile.read(NAME, file, OVERLAP, clock))
                .isInstanceOf(InvalidSecretFileException.class)
                .hasMessage("Secret file " + file + " " + problem);
    }

    static Stream<Arguments> invalidContents() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("only whitespace", bytes(" \n\t\r\n"), "is empty"),
                Arguments.of("too large", bytes("a".repeat(SecretFile.MAX_BYTES + 1)), "is larger than 4096 bytes"),
                Arguments.of("tab inside", bytes("tok\tsecret"), "contains control or format characters"),
                Arguments.of("line break inside", bytes("tok\nsecret"), "contains control or format characters"),
                Arguments.of("NUL byte", bytes("tok\0secret"), "contains control or format characters"),
                Arguments.of("DEL", bytes("tok\u007fsecret"), "contains control or format characters"),
                Arguments.of("byte order mark", bytes("\ufeff" + OLD), "contains control or format characters"),
                Arguments.of("zero-width space", bytes("tok\u200bsecret"), "contains control or format characters"),
                Arguments.of("not UTF-8", new byte[] {'t', (byte) 0xC3, (byte) 0x28, 'k'}, "is not valid UTF-8"),
                Arguments.of(
                        "binary",
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                        "is not valid UTF-8"));
    }

    @Test
    void largestFileIsAccepted() throws Exception {
        String largest = "a".repeat(SecretFile.MAX_BYTES - 1) + "\n";
        Files.writeString(file, largest);

        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);

        assertThat(secret.current()).isEqualTo("a".repeat(SecretFile.MAX_BYTES - 1));
    }

    @Test
    void nonAsciiSecretIsAccepted() throws Exception {
        Files.writeString(file, "tök-ü-5ecret", StandardCharsets.UTF_8);

        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);

        assertThat(secret.current()).isEqualTo("tök-ü-5ecret");
    }

    @Test
    void missingFileIsRejected() {
        Path missing = directory.resolve("missing-token");

        assertThatThrownBy(() -> SecretFile.read(NAME, missing, OVERLAP, clock))
                .isInstanceOf(InvalidSecretFileException.class)
                .hasMessage("Secret file " + missing + " does not exist");
    }

    @Test
    void directoryIsRejected() {
        assertThatThrownBy(() -> SecretFile.read(NAME, directory, OVERLAP, clock))
                .isInstanceOf(InvalidSecretFileException.class)
                .hasMessage("Secret file " + directory + " is not a regular file");
    }

    @Test
    void failedReloadKeepsBothValues() throws Exception {
        SecretFile secret = SecretFile.read(NAME, file, OVERLAP, clock);
        Files.writeString(file, NEW);
        secret.reload();
        Files.writeString(file, "\n");

        assertThatThrownBy(secret::reload)
                .isInstanceOf(InvalidSecretFileException.class)
                .hasMessage("Secret file " + file + " is empty");
        assertThat(secret.current()).isEqualTo(NEW);
        assertThat(secret.accepted()).containsExactly(NEW, OLD);
    }

    @Test
    void rejectionMessageOmitsContent() throws Exception {
        Files.writeString(file, NEW + "\u0007" + OLD);

        assertThatThrownBy(() -> SecretFile.read(NAME, file, OVERLAP, clock))
                .hasMessageNotContaining(NEW)
                .hasMessageNotContaining(OLD);
    }

    @Test
    void negativeOverlapIsRejected() {
        assertThatThrownBy(() -> SecretFile.read(NAME, file, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overlap must not be negative, was PT-1S");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
