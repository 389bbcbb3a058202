package com.easymo.commons.logging.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiMaskerTest {

    private final PiiMasker masker = PiiMasker.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "calling +254712345678 now | calling +2547******78 now",
                "to=+14155550177 | to=+141******77",
                "dial +1 (415) 555-0123 | dial +1 (41*) ***-**23",
                "dial +44 20 7946 0958. | dial +44 20 **** **58.",
                "dial 0044 20 7946 0958 | dial 0044 20 **** **58",
                "dial 00254712345678 | dial 002547******78",
                "encoded %2B14155550177 | encoded %2B141******77",
                "us (415) 555-0123 | us (415) ***-**23",
                "us 415-555-0123 | us 415-***-**23",
                "us 415.555.0123 | us 415.***.**23",
                "ke 0722 123 456 | ke 072* *** *56",
                "uk 020 7946 0958 | uk 020 **** **58",
                "us (415)5550123 | us (415)*****23",
                "us (415) 5550123. | us (415) *****23.",
                "status +14155550123 200 OK | status +1415******* *00 OK",
                "two +14155550123,+254712345678 | two +141******23,+2547******78",
                "sip:+14155550123@example.com | sip:+141******23@example.com",
                "doubled +1  415  555  0123 | doubled +1  41*  ***  **23",
                "nbsp +1\u00a0415\u00a0555\u00a00123 | nbsp +1\u00a041*\u00a0***\u00a0**23",
                "dash 415\u2013555\u20130123 | dash 415\u2013***\u2013**23",
                "fullwidth +\uff11\uff14\uff11\uff15\uff15\uff15\uff15\uff10\uff11\uff17\uff17"
                        + " | fullwidth +\uff11\uff14\uff11******\uff17\uff17",
                "glued tel+14155550123x | glued tel+141******23x",
                "joined +14155550123+254712345678 | joined +141******23+2547******78",
            })
    void masksPhoneNumbers(String text, String expected) {
        assertThat(masker.mask(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mail ana.silva@example.com please | mail a***@example.com please",
                "encoded ana%40example.com | encoded a***%40example.com",
                "from sip:agent@sip.example.com | from sip:a***@sip.example.com",
                "from sips:+14155550123@sip.example.com | from sips:+141******23@sip.example.com",
                "<sip:alice@example.com;transport=tls> | <sip:a***@example.com;transport=tls>",
                "sip:ana.silva:pw123@example.com | sip:a***@example.com",
                "unicode jos\u00e9@example.com | unicode j***@example.com",
                "idn ana@b\u00fccher.example | idn a***@b\u00fccher.example",
                "punycode ana@example.xn--p1ai | punycode a***@example.xn--p1ai",
                "fullwidth ana\uff20example.com | fullwidth a***\uff20example.com",
            })
    void masksAddresses(String text, String expected) {
        assertThat(masker.mask(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Authorization: Bearer tok-ABCDEF123456 | Authorization: ***",
                "Authorization: Basic dXNlcjpwYXNz | Authorization: ***",
                "sent Basic dXNlcjpwYXNz upstream | sent Basic *** upstream",
                "password=my secret phrase | password=***",
                "token=abc123 callId=42 | token=*** callId=42",
                "sent bearer tok-ABCDEF123456 upstream | sent bearer *** upstream",
                "Basic YWxpY2U6c2VjcmV0 | Basic ***",
                "basic checks passed | basic checks passed",
                "apiKey=abc123XYZ&page=2 | apiKey=***&page=2",
                "x-api-key: key-alice | x-api-key: ***",
                "'{\"password\":\"hunter2\",\"user\":\"bob\"}' | '{\"password\":\"***\",\"user\":\"bob\"}'",
                "client_secret=\"s3cr3t value\" | client_secret=\"***\"",
                "key sk_test_4f9a8b7c6d5e failed | key sk_test_*** failed",
                "aws AKIAIOSFODNN7EXAMPLE | aws AKIA***",
                "client emk_3q2-7wEVuXoJb_Zk1yQ8dLmN0pRsTuVwXyZaBcDeFgH sent | client emk_*** sent",
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl | jwt eyJ***",
            })
    void masksSecrets(String text, String expected) {
        assertThat(masker.mask(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "client 203.0.113.62 rejected | client 203.0.113.0/24 rejected",
                "client 203.0.113.62:4711 | client 203.0.113.0/24:4711",
                "client 2001:db8:ab:cd::7 | client 2001:db8:ab:cd:0:0:0:0/64",
                "client ::ffff:203.0.113.9 | client 203.0.113.0/24",
                "host 203.0.113.62/32 | host 203.0.113.0/24",
                "network 203.0.113.0/24 | network 203.0.113.0/24",
                "glued ip203.0.113.62 | glued ip203.0.113.0/24",
                "bound to 127.0.0.1:3001 and ::1 | bound to 127.0.0.1:3001 and ::1",
                "listening on 0.0.0.0:9001 | listening on 0.0.0.0:9001",
            })
    void masksClientAddresses(String text, String expected) {
        assertThat(masker.mask(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "request took 1733337642123 ms",
                "status=503 port=3001 count=100000 retryAfter=60",
                "at 2026-12-04T18:20:42.123Z for 12:34:56",
                "date 2026-12-04 and 04-12-2026",
                "call 550e8400-e29b-41d4-a716-446655440000 queued",
                "errorId=00a1b2c3d4e5f607 took 250 ms",
                "window PT15M capacity 10 remaining 9 reset 1733337700",
                "key=ip:127.0.0.1 policy=outbound-calls limit=10",
                "GET /calls/{callId} HTTP/1.1",
                "card-like 1234 5678 9012 3456 ids",
            })
    void leavesOtherNumbersUnchanged(String text) {
        assertThat(masker.mask(text)).isEqualTo(text);
    }

    @Test
    void randomTextNeverLeaksLongInternationalNumbers() {
        Random random = new Random(20261204);
        String alphabet = "0123456789+ .-()%2Bab@:/";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String number = "+" + (1 + random.nextInt(9)) + String.format("%010d", random.nextInt(1_000_000_000));
            String input = text + " " + number + " " + text;

            String masked = masker.mask(input);

            assertThat(masked).as("input %s", input).doesNotContain(number.substring(1));
            assertThat(masker.mask(masked)).as("input %s", input).isEqualTo(masked);
        }
    }

    @Test
    void masksEscapedQuoteInSecretValue() {
        assertThat(masker.mask("{\"password\":\"ab\\\"cdefgh\",\"user\":\"bob\"}"))
                .isEqualTo("{\"password\":\"***\",\"user\":\"bob\"}");
    }

    @Test
    void additionalNamesMatchAsWritten() {
        LogMaskingFactory factory = new LogMaskingFactory();
        factory.setAdditionalSensitiveNames(List.of("client_ref"));
        PiiMasker configured = factory.build();

        assertThat(configured.mask("client_ref=ABC123 ok")).isEqualTo("client_ref=***");
        assertThat(configured.mask("X-Client-Ref: ABC123")).isEqualTo("X-Client-Ref: ***");
        assertThat(configured.maskField("clientRefId", "ABC123")).isEqualTo("***");
    }

    @Test
    void masksQueryInsidePath() {
        assertThat(masker.maskPath("/v1/verify?otp=123456&key=abcdef&to=%2B14155550177"))
                .isEqualTo("/v1/verify?otp=***&key=***&to=+141******77");
    }

    @Test
    void masksManySeparatorsWithoutError() {
        String ats = "@".repeat(20_000) + " ana@example.com " + "%40".repeat(5_000);

        String masked = masker.mask(ats);

        assertThat(masked).contains(" a***@example.com ").hasSize(ats.length() + 1);
    }

    @Test
    void masksFieldsBySecretName() {
        assertThat(masker.maskField("apiKey", "abc")).isEqualTo("***");
        assertThat(masker.maskField("X-API-Key", "abc")).isEqualTo("***");
        assertThat(masker.maskField("access_token", 12345)).isEqualTo("***");
        assertThat(masker.maskField("clientSecret", "abc")).isEqualTo("***");
        assertThat(masker.maskField("Authorization", "Bearer abc")).isEqualTo("***");
        assertThat(masker.maskField("to", "+254712345678")).isEqualTo("+2547******78");
        assertThat(masker.maskField("limit", 10)).isEqualTo(10);
        assertThat(masker.maskField("policy", "outbound-calls")).isEqualTo("outbound-calls");
        assertThat(masker.maskField("key", "ip:203.0.113.9")).isEqualTo("ip:203.0.113.0/24");
    }

    @Test
    void masksQueryParameters() {
        String query = "to=%2B14155550177&api_key=sk_live_abcdefgh12&email=ana%40example.com&page=2";

        String masked = masker.maskQuery(query);

        assertThat(masked).isEqualTo("to=+141******77&api_key=***&email=a***@example.com&page=2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "to=+14155550123 | to=+141******23",
                "to=%2B1+415+555+0123 | to=+1 41* *** **23",
                "to=%25252B14155550123 | to=+141******23",
                "user[password]=hunter2&page=1 | user[password]=***&page=1",
                "apiKey[]=abc123 | apiKey[]=***",
                "password_confirmation=hunter2 | password_confirmation=***",
                "key=AbCdEf123 | key=***",
                "pin=1234&otp=987654&sig=abcdef | pin=***&otp=***&sig=***",
                "tokenCount=3 | tokenCount=3",
            })
    void masksQueryCases(String query, String expected) {
        assertThat(masker.maskQuery(query)).isEqualTo(expected);
    }

    @Test
    void masksThreadNames() {
        assertThat(masker.maskThreadName("dw-19 - POST /calls/outbound?to=%2B1+415+555+0123"))
                .isEqualTo("dw-19 - POST /calls/outbound?...");
        assertThat(masker.maskThreadName("dw-16 - GET /calls/%2B1%20415%20555%200123"))
                .isEqualTo("dw-16 - GET /calls/+1 41* *** **23");
        assertThat(masker.maskThreadName("main")).isEqualTo("main");
    }

    @Test
    void masksEncodedPath() {
        assertThat(masker.maskPath("/calls/%2B14155550177/status")).isEqualTo("/calls/+141******77/status");
        assertThat(masker.maskPath("/calls/abc+def")).isEqualTo("/calls/abc+def");
    }

    @Test
    void masksMessagesInStackTraceButNotFrames() {
        String trace = "java.lang.IllegalStateException: cannot dial +14155550177 for ana.silva@example.com\n"
                + "\tat com.easymo.voicebridge.provider.HttpTelephonyProvider.place(HttpTelephonyProvider.java:120)\n"
                + "\t... 42 common frames omitted\n"
                + "Caused by: java.io.IOException: key sk_test_4f9a8b7c6d5e rejected\n"
                + "\tat java.base/java.net.Socket.connect(Socket.java:751)\n";

        String masked = masker.maskStackTrace(trace);

        assertThat(masked)
                .isEqualTo("java.lang.IllegalStateException: cannot dial +141******77 for a***@example.com\n"
                        + "\tat com.easymo.voicebridge.provider.HttpTelephonyProvider.place(HttpTelephonyProvider"
                        + ".java:120)\n"
                        + "\t... 42 common frames omitted\n"
                        + "Caused by: java.io.IOException: key sk_test_*** rejected\n"
                        + "\tat java.base/java.net.Socket.connect(Socket.java:751)\n");
    }

    @Test
    void maskingIsIdempotent() {
        String text = "to +254712345678 from sip:agent@sip.example.com mail ana@example.com ip 203.0.113.9";

        String once = masker.mask(text);

        assertThat(masker.mask(once)).isEqualTo(once);
    }

    @Test
    void configuredRulesApply() {
        LogMaskingFactory factory = new LogMaskingFactory();
        factory.setIpv4PrefixLength(16);
        factory.setPhoneKeepLeading(2);
        factory.setPhoneKeepTrailing(0);
        factory.setAdditionalSensitiveNames(List.of("pin"));
        factory.setPatterns(List.of("ORD-[0-9]{6}"));
        factory.setEmailAddresses(false);
        PiiMasker configured = factory.build();

        assertThat(configured.mask("ip 203.0.113.62")).isEqualTo("ip 203.0.0.0/16");
        assertThat(configured.mask("to +254712345678")).isEqualTo("to +25**********");
        assertThat(configured.mask("pin=1234 order ORD-123456")).isEqualTo("pin=***");
        assertThat(configured.mask("pin=1234 orderId=ORD-123456")).isEqualTo("pin=*** orderId=***");
        assertThat(configured.mask("mail ana@example.com")).isEqualTo("mail ana@example.com");
    }

    @Test
    void disabledMaskerChangesNothing() {
        PiiMasker disabled = new LogMaskingFactory().withEnabled(false).build();

        assertThat(disabled.mask("+254712345678 ana@example.com")).isEqualTo("+254712345678 ana@example.com");
        assertThat(disabled.isEnabled()).isFalse();
    }
}
