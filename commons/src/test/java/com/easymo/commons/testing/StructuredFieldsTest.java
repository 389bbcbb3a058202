package com.easymo.commons.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.easymo.commons.testing.StructuredFields.ByteSequence;
import com.easymo.commons.testing.StructuredFields.DisplayString;
import com.easymo.commons.testing.StructuredFields.InnerList;
import com.easymo.commons.testing.StructuredFields.Item;
import com.easymo.commons.testing.StructuredFields.Member;
import com.easymo.commons.testing.StructuredFields.ParseException;
import com.easymo.commons.testing.StructuredFields.Token;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses the examples of RFC 9651 (Structured Field Values for HTTP) and the edge cases of its parsing algorithms,
 * valid and invalid.
 */
class StructuredFieldsTest {

    @Test
    void parsesTokenList() {
        List<Member> list = StructuredFields.parseList("sugar, tea, rum");

        assertThat(list).containsExactly(item(token("sugar")), item(token("tea")), item(token("rum")));
    }

    @Test
    void parsesFieldLinesJoinedByComma() {
        String joined = String.join(", ", List.of("sugar, tea", "rum"));

        List<Member> list = StructuredFields.parseList(joined);

        assertThat(list).containsExactly(item(token("sugar")), item(token("tea")), item(token("rum")));
    }

    @Test
    void parsesInnerListsIncludingEmptyOne() {
        List<Member> list = StructuredFields.parseList("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()");

        assertThat(list)
                .containsExactly(
                        innerList(List.of(item("foo"), item("bar")), Map.of()),
                        innerList(List.of(item("baz")), Map.of()),
                        innerList(List.of(item("bat"), item("one")), Map.of()),
                        innerList(List.of(), Map.of()));
    }

    @Test
    void parsesInnerListParameters() {
        List<Member> list = StructuredFields.parseList("(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1");

        assertThat(list)
                .containsExactly(
                        innerList(List.of(item("foo", parameters("a", 1L, "b", 2L))), parameters("lvl", 5L)),
                        innerList(List.of(item("bar"), item("baz")), parameters("lvl", 1L)));
    }

    @Test
    void parsesParameterizedMembers() {
        List<Member> list = StructuredFields.parseList("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w");

        assertThat(list)
                .containsExactly(
                        item(token("abc"), parameters("a", 1L, "b", 2L, "cde_456", true)),
                        innerList(
                                List.of(item(token("ghi"), parameters("jk", 4L)), item(token("l"))),
                                parameters("q", "9", "r", token("w"))));
        assertThat(list.get(0).parameters().keySet()).containsExactly("a", "b", "cde_456");
    }

    @Test
    void parsesBooleanParameters() {
        List<Member> list = StructuredFields.parseList("1; a; b=?0");

        assertThat(list).containsExactly(item(1L, parameters("a", true, "b", false)));
    }

    @Test
    void parsesIntegersUpToFifteenDigits() {
        List<Member> list = StructuredFields.parseList("42, -42, 999999999999999, -999999999999999, -0, 007");

        assertThat(list)
                .containsExactly(
                        item(42L),
                        item(-42L),
                        item(999_999_999_999_999L),
                        item(-999_999_999_999_999L),
                        item(0L),
                        item(7L));
    }

    @Test
    void parsesDecimalsWithDigitsAsWritten() {
        List<Member> list = StructuredFields.parseList("4.5, -0.001, 123456789012.123, 1.0");

        assertThat(list)
                .containsExactly(
                        item(new BigDecimal("4.5")),
                        item(new BigDecimal("-0.001")),
                        item(new BigDecimal("123456789012.123")),
                        item(new BigDecimal("1.0")));
    }

    @Test
    void parsesStringsWithEscapes() {
        List<Member> list = StructuredFields.parseList("\"hello world\", \"a\\\"b\\\\c\", \"\", \" !~\"");

        assertThat(list).containsExactly(item("hello world"), item("a\"b\\c"), item(""), item(" !~"));
    }

    @Test
    void parsesEveryTokenCharacter() {
        List<Member> list = StructuredFields.parseList("foo123/456, *foo, a!#$%&'*+-.^_`|~:/Z9");

        assertThat(list)
                .containsExactly(item(token("foo123/456")), item(token("*foo")), item(token("a!#$%&'*+-.^_`|~:/Z9")));
    }

    @Test
    void parsesByteSequences() {
        List<Member> list = StructuredFields.parseList(":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, :aGVsbG8:, ::");

        assertThat(list)
                .containsExactly(item(bytes("pretend this is binary content.")), item(bytes("hello")), item(bytes("")));
    }

    @Test
    void parsesBooleans() {
        List<Member> list = StructuredFields.parseList("?1, ?0");

        assertThat(list).containsExactly(item(true), item(false));
    }

    @Test
    void parsesDatesAsEpochSeconds() {
        List<Member> list = StructuredFields.parseList("@1659578233, @-1");

        assertThat(list)
                .containsExactly(
                        item(Instant.parse("2022-08-04T01:57:13Z")), item(Instant.parse("1969-12-31T23:59:59Z")));
    }

