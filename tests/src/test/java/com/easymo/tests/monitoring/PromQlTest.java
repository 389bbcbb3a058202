package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void selectorWithMatchersAndComparison() {
        assertThat(PromQl.metricNames("up{platform=\"easymo\"} == 0")).containsExactly("up");
    }

    @Test
    void histogramQuantileByLe() {
        String expression = "histogram_quantile(0.95, sum by (job, le) ("
                + "rate(http_server_request_duration_seconds_bucket{platform=\"easymo\"}[5m])))";

        assertThat(PromQl.metricNames(expression)).containsExactly("http_server_request_duration_seconds_bucket");
    }

    @Test
    void nestedAggregationsAndVectorMatching() {
        String expression = "max by (job) (sum without (instance) (rate(a_total[5m])))"
                + " / on (job) group_left (version) count by (job, version) (easymo_build_info)"
                + " * ignoring (policy) group_right min(b)";

        assertThat(PromQl.metricNames(expression)).containsExactly("a_total", "easymo_build_info", "b");
    }

    @Test
    void aggregationComparedWithScalar() {
        assertThat(PromQl.metricNames("max by (job) (x) == 1")).containsExactly("x");
    }

    @Test
    void sumWithoutInstanceOfRate() {
        assertThat(PromQl.metricNames("sum without (instance) (rate(x[5m]))")).containsExactly("x");
    }

    @Test
    void modifierAfterAggregationArguments() {
        assertThat(PromQl.metricNames("sum(rate(x[5m])) by (job) / count(y) without (instance)"))
                .containsExactly("x", "y");
    }

    @Test
    void groupLeftWithoutLabelList() {
        assertThat(PromQl.metricNames("x * on (job) group_left easymo_build_info"))
                .containsExactly("x", "easymo_build_info");
    }

    @Test
    void regexMatcherWithBracesInString() {
        String expression =
                "rate(http_server_requests_total{route=~\"/calls/\\\\{[a-z]+\\\\}|/x}\", method!=\"GET\"}[5m])"
                        + " + on (job) y{route=\"/calls/{id}\"}";

        assertThat(PromQl.metricNames(expression)).containsExactly("http_server_requests_total", "y");
    }

    @Test
    void escapedQuoteAndOtherQuotesInStrings() {
        String expression = "x{a=\"b\\\"} not_a_metric\"} + y{a='c} z'} + w{a=`d\\`}";

        assertThat(PromQl.metricNames(expression)).containsExactly("x", "y", "w");
    }

    @Test
    void offsetAndAtModifiers() {
        String expression = "rate(x[5m] offset 1h) - rate(x[5m] offset -1d) + y offset 5m + z @ 1609746000"
                + " + w @ start() + v @ end()";

        assertThat(PromQl.metricNames(expression)).containsExactly("x", "y", "z", "w", "v");
    }

    @Test
    void subqueryRange() {
        assertThat(PromQl.metricNames("max_over_time(rate(x[5m])[1h:30s])")).containsExactly("x");
    }

    @Test
    void grafanaVariables() {
        String expression = "sum by ($group) (rate(x{job=~\"$job\", instance=\"${instance}\"}[$__rate_interval]))"
                + " * $scale + rate(y[[[interval]]]) + on (job) z{$adhoc} / ${divisor:raw}";

        assertThat(PromQl.metricNames(expression)).containsExactly("x", "y", "z");
    }

    @Test
    void setOperatorsAndBoolKeyword() {
        assertThat(PromQl.metricNames("a and b or c unless d")).containsExactly("a", "b", "c", "d");
        assertThat(PromQl.metricNames("x atan2 y > bool 0")).containsExactly("x", "y");
    }

    @Test
    void keywordsInAnyLetterCase() {
        assertThat(PromQl.metricNames("SUM BY (job) (x) AND ON (job) Y")).containsExactly("x", "Y");
    }

    @Test
    void functionsAloneSelectNothing() {
        assertThat(PromQl.metricNames("vector(1) + time() + scalar(absent(x{job=\"a\"}))"))
                .containsExactly("x");
        assertThat(PromQl.metricNames("vector(1) + time()")).isEmpty();
    }

    @Test
    void stringArgumentsOfLabelReplace() {
        String expression = "label_replace(up, \"service\", \"$1\", \"job\", \"(.*)\") + count_values(\"v\", w)";

        assertThat(PromQl.metricNames(expression)).containsExactly("up", "w");
    }

    @Test
    void numbersAndSpecialValues() {
        assertThat(PromQl.metricNames("x > 1e3 and y < 0x1F and z != Inf and w != -NaN and v > .5"))
                .containsExactly("x", "y", "z", "w", "v");
    }

    @Test
    void nameMatcherAndQuotedName() {
        assertThat(PromQl.metricNames("{__name__=\"x\", job=\"a\"} + {\"my.metric\", job=\"b\"}"))
                .containsExactly("x", "my.metric");
        assertThat(PromQl.metricNames("{__name__=~\"x|y\"}")).isEmpty();
    }

    @Test
    void commentsAreSkipped() {
        assertThat(PromQl.metricNames("x # divided by y\n/ z")).containsExactly("x", "z");
    }

    @Test
    void unclosedStringIsRejected() {
        assertThatThrownBy(() -> PromQl.metricNames("x{job=\"a}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unclosed string starting at offset 6");
    }

    @Test
    void unclosedMatcherListIsRejected() {
        assertThatThrownBy(() -> PromQl.metricNames("x{job=\"a\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unclosed label matcher list starting at offset 1");
    }
}
