package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.easymo.commons.testing.MutableClock;
import com.easymo.commons.testing.StructuredFields;
import com.easymo.commons.testing.StructuredFields.ByteSequence;
import com.easymo.commons.testing.StructuredFields.DisplayString;
import com.easymo.commons.testing.StructuredFields.InnerList;
import com.easymo.commons.testing.StructuredFields.Item;
import com.easymo.commons.testing.StructuredFields.Member;
import com.easymo.commons.testing.StructuredFields.Token;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parses the rate-limit fields of real responses with a second, independent implementation of RFC 9651, the npm
 * package structured-headers 2.1.0 run by Node.js, and checks that it returns the same values as
 * {@link StructuredFields}. The package is pinned in {@code src/test/node}; {@code npm ci --prefix
 * commons/src/test/node} installs it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitFieldsCrossCheckTest {

    private static final Path NODE_PROJECT = Path.of("src", "test", "node");
    private static final Path SCRIPT = NODE_PROJECT.resolve("parse-lists.mjs");
    private static final String PACKAGE = "structured-headers";
    private static final String PACKAGE_VERSION = "2.1.0";
    private static final String INSTALL_COMMAND = "npm ci --prefix commons/src/test/node";
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Compares numbers by value, because JavaScript numbers do not tell the Decimal 1.0 from the Integer 1, and
     * everything else exactly.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (left, right) -> {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue());
        }
        return left.equals(right) ? 0 : 1;
    };

    private static final MutableClock CLOCK = MutableClock.startingAt2026();
    private static final DropwizardAppExtension<RateLimitTestApplication.Config> APP = new DropwizardAppExtension<>(
            new DropwizardTestSupport<>(
                    RateLimitTestApplication.class, ResourceHelpers.resourceFilePath("ratelimit/headers.yml")) {
                @Override
                public RateLimitTestApplication newApplication() {
                    return new RateLimitTestApplication(CLOCK, new RateLimitTestApplication.TrialResource());
                }
            });

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void nodeParserAgreesOnCapturedFields() throws Exception {
        List<String> fieldValues = captureFieldValues();

        List<JsonNode> nodeResults = parseWithNode(fieldValues);

        assertThat(fieldValues).hasSize(2 * (6 + 4 + 3 + 2));
        for (int i = 0; i < fieldValues.size(); i++) {
            String value = fieldValues.get(i);
            JsonNode nodeResult = nodeResults.get(i);
            assertThat(nodeResult.has("list"))
                    .as("structured-headers result for %s: %s", value, nodeResult)
                    .isTrue();
            assertSameList(value, toJson(StructuredFields.parseList(value)), nodeResult.get("list"));
        }
    }

    @Test
    void nodeParserAgreesOnSpecificationExamples() throws Exception {
        List<String> valid = List.of(
                "sugar, tea, rum",
                "(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()",
                "(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1",
                "abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w",
                "1; a; b=?0",
                "42, -42, 999999999999999, -999999999999999, -0",
                "4.5, -0.001, 123456789012.123, 1.0",
                "\"hello world\", \"a\\\"b\\\\c\", \"\"",
                "foo123/456, *foo, a!#$%&'*+-.^_`|~:/Z9",
                ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, :aGVsbG8:, ::",
                "?1, ?0",
                "%\"This is intended for display to %c3%bcsers.\", %\"BOM: %ef%bb%bf\"",
                "   1 ,\t2\t,3  ,  4   ",
                "a;x=1;y=2;x=3",
                "",
                // NOTE: structured-headers 2.1.0 rejects a Date that anything follows, such as "@1, @2" or
                // "@1;a", so Dates are compared only at the end of a field value.
                "@1659578233",
                "@-1");
        List<String> invalid = List.of(
                "a, b,",
                "a,,b",
                "1 2",
                "\ta",
                "a ;b=1",
                "a;A=1",
                "a;x =1",
                "1234567890123456",
                "1.5555",
                "1.",
                "\"a\\nb\"",
                "\"caf\u00e9\"",
                "?2",
                ":a*b=:",
                "@1.5",
                "%\"f%C3%BC\"",
                "%\"%c3%28\"",
                "(\"a\"\"b\")",
                "\"global\";q=100;w=900;");
        List<String> all = new ArrayList<>(valid);
        all.addAll(invalid);

        List<JsonNode> nodeResults = parseWithNode(all);

        for (int i = 0; i < valid.size(); i++) {
            String value = valid.get(i);
            JsonNode nodeResult = nodeResults.get(i);
            assertThat(nodeResult.has("list"))
                    .as("structured-headers result for %s: %s", value, nodeResult)
                    .isTrue();
            assertSameList(value, toJson(StructuredFields.parseList(value)), nodeResult.get("list"));
        }
        for (int i = 0; i < invalid.size(); i++) {
            String value = invalid.get(i);
            JsonNode nodeResult = nodeResults.get(valid.size() + i);
            assertThat(nodeResult.has("error"))
                    .as("structured-headers result for %s: %s", value, nodeResult)
                    .isTrue();
            assertThatThrownBy(() -> StructuredFields.parseList(value))
                    .as("StructuredFields result for %s", value)
                    .isInstanceOf(StructuredFields.ParseException.class);
        }
    }

    /**
     * Sends requests that are admitted and rejected under one policy, under the tighter of two, and beside a policy in
     * dry run, and returns the {@code RateLimit-Policy} and {@code RateLimit} values of every response.
     */
    private List<String> captureFieldValues() throws IOException, InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>();
        CLOCK.advance(Duration.ofMillis(250));
        for (int i = 0; i < 6; i++) {
            responses.add(send("GET", "/ping", "203.0.113.1"));
        }
        for (int i = 0; i < 4; i++) {
            responses.add(send("POST", "/limited", "203.0.113.2"));
            CLOCK.advance(Duration.ofMillis(1250));
        }
        // Past the end of the tight policy's 10-second window, so the global policy becomes the tighter one.
        CLOCK.advance(Duration.ofSeconds(6));
        for (int i = 0; i < 3; i++) {
            responses.add(send("POST", "/limited", "203.0.113.2"));
        }
        for (int i = 0; i < 2; i++) {
            responses.add(send("GET", "/trial", "203.0.113.3"));
        }

        List<String> values = new ArrayList<>();
        for (HttpResponse<String> response : responses) {
            values.addAll(response.headers().allValues("RateLimit-Policy"));
            values.addAll(response.headers().allValues("RateLimit"));
        }
        return values;
    }

    private static void assertSameList(String fieldValue, JsonNode javaList, JsonNode nodeList) {
        assertThat(javaList.equals(SAME_VALUE, nodeList))
                .as("parsed %s%n  StructuredFields:   %s%n  structured-headers: %s", fieldValue, javaList, nodeList)
                .isTrue();
    }

    /**
     * Runs the Node script on the field values and returns its result for each, in order.
     *
     * <p>Fails, rather than skips, when Node.js or the pinned package is missing, so that a build without them never
     * passes without the cross-check.
     */
    private static List<JsonNode> parseWithNode(List<String> fieldValues) throws IOException, InterruptedException {
        requirePinnedPackage();
        Process process;
        try {
            process = new ProcessBuilder("node", SCRIPT.toString()).start();
        } catch (IOException e) {
            return fail(
                    "Node.js is required by this test but 'node' could not be started (" + e.getMessage()
                            + "). Install Node.js 18 or later (Debian: apt-get install nodejs npm), then run: "
                            + INSTALL_COMMAND,
                    e);
        }
        CompletableFuture<String> output = readAsync(process.getInputStream());
        CompletableFuture<String> errors = readAsync(process.getErrorStream());
        try (OutputStream input = process.getOutputStream()) {
            input.write(MAPPER.writeValueAsBytes(fieldValues));
        }

        if (!process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node " + SCRIPT + " did not finish within " + NODE_TIMEOUT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            fail("node " + SCRIPT + " failed with exit code " + process.exitValue() + ": " + errors.join());
        }
        JsonNode results = MAPPER.readTree(output.join());
        assertThat(results.size()).as("results of node %s", SCRIPT).isEqualTo(fieldValues.size());
        List<JsonNode> list = new ArrayList<>(results.size());
        results.forEach(list::add);
        return list;
    }

    private static void requirePinnedPackage() throws IOException {
        Path manifest = NODE_PROJECT.resolve(Path.of("node_modules", PACKAGE, "package.json"));
        if (!Files.isRegularFile(manifest)) {
            fail("The npm package " + PACKAGE + " " + PACKAGE_VERSION + " is not installed in "
                    + NODE_PROJECT.toAbsolutePath() + "; install it from the repository root with: "
                    + INSTALL_COMMAND);
        }
        String version = MAPPER.readTree(manifest.toFile()).path("version").asText();
        if (!version.equals(PACKAGE_VERSION)) {
            fail("The npm package " + PACKAGE + " in " + NODE_PROJECT.toAbsolutePath() + " is version " + version
                    + ", not the pinned " + PACKAGE_VERSION + "; reinstall it from the repository root with: "
                    + INSTALL_COMMAND);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Returns a parsed List in the JSON notation that the Node script prints. */
    private static ArrayNode toJson(List<Member> members) {
        ArrayNode list = NODES.arrayNode();
        for (Member member : members) {
            list.add(toJson(member));
        }
        return list;
    }

    private static ArrayNode toJson(Member member) {
        ArrayNode pair = NODES.arrayNode();
        if (member instanceof InnerList innerList) {
            ArrayNode items = NODES.arrayNode();
            innerList.items().forEach(item -> items.add(toJson(item)));
            pair.add(items);
        } else {
            pair.add(toJson(((Item) member).value()));
        }
        ArrayNode parameters = NODES.arrayNode();
        for (Map.Entry<String, Object> parameter : member.parameters().entrySet()) {
            parameters.add(NODES.arrayNode().add(parameter.getKey()).add(toJson(parameter.getValue())));
        }
        pair.add(parameters);
        return pair;
    }

    private static JsonNode toJson(Object bareItem) {
        if (bareItem instanceof Long integer) {
            return NODES.numberNode(integer);
        }
        if (bareItem instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (bareItem instanceof String string) {
            return NODES.textNode(string);
        }
        if (bareItem instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (bareItem instanceof Token token) {
            return typed("token", NODES.textNode(token.value()));
        }
        if (bareItem instanceof ByteSequence bytes) {
            return typed("binary", NODES.textNode(Base64.getEncoder().encodeToString(bytes.bytes())));
        }
        if (bareItem instanceof Instant date) {
            return typed("date", NODES.numberNode(date.getEpochSecond()));
        }
        if (bareItem instanceof DisplayString displayString) {
            return typed("displaystring", NODES.textNode(displayString.value()));
        }
        throw new IllegalArgumentException(
                "Unknown bare item type " + bareItem.getClass().getName());
    }

    private static ObjectNode typed(String type, JsonNode value) {
        ObjectNode typed = NODES.objectNode();
        typed.put("__type", type);
        typed.set("value", value);
        return typed;
    }

    private HttpResponse<String> send(String method, String path, String clientIp)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-For", clientIp)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
