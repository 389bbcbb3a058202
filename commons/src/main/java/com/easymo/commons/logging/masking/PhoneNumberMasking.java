package com.easymo.commons.logging.masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds phone numbers in text and replaces their middle digits with {@code *}, keeping separators.
 *
 * <p>Recognised spellings:
 *
 * <ul>
 *   <li>international: {@code +} (also percent-encoded as {@code %2B}) or {@code 00}, then 8 or more digits with
 *       optional spaces, dashes, dots and parentheses: {@code +14155550123}, {@code +1 (415) 555-0123},
 *       {@code 0044 20 7946 0958};
 *   <li>national with an area code in parentheses: {@code (415) 555-0123};
 *   <li>national in three separated groups of 9 to 11 digits: {@code 415-555-0123}, {@code 415.555.0123},
 *       {@code 0722 123 456}, {@code 020 7946 0958}.
 * </ul>
 *
 * <p>Digit runs without a {@code +}, {@code 00} or separators stay unchanged, because durations, counts, epoch
 * timestamps and IDs look the same. Dates ({@code 2026-12-04}), times, IPv4 addresses and UUIDs do not fit the
 * group shapes above.
 */
final class PhoneNumberMasking {

    private static final String INTERNATIONAL =
            "(?:\\+|%2[Bb]|(?<![\\d.])00)[1-9](?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d)){7,22}";
    private static final String NATIONAL_PARENTHESES = "\\(\\d{2,4}\\)[ .\\-]?\\d{3,4}[ .\\-]?\\d{3,4}";
    private static final String NATIONAL_GROUPS = "(?<![\\d.])\\d{2,4}[ .\\-]\\d{3,4}[ .\\-]\\d{3,4}";
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+%*])(?:" + INTERNATIONAL + "|" + NATIONAL_PARENTHESES
            + "|" + NATIONAL_GROUPS + ")(?![\\w*]|[.\\-]\\d)");

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
        Matcher matcher = PHONE.matcher(text);
        StringBuilder masked = null;
        int copied = 0;
        while (matcher.find()) {
            String candidate = matcher.group();
            if (!isPhoneNumber(candidate)) {
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            masked.append(text, copied, matcher.start()).append(maskDigits(candidate));
            copied = matcher.end();
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
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

    private static boolean isPhoneNumber(String candidate) {
        int prefix = internationalPrefixLength(candidate);
        int digits = countDigits(candidate, prefix);
        if (prefix > 0) {
            // The pattern admits at least 8 digits. Longer runs than E.164's 15 are masked as well: masking too much
            // is harmless, while rejecting the match would leave a number followed by other digits in clear.
            return true;
        }
        return digits >= MIN_NATIONAL_DIGITS && digits <= MAX_NATIONAL_DIGITS;
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
