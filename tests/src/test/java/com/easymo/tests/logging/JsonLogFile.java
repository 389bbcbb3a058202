package com.easymo.tests.logging;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A log file with one JSON object per line, as voice-bridge writes it, read back by a test.
 *
 * <p>Dropwizard's appenders are asynchronous, so a line can reach the file after the response that caused it has
 * reached the client. Tests therefore wait with {@link #awaitEntries} for the lines they expect before they check
 * the file.
 */
final class JsonLogFile {

    /** Maximum wait for lines that the asynchronous appenders have not written yet. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path path;

    JsonLogFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Returns the whole text of the file, or an empty string while the file does not exist. */
    String text() {
        if (!Files.exists(path)) {
            return "";
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read log file " + path, e);
        }
    }

    /** Returns every complete line. A last line without its line break is still being written and is left out. */
    List<String> lines() {
        String text = text();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return List.of(text.substring(0, end).split("\n", -1));
    }

    /** Parses every complete line and fails the test at the first line that is not a JSON object. */
    List<JsonNode> entries() {
        List<String> lines = lines();
        List<JsonNode> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            entries.add(parse(i + 1, lines.get(i)));
        }
        return entries;
    }

    /**
     * Polls the file for at most {@link #MAX_WAIT} until at least {@code count} entries match, and returns all entries
     * of the file at that moment.
     */
    List<JsonNode> awaitEntries(String description, Predicate<JsonNode> matching, int count) {
        Instant deadline = Instant.now().plus(MAX_WAIT);
        while (true) {
            List<JsonNode> entries = entries();
            long matched = entries.stream().filter(matching).count();
            if (matched >= count) {
                return entries;
            }
            if (Instant.now().isAfter(deadline)) {
                return fail(
                        "Expected %d lines (%s) in %s within %s, found %d:%n%s",
                        count, description, path, MAX_WAIT, matched, text());
            }
            pause();
        }
    }

    /**
     * Returns the lines in which the text occurs, either as written or in a decoded field name or value, so that
     * a value that JSON escapes, such as one with a control character, is found as well.
     */
    List<String> linesContaining(String text) {
        List<String> lines = lines();
        List<String> containing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(text) || containsText(parse(i + 1, line), text)) {
                containing.add(line);
            }
        }
        return containing;
    }

    private static boolean containsText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            if (names.next().contains(text)) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (containsText(child, text)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode parse(int lineNumber, String line) {
        JsonNode entry;
        try {
            entry = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return fail("Line %d of %s is not JSON (%s): %s", lineNumber, path, e.getOriginalMessage(), line);
        }
        if (entry == null || !entry.isObject()) {
            return fail("Line %d of %s is not a JSON object: %s", lineNumber, path, line);
        }
        return entry;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for log lines", e);
        }
    }
}