    @Test
    void parsesDisplayStrings() {
        List<Member> list = StructuredFields.parseList(
                "%\"This is intended for display to %c3%bcsers.\", %\"foo %22bar%22 \\ baz\", %\"BOM: %ef%bb%bf\"");

        assertThat(list)
                .containsExactly(
                        item(new DisplayString("This is intended for display to \u00fcsers.")),
                        item(new DisplayString("foo \"bar\" \\ baz")),
                        item(new DisplayString("BOM: \ufeff")));
    }

    @Test
    void parsesBlankValueAsEmptyList() {
        assertThat(StructuredFields.parseList("")).isEmpty();
        assertThat(StructuredFields.parseList("   ")).isEmpty();
    }

    @Test
    void acceptsSpacesAndTabsAroundMembers() {
        List<Member> list = StructuredFields.parseList("   1 ,\t2\t,3  ,  4   ");

        assertThat(list).containsExactly(item(1L), item(2L), item(3L), item(4L));
    }

    @Test
    void acceptsSpacesInsideInnerList() {
        List<Member> list = StructuredFields.parseList("(  1   2  );a");

        assertThat(list).containsExactly(innerList(List.of(item(1L), item(2L)), parameters("a", true)));
    }

    @Test
    void keepsLastValueOfRepeatedParameter() {
        List<Member> list = StructuredFields.parseList("a;x=1;y=2;x=3");

        assertThat(list).containsExactly(item(token("a"), parameters("x", 3L, "y", 2L)));
        assertThat(list.get(0).parameters().keySet()).containsExactly("x", "y");
    }

    @Test
    void acceptsEveryKeyCharacter() {
        List<Member> list = StructuredFields.parseList("a;*k_e-y.9=1;z");

        assertThat(list).containsExactly(item(token("a"), parameters("*k_e-y.9", 1L, "z", true)));
    }

    @Test
    void parsesRateLimitFields() {
        List<Member> policy = StructuredFields.parseList("\"global\";q=100;w=900");
        List<Member> rateLimit = StructuredFields.parseList("\"global\";r=0;t=59");

        assertThat(policy).containsExactly(item("global", parameters("q", 100L, "w", 900L)));
        assertThat(rateLimit).containsExactly(item("global", parameters("r", 0L, "t", 59L)));
    }

    static Stream<Arguments> invalidLists() {
        return Stream.of(
                Arguments.of("trailing comma", "a, b,", 5),
                Arguments.of("empty member", "a,,b", 2),
                Arguments.of("leading comma", ", a", 0),
                Arguments.of("members without comma", "1 2", 2),
                Arguments.of("leading tab", "\ta", 0),
                Arguments.of("space before parameter", "a ;b=1", 2),
                Arguments.of("uppercase parameter key", "a;A=1", 2),
                Arguments.of("space before '='", "a;x =1", 4),
                Arguments.of("parameter without key", "a;", 2),
                Arguments.of("sixteen-digit integer", "1234567890123456", 16),
                Arguments.of("sixteen-digit negative integer", "-1234567890123456", 17),
                Arguments.of("thirteen integer digits in a decimal", "1234567890123.4", 13),
                Arguments.of("four fraction digits", "1.5555", 6),
                Arguments.of("decimal ending with '.'", "1.", 2),
                Arguments.of("lone minus", "-", 1),
                Arguments.of("minus without digit", "-a", 1),
                Arguments.of("unterminated string", "\"abc", 4),
                Arguments.of("invalid escape in string", "\"a\\nb\"", 3),
                Arguments.of("control character in string", "\"a\u0007b\"", 2),
                Arguments.of("non-ASCII character", "\"caf\u00e9\"", 4),
                Arguments.of("boolean other than 0 or 1", "?2", 1),
                Arguments.of("unterminated byte sequence", ":YWJj", 1),
                Arguments.of("non-base64 byte sequence", ":a*b=:", 2),
                Arguments.of("decimal date", "@1.5", 1),
                Arguments.of("uppercase hex in display string", "%\"f%C3%BC\"", 4),
                Arguments.of("invalid UTF-8 in display string", "%\"%c3%28\"", 9),
                Arguments.of("tab in display string", "%\"a\tb\"", 3),
                Arguments.of("unquoted display string", "%foo", 0),
                Arguments.of("unterminated inner list", "(\"a\" \"b\"", 8),
                Arguments.of("inner list items without space", "(\"a\"\"b\")", 4),
                Arguments.of("characters after inner list", "(a b)x", 5),
                Arguments.of("unrecognized bare item", "[1]", 0),
                Arguments.of("trailing parameter separator", "\"global\";q=100;w=900;", 21));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLists")
    void rejectsInvalidList(String description, String input, int position) {
        assertThatThrownBy(() -> StructuredFields.parseList(input))
                .isInstanceOfSatisfying(
                        ParseException.class,
                        failure -> assertThat(failure.position()).isEqualTo(position))
                .hasMessageStartingWith("Invalid structured field value at position " + position + ": ");
    }

    private static Item item(Object value) {
        return new Item(value, Map.of());
    }

    private static Item item(Object value, Map<String, Object> parameters) {
        return new Item(value, parameters);
    }

    private static InnerList innerList(List<Item> items, Map<String, Object> parameters) {
        return new InnerList(items, parameters);
    }

    private static Token token(String value) {
        return new Token(value);
    }

    private static ByteSequence bytes(String ascii) {
        return new ByteSequence(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Returns parameters from alternating keys and values, in order. */
    private static Map<String, Object> parameters(Object... keysAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return parameters;
    }
}
