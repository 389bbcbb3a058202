package com.easymo.tests.monitoring;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Extracts the metric names that a PromQL expression selects, with a small tokenizer instead of a full parser.
 *
 * <p>An identifier counts as a metric name unless it is a keyword, an aggregation operator or a function (an
 * identifier followed by {@code (}). The tokenizer skips strings, numbers, durations and subquery ranges in
 * {@code [...]}, label names after {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right}, comments, and Grafana variables ({@code $job}, {@code ${datasource}},
 * {@code $__rate_interval}, {@code [[interval]]}). Inside {@code {...}} it reads only the metric name matcher
 * {@code __name__="name"} and a quoted metric name on its own ({@code {"name"}}). A regular expression matcher on
 * {@code __name__} names no metric that can be read from the text, so it is left out.
 */
public final class PromQl {

    /** Keywords that take a parenthesized list of label names. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    /**
     * Aggregation operators. PromQL reads them as keywords, so a metric with one of these names can only be selected
     * with {@code {__name__="..."}}.
     */
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");

    private PromQl() {}

    /**
     * Returns the metric names that the expression selects, in order of first appearance.
     *
     * @throws IllegalArgumentException if a string, a label matcher list or a bracket is not closed
     */
    public static Set<String> metricNames(String expression) {
        return new Scanner(expression).metricNames();
    }

    /** One pass over an expression. */
    private static final class Scanner {

        private final String text;
        private final Set<String> names = new LinkedHashSet<>();
        private int position;

        Scanner(String text) {
            this.text = text;
        }

        Set<String> metricNames() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (Character.isWhitespace(c)) {
                    position++;
                } else if (c == '#') {
                    skipComment();
                } else if (isQuote(c)) {
                    position = stringEnd(position);
                } else if (c == '$') {
                    skipVariable();
                } else if (c == '{') {
                    readMatchers();
                } else if (c == '[') {
                    position = closingEnd(position, '[', ']');
                } else if (isNumberStart(position)) {
                    skipNumber();
                } else if (isIdentifierStart(c)) {
                    readIdentifier();
                } else {
                    // Operators, parentheses, commas and the @ modifier.
                    position++;
                }
            }
            return Collections.unmodifiableSet(names);
        }

        private void readIdentifier() {
            int end = identifierEnd(position);
            String word = text.substring(position, end);
            String keyword = word.toLowerCase(Locale.ROOT);
            int next = skipWhitespace(end);
            boolean parenthesisFollows = next < text.length() && text.charAt(next) == '(';

            if (LABEL_LIST_KEYWORDS.contains(keyword)) {
                // group_left and group_right may stand without a list, but the other keywords always have one.
                position = parenthesisFollows ? closingEnd(next, '(', ')') : end;
            } else if (KEYWORDS.contains(keyword) || AGGREGATIONS.contains(keyword) || parenthesisFollows) {
                position = end;
            } else {
                names.add(word);
                position = end;
            }
        }

        /** Reads a label matcher list from its opening brace and records the metric names it selects. */
        private void readMatchers() {
            int start = position;
            position++;
            while (true) {
                position = skipWhitespace(position);
                if (position >= text.length()) {
                    throw unclosed("label matcher list", start);
                }
                char c = text.charAt(position);
                if (c == '}') {
                    position++;
                    return;
                }
                if (c == ',') {
                    position++;
                } else if (c == '$') {
                    skipVariable();
                } else if (isIdentifierStart(c) || isQuote(c)) {
                    readMatcher();
                } else {
                    throw new IllegalArgumentException("Unexpected character '" + c + "' at offset " + position
                            + " in the label matchers of: " + text);
                }
            }
        }

        /** Reads one {@code label op "value"} matcher, or a quoted metric name on its own. */
        private void readMatcher() {
            boolean quotedName = isQuote(text.charAt(position));
            int nameEnd = quotedName ? stringEnd(position) : identifierEnd(position);
            String label = quotedName ? unquote(position, nameEnd) : text.substring(position, nameEnd);

            int operatorStart = skipWhitespace(nameEnd);
            int operatorEnd = operatorStart;
            while (operatorEnd < text.length() && "=!~".indexOf(text.charAt(operatorEnd)) >= 0) {
                operatorEnd++;
            }
            String operator = text.substring(operatorStart, operatorEnd);
            if (operator.isEmpty()) {
                if (quotedName) {
                    names.add(label);
                }
                position = operatorStart;
                return;
            }

            int valueStart = skipWhitespace(operatorEnd);
            if (valueStart >= text.length() || !isQuote(text.charAt(valueStart))) {
                throw new IllegalArgumentException("Expected a quoted value after '" + label + operator + "' at offset "
                        + valueStart + " in: " + text);
            }
            int valueEnd = stringEnd(valueStart);
            if (label.equals("__name__") && operator.equals("=")) {
                names.add(unquote(valueStart, valueEnd));
            }
            position = valueEnd;
        }

        private void skipComment() {
            int end = text.indexOf('\n', position);
            position = end < 0 ? text.length() : end + 1;
        }

        /** Skips {@code $name} or {@code ${name}}, a Grafana template variable. */
        private void skipVariable() {
            int next = position + 1;
            if (next < text.length() && text.charAt(next) == '{') {
                int end = text.indexOf('}', next);
                if (end < 0) {
                    throw unclosed("variable", position);
                }
                position = end + 1;
                return;
            }
            position = next;
            while (position < text.length() && isIdentifierPart(text.charAt(position))) {
                position++;
            }
        }

        /** Skips a number or a duration: 5, 0.95, .5, 1e3, 0x1F, 5m or 1h30m. */
        private void skipNumber() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_')) {
                    return;
                }
                position++;
            }
        }

        private boolean isNumberStart(int index) {
            char c = text.charAt(index);
            if (c >= '0' && c <= '9') {
                return true;
            }
            return c == '.' && index + 1 < text.length() && Character.isDigit(text.charAt(index + 1));
        }

        /**
         * Returns the index after the bracket that closes the one at {@code open}, counting nested brackets of the
         * same kind and skipping strings.
         */
        private int closingEnd(int open, char opening, char closing) {
            int depth = 0;
            int index = open;
            while (index < text.length()) {
                char c = text.charAt(index);
                if (isQuote(c)) {
                    index = stringEnd(index);
                    continue;
                }
                if (c == opening) {
                    depth++;
                } else if (c == closing) {
                    depth--;
                    if (depth == 0) {
                        return index + 1;
                    }
                }
                index++;
            }
            throw unclosed("'" + opening + "'", open);
        }

        /** Returns the index after the string that starts at {@code open}. Backquoted strings have no escapes. */
        private int stringEnd(int open) {
            char quote = text.charAt(open);
            int index = open + 1;
            while (index < text.length()) {
                char c = text.charAt(index);
                if (c == '\\' && quote != '`') {
                    index += 2;
                    continue;
                }
                if (c == quote) {
                    return index + 1;
                }
                index++;
            }
            throw unclosed("string", open);
        }

        /** Returns the content of the string between {@code start} and {@code end}, with escapes resolved. */
        private String unquote(int start, int end) {
            String content = text.substring(start + 1, end - 1);
            if (text.charAt(start) == '`') {
                return content;
            }
            StringBuilder value = new StringBuilder(content.length());
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                if (c == '\\' && i + 1 < content.length()) {
                    i++;
                    c = content.charAt(i);
                }
                value.append(c);
            }
            return value.toString();
        }

        private int identifierEnd(int start) {
            int index = start + 1;
            while (index < text.length() && isIdentifierPart(text.charAt(index))) {
                index++;
            }
            return index;
        }

        private int skipWhitespace(int start) {
            int index = start;
            while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
                index++;
            }
            return index;
        }

        private IllegalArgumentException unclosed(String element, int start) {
            return new IllegalArgumentException(
                    "Unclosed " + element + " starting at offset " + start + " in PromQL expression: " + text);
        }

        private static boolean isQuote(char c) {
            return c == '"' || c == '\'' || c == '`';
        }

        private static boolean isIdentifierStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        }

        private static boolean isIdentifierPart(char c) {
            return isIdentifierStart(c) || (c >= '0' && c <= '9');
        }
    }
}
