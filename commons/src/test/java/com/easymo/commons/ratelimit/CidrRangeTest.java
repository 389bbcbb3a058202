package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "203.0.113.0/24, ::ffff:203.0.113.9, true",
        "0.0.0.0/0, 192.0.2.1, true",
        "0.0.0.0/0, ::1, false",
        "::/0, 127.0.0.1, false"
    })
    void matchesAddresses(String range, String address, boolean expected) throws Exception {
        CidrRange cidr = CidrRange.parse(range);

        assertThat(cidr.contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "", "2001:db8::/129"})
    void rejectsInvalidRange(String range) {
        assertThatThrownBy(() -> CidrRange.parse(range))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid trusted proxy '" + range + "'");
    }
}
