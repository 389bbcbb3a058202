package com.easymo.commons.auth;

import com.easymo.commons.credentials.CredentialFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the API key file, a YAML document that lists keys by digest:
 *
 * <pre>{@code
 * keys:
 *   - id: acme-2026-12
 *     owner: acme
 *     sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 *     notBefore: 2026-12-01T00:00:00Z   # optional
 *     notAfter: 2027-03-01T00:00:00Z    # optional
 * }</pre>
 *
 * <p>IDs and owners are 1 to 64 letters, digits, dots, underscores and hyphens, starting with a letter or digit.
 * Every problem is reported with the entry's position and field; the file never contains a key, so messages may quote
 * its values.
 */
public final class ApiKeyFile {

    /** Largest file read, so that a wrong path (a log file) fails fast: room for 10,000 entries of any length. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Most keys one file may list. */
    public static final int MAX_KEYS = 10_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> FIELDS = Set.of("id", "owner", "sha256", "notBefore", "notAfter");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ApiKeyFile() {}

    /**
     * Reads a key file's bytes.
     *
     * @throws IOException if the file does not exist, is not a regular file, cannot be read or is larger than
     *     {@value #MAX_BYTES} bytes
     */
    public static byte[] readBytes(Path file) throws IOException {
        return CredentialFiles.read(file, MAX_BYTES, "API key file");
    }

    /**
     * Parses a key file's content.
     *
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the entry and field of the first problem
     */
    public static ApiKeySet parse(byte[] content, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + " is not UTF-8 text");
        }

        JsonNode root;
        try {
            root = text.isBlank() ? null : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException(source + " is not valid YAML" + where);
        }
        if (root == null || !root.isObject() || !root.has("keys")) {
            throw new IllegalArgumentException(source + " must be a mapping with a list named keys");
        }
        Iterator<String> topLevel = root.fieldNames();
        while (topLevel.hasNext()) {
            String field = topLevel.next();
            if (!field.equals("keys")) {
                throw new IllegalArgumentException(source + " has an unknown top-level field '" + field + "'");
            }
        }

        JsonNode entries = root.get("keys");
        if (entries.isNull()) {
            return ApiKeySet.empty();
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException(source + " must list its entries under keys");
        }
        if (entries.size() > MAX_KEYS) {
            throw new IllegalArgumentException(source + " has more than " + MAX_KEYS + " entries");
        }

        List<ApiKey> keys = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            keys.add(entry(entries.get(i), source + ", entry " + (i + 1)));
        }
        try {
            return new ApiKeySet(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " " + e.getMessage());
        }
    }

    private static ApiKey entry(JsonNode entry, String where) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping with id, owner and sha256");
        }
        Iterator<String> fields = entry.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(where + " has an unknown field '" + field + "'");
            }
        }
        String id = name(entry, "id", where);
        String owner = name(entry, "owner", where);
        String sha256 = text(entry, "sha256", where);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(where + ": sha256 must be 64 hexadecimal digits");
        }
        Instant notBefore = instant(entry, "notBefore", where);
        Instant notAfter = instant(entry, "notAfter", where);
        if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException(where + ": notAfter must be later than notBefore");
        }
        return new ApiKey(id, owner, sha256.toLowerCase(Locale.ROOT), notBefore, notAfter);
    }

    private static String name(JsonNode entry, String field, String where) {
        String value = text(entry, field, where);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(where + ": " + field
                    + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static String text(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": " + field + " is required");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    where + ": " + field + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }
}
