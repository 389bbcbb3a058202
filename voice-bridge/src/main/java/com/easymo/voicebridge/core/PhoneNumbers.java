package com.easymo.voicebridge.core;

/** Helpers for phone numbers, which are personal data and must not appear unmasked in logs. */
public final class PhoneNumbers {

    /** Number of trailing digits that a masked number keeps, enough to tell calls apart in a log. */
    private static final int VISIBLE_DIGITS = 2;

    private PhoneNumbers() {}

    /**
     * Masks a phone number for logging: every character except a leading {@code +} and the last two digits becomes
     * {@code *}, so {@code +254712345678} becomes {@code +**********78}. A null number becomes the text {@code null}.
     */
    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        StringBuilder masked = new StringBuilder(number.length());
        int visibleFrom = number.length() - VISIBLE_DIGITS;
        for (int i = 0; i < number.length(); i++) {
            char character = number.charAt(i);
            boolean visible = (i == 0 && character == '+') || i >= visibleFrom;
            masked.append(visible ? character : '*');
        }
        return masked.toString();
    }
}
