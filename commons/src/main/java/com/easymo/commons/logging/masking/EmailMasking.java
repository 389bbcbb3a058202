package com.easymo.commons.logging.masking;

/**
 * Masks email addresses, keeping the first character of the local part and the domain:
 * {@code ana.silva@example.com} becomes {@code a***@example.com}. A percent-encoded {@code @} ({@code %40}) and a
 * fullwidth one count too, and local parts and domains may hold non-ASCII letters.
 *
 * <p>The scan starts from each {@code @} instead of trying a regular expression at every position, because an
 * {@code @} is rare in log text. A domain needs a dot and a last label of two or more letters, so that
 * {@code Class@1846579f} and module versions such as {@code java.base@17.0.15} stay unchanged.
 */
final class EmailMasking {

    private EmailMasking() {}

    /**
     * Returns the text with every email address masked, or the same instance when there is none. Each scan is
     * bounded by the previous separator or the next one, so the cost stays linear in the text's length even for
     * a run of thousands of {@code @}.
     */
    static String mask(String text) {
        StringBuilder masked = null;
        int copied = 0;
        int from = 0;
        Separators separators = new Separators(text);
        while (true) {
            int at = separators.next(from);
            if (at < 0) {
                break;
            }
            int separatorLength = text.charAt(at) == '%' ? 3 : 1;
            int localStart = localStart(text, at, Math.max(copied, from));
            int domainEnd = domainEnd(text, at + separatorLength);
            if (localStart < at && domainEnd > 0) {
                if (masked == null) {
                    masked = new StringBuilder(text.length());
                }
                masked.append(text, copied, localStart)
                        .append(text.charAt(localStart))
                        .append(PiiMasker.MASK)
                        .append(text, at, domainEnd);
                copied = domainEnd;
            }
            from = at + separatorLength;
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
    }

    /** Finds {@code @}, fullwidth {@code ＠} and {@code %40} in order, searching for each only once per pass. */
    private static final class Separators {
        private final String text;
        private int at = -2;
        private int fullwidth = -2;
        private int encoded = -2;

        private Separators(String text) {
            this.text = text;
        }

        int next(int from) {
            at = at >= from || at == -1 ? at : text.indexOf('@', from);
            fullwidth = fullwidth >= from || fullwidth == -1 ? fullwidth : text.indexOf('\uff20', from);
            encoded = encoded >= from || encoded == -1 ? encoded : text.indexOf("%40", from);
            int next = -1;
            for (int candidate : new int[] {at, fullwidth, encoded}) {
                if (candidate >= 0 && (next < 0 || candidate < next)) {
                    next = candidate;
                }
            }
            return next;
        }
    }

    /**
     * Returns where the local part before {@code at} starts, scanning back no further than {@code floor}, or
     * {@code at} when there is none to mask.
     */
    private static int localStart(String text, int at, int floor) {
        int start = at;
        while (start > floor && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        // A '*' before the local part means an earlier rule has masked this address already.
        if (start > 0 && text.charAt(start - 1) == '*') {
            return at;
        }
        return start;
    }

    /** Returns the end of a valid domain starting at {@code start}, or -1 when there is none. */
    private static int domainEnd(String text, int start) {
        int end = start;
        int lastDot = -1;
        boolean doubleDot = false;
        while (end < text.length() && isDomainChar(text.charAt(end))) {
            if (text.charAt(end) == '.') {
                doubleDot |= end > start && text.charAt(end - 1) == '.';
            }
            end++;
        }
        while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        for (int i = end - 1; i > start; i--) {
            if (text.charAt(i) == '.') {
                lastDot = i;
                break;
            }
        }
        if (lastDot < 0 || end - lastDot - 1 < 2 || doubleDot) {
            return -1;
        }
        if (text.startsWith("xn--", lastDot + 1)) {
            // An internationalised top-level domain in its ASCII form.
            return end;
        }
        for (int i = lastDot + 1; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return -1;
            }
        }
        return end;
    }

    private static boolean isLocalChar(char c) {
        return (c > 127 && Character.isLetterOrDigit(c))
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '%'
                || c == '+'
                || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '-'
                || (c > 127 && Character.isLetterOrDigit(c));
    }
}
