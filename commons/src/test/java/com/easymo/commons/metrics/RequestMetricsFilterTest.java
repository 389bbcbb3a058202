package com.easymo.commons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMetricsFilterTest {

    @ParameterizedTest
    @CsvSource({
        "GET, GET",
        "PATCH, PATCH",
        "get, _OTHER",
        "BREW, _OTHER",
        "PROPFIND, _OTHER",
        "'', _OTHER",
    })
    void methodLabelIsBounded(String method, String expected) {
        assertThat(RequestMetricsFilter.methodLabel(method)).isEqualTo(expected);
    }
}
