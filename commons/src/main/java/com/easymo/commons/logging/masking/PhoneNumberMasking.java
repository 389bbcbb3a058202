package com.easymo.commons.logging.masking;

/**
 * Finds phone numbers in text and replaces their middle digits with {@code *}, keeping separators.
 *
 * <p>Recognised spellings:
 *
 * <ul>
 *   <li>international: {@code +} (also percent-encoded as {@code %2B}) or {@code 00}, then 8 or more digits with
 *       one or two separators (spaces, dots, dashes, tabs, no-break spaces, Unicode dashes) between digits and
 *       area codes in parentheses:
 *       {@code +14155550123}, {@code +1 (415) 555-0123}, {@code 0044 20 7946 0958};
 *   <li>national with an area code in parentheses: {@code (415) 555-0123};
 *   <li>national in three separated groups of 2-4, 3-4 and 3-4 digits, 9 to 11 in all: {@code 415-555-0123},
 *       {@code 415.555.0123}, {@code 0722 123 456}, {@code 020 7946 0958}.
 * </ul>
 *
 * <p>A number must not follow a letter, digit, {@code _}, {@code +}, {@code %} or {@code *}, and must not be followed
 * by one of those or by a separator and a digit. Digit runs without a {@code +}, {@code 00} or separators stay
 * unchanged, because durations, counts, epoch timestamps and IDs look the same. Dates ({@code 2026-12-04}), times,
 * IPv4 addresses and UUIDs do not fit the group shapes above.
 *
 * <p>The matcher is written by hand rather than as a regular expression: a pattern tried at every position cost
 * several times more than all other masking rules together.
 */
final class PhoneNumberMasking {

    private static final int MIN_INTERNATIONAL_REPETITIONS = 7;
    private static final int MAX_INTERNATIONAL_REPETITIONS = 64;
    private static final int MIN_NATIONAL_DIGITS = 9;
    private static final int MAX_NATIONAL_DIGITS = 11;

    private final int keepLeading;
    private final int keepTrailing;

    PhoneNumberMasking(int keepLeading, int keepTrailing) {
        this.keepLeading = keepLeading;
        this.keepTrailing = keepTrailing;
    }

