package com.easymo.commons.testing;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses HTTP field values of type List as RFC 9651 (Structured Field Values for HTTP) defines them, following the
 * parsing algorithms of its Section 4.2 step by step.
 *
 * <p>Bare items map to Java values as follows: Integer to {@link Long}, Decimal to {@link BigDecimal} with the digits
 * as written, String to {@link String}, Token to {@link Token}, Byte Sequence to {@link ByteSequence}, Boolean to
 * {@link Boolean}, Date to {@link Instant} and Display String to {@link DisplayString}. Parameters keep the order of
 * their first appearance, and a repeated key takes the last value.
 */
public final class StructuredFields {

    private StructuredFields() {}

    /**
     * Parses a field value as a List.
     *
     * @param fieldValue the field value, with all field lines of the same name joined by {@code ", "}
     * @return the members in order, or an empty list for an empty or all-space value
     * @throws ParseException if the value is not a valid List, naming the zero-based position of the failure
     */
    public static List<Member> parseList(String fieldValue) {
        Parser parser = new Parser(fieldValue);
        parser.requireAscii();
        parser.skipSpaces();
        List<Member> members = parser.parseList();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.failure("unexpected characters after the list");
        }
        return members;
    }

    /** A List member: an Item or an Inner List, each with Parameters. */
    public sealed interface Member permits Item, InnerList {
        Map<String, Object> parameters();
    }

    /**
     * An Item.
     *
     * @param value the bare item, of one of the Java types listed on {@link StructuredFields}
     * @param parameters the parameters by key, in order
     */
    public record Item(Object value, Map<String, Object> parameters) implements Member {
        public Item {
            Objects.requireNonNull(value, "value");
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * An Inner List.
     *
     * @param items the items in order
     * @param parameters the parameters of the inner list itself, in order
     */
    public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {
        public InnerList {
            items = List.copyOf(items);
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** A Token bare item, such as {@code foo123/456}. */
    public record Token(String value) {}

    /** A Display String bare item, decoded from its percent-encoded UTF-8. */
    public record DisplayString(String value) {}

    /** A Byte Sequence bare item. */
    public static final class ByteSequence {
        private final byte[] bytes;

        public ByteSequence(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByteSequence sequence && Arrays.equals(bytes, sequence.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
        }
    }

    /** Thrown when a field value is not valid. The message names the zero-based position of the failure. */
    public static final class ParseException extends IllegalArgumentException {
        private final int position;

        ParseException(String input, int position, String reason) {
            super("Invalid structured field value at position " + position + ": " + reason + " in '" + input + "'");
            this.position = position;
        }

        /** Returns the zero-based index of the character at which parsing failed, or the input length at its end. */
        public int position() {
            return position;
        }
    }

    /** The parsing algorithms of RFC 9651, Section 4.2, over one input string with a cursor. */
    private static final class Parser {
        private static final int MAX_INTEGER_DIGITS = 15;
        private static final int MAX_DECIMAL_INTEGER_DIGITS = 12;
        private static final int MAX_DECIMAL_CHARACTERS = 16;
        private static final int MAX_FRACTION_DIGITS = 3;

        private final String input;
        private int position;

        private Parser(String input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        /** Fails on any character outside ASCII, because field values are parsed as ASCII strings. */
        private void requireAscii() {
            for (int i = 0; i < input.length(); i++) {
                if (input.charAt(i) > 0x7F) {
                    throw new ParseException(input, i, "non-ASCII character " + describe(input.charAt(i)));
                }
            }
        }

        /** Section 4.2.1: members separated by commas with optional SP or HTAB around them, no trailing comma. */
        private List<Member> parseList() {
            List<Member> members = new ArrayList<>();
            while (!atEnd()) {
                members.add(parseItemOrInnerList());
                skipOptionalWhitespace();
                if (atEnd()) {
                    return members;
                }
                if (peek() != ',') {
                    throw failure("expected ',' after a list member, found " + describe(peek()));
                }
                position++;
                skipOptionalWhitespace();
                if (atEnd()) {
                    throw failure("trailing ',' at the end of the list");
                }
            }
            return members;
        }

        /** Section 4.2.1.1. */
        private Member parseItemOrInnerList() {
            if (peek() == '(') {
                return parseInnerList();
            }
            return parseItem();
        }

        /** Section 4.2.1.2: items separated by SP inside parentheses, then the inner list's parameters. */
        private InnerList parseInnerList() {
            expect('(');
            List<Item> items = new ArrayList<>();
            while (!atEnd()) {
                skipSpaces();
                if (!atEnd() && peek() == ')') {
                    position++;
                    return new InnerList(items, parseParameters());
                }
                items.add(parseItem());
                if (atEnd() || (peek() != ' ' && peek() != ')')) {
                    throw failure("expected SP or ')' after an inner list item, found " + describeNext());
                }
            }
            throw failure("inner list without its closing ')'");
        }

        /** Section 4.2.3. */
        private Item parseItem() {
            Object value = parseBareItem();
            return new Item(value, parseParameters());
        }

        /** Section 4.2.3.1: the first character selects the type. */
        private Object parseBareItem() {
            if (atEnd()) {
                throw failure("expected a bare item, found the end of the input");
            }
            char first = peek();
            if (first == '-' || isDigit(first)) {
                return parseIntegerOrDecimal();
            }
            if (first == '"') {
                return parseString();
            }
            if (isAlpha(first) || first == '*') {
                return parseToken();
            }
            if (first == ':') {
                return parseByteSequence();
            }
            if (first == '?') {
                return parseBoolean();
            }
            if (first == '@') {
                return parseDate();
            }
            if (first == '%') {
                return parseDisplayString();
            }
            throw failure("unrecognized bare item starting with " + describe(first));
        }

        /** Section 4.2.3.2: {@code ;key} or {@code ;key=value}, SP allowed after ';'. A repeated key overwrites. */
        private Map<String, Object> parseParameters() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            while (!atEnd() && peek() == ';') {
                position++;
                skipSpaces();
                String key = parseKey();
                Object value = Boolean.TRUE;
                if (!atEnd() && peek() == '=') {
                    position++;
                    value = parseBareItem();
                }
                parameters.put(key, value);
            }
            return parameters;
        }

        /** Section 4.2.3.3: a lowercase letter or '*', then lowercase letters, digits, '_', '-', '.' or '*'. */
        private String parseKey() {
            if (atEnd() || !(isLowercaseAlpha(peek()) || peek() == '*')) {
                throw failure("expected a key starting with a lowercase letter or '*', found " + describeNext());
            }
            int start = position;
            while (!atEnd() && isKeyCharacter(peek())) {
                position++;
            }
            return input.substring(start, position);
        }

        /**
         * Section 4.2.4: an Integer of at most 15 digits, or a Decimal of at most 12 integer and 3 fraction digits.
         */
        private Object parseIntegerOrDecimal() {
            boolean decimal = false;
            boolean negative = false;
            StringBuilder number = new StringBuilder();

            if (peek() == '-') {
                negative = true;
                position++;
            }
            if (atEnd()) {
                throw failure("expected a digit after '-', found the end of the input");
            }
            if (!isDigit(peek())) {
                throw failure("expected a digit, found " + describe(peek()));
            }

            while (!atEnd()) {
                char next = peek();
                if (isDigit(next)) {
                    number.append(next);
                } else if (!decimal && next == '.') {
                    if (number.length() > MAX_DECIMAL_INTEGER_DIGITS) {
                        throw failure("a decimal has more than " + MAX_DECIMAL_INTEGER_DIGITS + " integer digits");
                    }
                    number.append(next);
                    decimal = true;
                } else {
                    break;
                }
                position++;
                if (!decimal && number.length() > MAX_INTEGER_DIGITS) {
                    throw failure("an integer has more than " + MAX_INTEGER_DIGITS + " digits");
                }
                if (decimal && number.length() > MAX_DECIMAL_CHARACTERS) {
                    throw failure(
                            "a decimal has more than " + MAX_DECIMAL_CHARACTERS + " characters, counting the '.'");
                }
            }

            if (!decimal) {
                long value = Long.parseLong(number.toString());
                return negative ? -value : value;
            }

            if (number.charAt(number.length() - 1) == '.') {
                throw failure("a decimal ends with '.'");
            }
            if (number.length() - number.indexOf(".") - 1 > MAX_FRACTION_DIGITS) {
                throw failure("a decimal has more than " + MAX_FRACTION_DIGITS + " fraction digits");
            }
            BigDecimal value = new BigDecimal(number.toString());
            return negative ? value.negate() : value;
        }

        /** Section 4.2.5: printable ASCII between double quotes, with {@code \"} and {@code \\} as the only escapes. */
        private String parseString() {
            expect('"');
            StringBuilder output = new StringBuilder();
            while (!atEnd()) {
                char next = input.charAt(position++);
                if (next == '\\') {
                    if (atEnd()) {
                        throw failure("a string ends with a lone '\\'");
                    }
                    char escaped = input.charAt(position++);
                    if (escaped != '"' && escaped != '\\') {
                        position--;
                        throw failure("invalid escape " + describe(escaped) + " in a string");
                    }
                    output.append(escaped);
                } else if (next == '"') {
                    return output.toString();
                } else if (next <= 0x1F || next >= 0x7F) {
                    position--;
                    throw failure("a string contains the non-printable character " + describe(next));
                } else {
                    output.append(next);
                }
            }
            throw failure("a string without its closing '\"'");
        }

        /** Section 4.2.6: a letter or '*', then tchar, ':' or '/' characters. */
        private Token parseToken() {
            int start = position;
            position++;
            while (!atEnd() && isTokenCharacter(peek())) {
                position++;
            }
            return new Token(input.substring(start, position));
        }

        /** Section 4.2.7: base64 between colons, accepted without '=' padding and with non-zero pad bits. */
        private ByteSequence parseByteSequence() {
            expect(':');
            int end = input.indexOf(':', position);
            if (end < 0) {
                throw failure("a byte sequence without its closing ':'");
            }
            String content = input.substring(position, end);
            for (int i = 0; i < content.length(); i++) {
                char next = content.charAt(i);
                if (!isAlpha(next) && !isDigit(next) && next != '+' && next != '/' && next != '=') {
                    position += i;
                    throw failure("a byte sequence contains " + describe(next) + ", which is not base64");
                }
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(content);
                position = end + 1;
                return new ByteSequence(bytes);
            } catch (IllegalArgumentException e) {
                throw failure("a byte sequence is not valid base64 (" + e.getMessage() + ")");
            }
        }

        /** Section 4.2.8: {@code ?1} or {@code ?0}. */
        private Boolean parseBoolean() {
            expect('?');
            if (!atEnd() && (peek() == '1' || peek() == '0')) {
                return input.charAt(position++) == '1';
            }
            throw failure("expected '1' or '0' after '?', found " + describeNext());
        }

        /** Section 4.2.9: '@' and an Integer of seconds since the Unix epoch. */
        private Instant parseDate() {
            expect('@');
            int start = position;
            Object seconds = parseIntegerOrDecimal();
            if (!(seconds instanceof Long epochSeconds)) {
                position = start;
                throw failure("a date is a decimal, not an integer");
            }
            return Instant.ofEpochSecond(epochSeconds);
        }

        /** Section 4.2.10: {@code %"} then printable ASCII with {@code %xx} lowercase hex escapes of UTF-8 bytes. */
        private DisplayString parseDisplayString() {
            if (!input.startsWith("%\"", position)) {
                throw failure("expected '%\"' to start a display string");
            }
            position += 2;
            ByteBuffer bytes = ByteBuffer.allocate(input.length());
            while (!atEnd()) {
                char next = input.charAt(position++);
                if (next <= 0x1F || next >= 0x7F) {
                    position--;
                    throw failure("a display string contains the non-printable character " + describe(next));
                }
                if (next == '%') {
                    bytes.put(parseHexOctet());
                } else if (next == '"') {
                    return new DisplayString(decodeUtf8(bytes.flip()));
                } else {
                    bytes.put((byte) next);
                }
            }
            throw failure("a display string without its closing '\"'");
        }

        private byte parseHexOctet() {
            if (position + 2 > input.length()) {
                throw failure("expected two lowercase hex digits after '%', found the end of the input");
            }
            int value = 0;
            for (int i = 0; i < 2; i++) {
                char digit = input.charAt(position);
                if (!isDigit(digit) && (digit < 'a' || digit > 'f')) {
                    throw failure("expected a lowercase hex digit after '%', found " + describe(digit));
                }
                value = value * 16 + Character.digit(digit, 16);
                position++;
            }
            return (byte) value;
        }

        private String decodeUtf8(ByteBuffer bytes) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes)
                        .toString();
            } catch (CharacterCodingException e) {
                throw failure("a display string is not valid UTF-8");
            }
        }

        private void expect(char expected) {
            if (atEnd() || peek() != expected) {
                throw failure("expected '" + expected + "', found " + describeNext());
            }
            position++;
        }

        private void skipSpaces() {
            while (!atEnd() && peek() == ' ') {
                position++;
            }
        }

        private void skipOptionalWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        private boolean atEnd() {
            return position >= input.length();
        }

        private char peek() {
            return input.charAt(position);
        }

        private ParseException failure(String reason) {
            return new ParseException(input, position, reason);
        }

        private String describeNext() {
            return atEnd() ? "the end of the input" : describe(peek());
        }

        private static String describe(char character) {
            if (character > 0x20 && character < 0x7F) {
                return "'" + character + "'";
            }
            return String.format("U+%04X", (int) character);
        }

        private static boolean isDigit(char character) {
            return character >= '0' && character <= '9';
        }

        private static boolean isLowercaseAlpha(char character) {
            return character >= 'a' && character <= 'z';
        }

        private static boolean isAlpha(char character) {
            return isLowercaseAlpha(character) || (character >= 'A' && character <= 'Z');
        }

        private static boolean isKeyCharacter(char character) {
            return isLowercaseAlpha(character) || isDigit(character) || "_-.*".indexOf(character) >= 0;
        }

        /** Returns whether the character is a tchar of RFC 9110, or ':' or '/'. */
        private static boolean isTokenCharacter(char character) {
            return isAlpha(character) || isDigit(character) || "!#$%&'*+-.^_`|~:/".indexOf(character) >= 0;
        }
    }
}
