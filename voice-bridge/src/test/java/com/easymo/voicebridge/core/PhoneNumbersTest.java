package com.easymo.voicebridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void keepsPlusAndLastTwoDigits() {
        String masked = PhoneNumbers.mask("+254712345678");

        assertThat(masked).isEqualTo("+**********78");
    }

    @Test
    void masksNumberWithoutPlus() {
        String masked = PhoneNumbers.mask("0712345678");

        assertThat(masked).isEqualTo("********78");
    }

    @Test
    void leavesTwoCharacterValueVisible() {
        String masked = PhoneNumbers.mask("12");

        assertThat(masked).isEqualTo("12");
    }

    @Test
    void writesNullAsText() {
        String masked = PhoneNumbers.mask(null);

        assertThat(masked).isEqualTo("null");
    }
}