    /** Returns the text with every recognised phone number masked, or the same instance when there is none. */
    String mask(String text) {
        StringBuilder masked = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            int end = matchAt(text, i);
            if (end < 0) {
                i++;
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(length);
            }
            masked.append(text, copied, i).append(maskDigits(text.substring(i, end)));
            copied = end;
            i = end;
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, length).toString();
    }

    /** Masks the digits of one number, keeping its prefix, separators and a few leading and trailing digits. */
    String maskDigits(String number) {
        int prefix = internationalPrefixLength(number);
        int digits = countDigits(number, prefix);
        int leading = Math.min(keepLeading, digits / 3);
        int trailing = Math.min(keepTrailing, digits / 4);
        StringBuilder masked = new StringBuilder(number.length());
        masked.append(number, 0, prefix);
        int digit = 0;
        for (int i = prefix; i < number.length(); i++) {
            char c = number.charAt(i);
            if (isDigit(c)) {
                boolean kept = digit < leading || digit >= digits - trailing;
                masked.append(kept ? c : '*');
                digit++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    /** Returns the end of a phone number that starts at {@code start}, or -1 when none starts there. */
    static int matchAt(String text, int start) {
        char first = text.charAt(start);
        if (first != '+' && first != '%' && first != '(' && !isDigit(first)) {
            return -1;
        }
        boolean plus = first == '+' || first == '%';
        // A '+' or "%2B" starts a number even right after a letter or another number ("to+1...", "...23+1...").
        if (start > 0 && (plus ? text.charAt(start - 1) == '*' : isBlockedNeighbour(text.charAt(start - 1)))) {
            return -1;
        }
        int end = international(text, start);
        if (end < 0) {
            end = parenthesised(text, start);
        }
        if (end < 0) {
            end = nationalGroups(text, start);
        }
        return end;
    }

    private static int international(String text, int start) {
        int position;
        if (text.charAt(start) == '+') {
            position = start + 1;
        } else if (text.startsWith("%2B", start) || text.startsWith("%2b", start)) {
            position = start + 3;
        } else if (text.startsWith("00", start) && (start == 0 || text.charAt(start - 1) != '.')) {
            position = start + 2;
        } else {
            return -1;
        }
        if (position >= text.length()
                || !isDigit(text.charAt(position))
                || Character.digit(text.charAt(position), 10) == 0) {
            return -1;
        }

        // Each repetition is an optional separator and a digit or a parenthesised group. Like a greedy regular
        // expression, the longest run wins unless what follows it is blocked; then shorter runs are tried.
        int[] ends = new int[MAX_INTERNATIONAL_REPETITIONS];
        int end = position + 1;
        int repetitions = 0;
        while (repetitions < MAX_INTERNATIONAL_REPETITIONS) {
            int next = skipSeparators(text, end);
            int group = parenthesisedDigits(text, next, 1, 4);
            if (group < 0 && next < text.length() && isDigit(text.charAt(next))) {
                group = next + 1;
            }
            if (group < 0) {
                break;
            }
            end = group;
            ends[repetitions++] = end;
        }

        if (repetitions < MIN_INTERNATIONAL_REPETITIONS) {
            return -1;
        }
        for (int count = repetitions; count >= MIN_INTERNATIONAL_REPETITIONS; count--) {
            if (!isBlockedAfterInternational(text, ends[count - 1])) {
                return ends[count - 1];
            }
        }
        // No shorter reading ends cleanly, as when more digit groups follow; masking all of them is the safe side.
        return ends[repetitions - 1];
    }

    /** Matches {@code (415) 555-0123}: an area code of 2-4 digits, then 3-4 and 3-4 digits. */
    private static int parenthesised(String text, int start) {
        int end = parenthesisedDigits(text, start, 2, 4);
        if (end < 0) {
            return -1;
        }
        if (end < text.length() && isSeparator(text.charAt(end))) {
            end++;
        }
        int run = digitRunEnd(text, end);
        int runLength = run - end;
        if (run < text.length() && isSeparator(text.charAt(run)) && inRange(runLength, 3, 4)) {
            int last = digitRunEnd(text, run + 1);
            if (inRange(last - run - 1, 3, 4) && !isBlockedAfter(text, last)) {
                return last;
            }
        }
        // Without a separator the two groups run together: 6 to 8 digits.
        return inRange(runLength, 6, 8) && !isBlockedAfter(text, run) ? run : -1;
    }

    /** Matches three separated digit groups of 2-4, 3-4 and 3-4 digits, 9 to 11 digits in all. */
    private static int nationalGroups(String text, int start) {
        if (start > 0 && text.charAt(start - 1) == '.') {
            return -1;
        }
        int end = digitRunEnd(text, start);
        if (!inRange(end - start, 2, 4)) {
            return -1;
        }
        int digits = end - start;
        for (int group = 0; group < 2; group++) {
            int groupStart = skipSeparators(text, end);
            if (groupStart == end) {
                return -1;
            }
            int next = digitRunEnd(text, groupStart);
            if (!inRange(next - groupStart, 3, 4)) {
                return -1;
            }
            digits += next - groupStart;
            end = next;
        }
        return inRange(digits, MIN_NATIONAL_DIGITS, MAX_NATIONAL_DIGITS) && !isBlockedAfter(text, end) ? end : -1;
    }

    /** Returns the end of {@code (digits)} at {@code start} with {@code min} to {@code max} digits, or -1. */
    private static int parenthesisedDigits(String text, int start, int min, int max) {
        if (start >= text.length() || text.charAt(start) != '(') {
            return -1;
        }
        int close = digitRunEnd(text, start + 1);
        if (!inRange(close - start - 1, min, max) || close >= text.length() || text.charAt(close) != ')') {
            return -1;
        }
        return close + 1;
    }

    /** Returns the position after one or two separators at {@code position}, or {@code position} if none. */
    private static int skipSeparators(String text, int position) {
        int end = position;
        while (end < text.length() && end - position < 2 && isSeparator(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /**
     * Tests what may not follow an international number: a digit, {@code _} or {@code *}, or a separator and a
     * digit. A letter may follow, as in {@code +14155550123ext}.
     */
    private static boolean isBlockedAfterInternational(String text, int end) {
        if (end >= text.length()) {
            return false;
        }
        char next = text.charAt(end);
        if (isDigit(next) || next == '_' || next == '*') {
            return true;
        }
        return isSeparator(next) && end + 1 < text.length() && isDigit(text.charAt(end + 1));
    }

    /** Tests for a letter, digit, {@code _} or {@code *} at {@code end}, or a separator followed by a digit. */
    private static boolean isBlockedAfter(String text, int end) {
        if (end >= text.length()) {
            return false;
        }
        char next = text.charAt(end);
        if (isWordChar(next) || next == '*') {
            return true;
        }
        return (next == '.' || next == '-') && end + 1 < text.length() && isDigit(text.charAt(end + 1));
    }

    private static boolean isBlockedNeighbour(char c) {
        return isWordChar(c) || c == '+' || c == '%' || c == '*';
    }

    /** Returns the length of a leading {@code +}, {@code %2B} or {@code 00}, or 0 for a national number. */
    private static int internationalPrefixLength(String number) {
        if (number.startsWith("+")) {
            return 1;
        }
        if (number.startsWith("%2B") || number.startsWith("%2b")) {
            return 3;
        }
        if (number.startsWith("00")) {
            return 2;
        }
        return 0;
    }

    private static int countDigits(String text, int from) {
        int digits = 0;
        for (int i = from; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static int digitRunEnd(String text, int start) {
        int end = start;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean inRange(int value, int min, int max) {
        return value >= min && value <= max;
    }

    /** Space, dot, hyphen, tab, no-break space and the Unicode dashes that editors put into numbers. */
    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '\t' || c == '\u00a0' || (c >= '\u2010' && c <= '\u2014');
    }

    private static boolean isWordChar(char c) {
        return isDigit(c) || Character.isLetter(c) || c == '_';
    }

    /** ASCII digits and every other Unicode decimal digit, such as fullwidth and Arabic-Indic ones. */
    static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c > 127 && Character.isDigit(c));
    }
}
