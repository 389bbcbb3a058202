package com.easymo.commons.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.easymo.commons.logging.masking.PiiMasker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class MaskedJsonLayoutTest {

    private static final Instant AT = Instant.parse("2026-12-04T18:20:42.123Z");

    private final LoggerContext context = new LoggerContext();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesOneJsonLineWithTopLevelFields() throws Exception {
        LoggingEvent event = event("Rate limit exceeded");
        event.addKeyValuePair(new KeyValuePair("event", "RATE_LIMIT_EXCEEDED"));
        event.addKeyValuePair(new KeyValuePair("policy", "outbound-calls"));
        event.addKeyValuePair(new KeyValuePair("limit", 10L));

        String line = layout(PiiMasker.defaults()).doLayout(event);

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode fields = json.readTree(line);
        assertThat(fields.get("timestamp").asText()).isEqualTo("2026-12-04T18:20:42.123Z");
        assertThat(fields.get("level").asText()).isEqualTo("WARN");
        assertThat(fields.get("logger").asText()).isEqualTo("com.easymo.Test");
        assertThat(fields.get("thread").asText()).isEqualTo("dw-7");
        assertThat(fields.get("message").asText()).isEqualTo("Rate limit exceeded");
        assertThat(fields.get("service").asText()).isEqualTo("voice-bridge");
        assertThat(fields.get("version").asText()).isEqualTo("1.2.3");
        assertThat(fields.get("correlationId").asText()).isEqualTo("corr-A-111");
        assertThat(fields.get("clientIp").asText()).isEqualTo("203.0.113.0/24");
        assertThat(fields.get("event").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(fields.get("policy").asText()).isEqualTo("outbound-calls");
        assertThat(fields.get("limit").isIntegralNumber()).isTrue();
        assertThat(fields.get("limit").asLong()).isEqualTo(10);
    }

    @Test
    void masksMessageFieldsAndContext() throws Exception {
        LoggingEvent event = event(
                "Dialling +14155550177 for ana.silva@example.com",
                Map.of("correlationId", "corr-A-111", "clientIp", "203.0.113.62", "token", "t-1"));
        event.addKeyValuePair(new KeyValuePair("to", "+254712345678"));
        event.addKeyValuePair(new KeyValuePair("apiKey", "key-alice-0123"));

        JsonNode fields = json.readTree(layout(PiiMasker.defaults()).doLayout(event));

        assertThat(fields.get("message").asText()).isEqualTo("Dialling +141******77 for a***@example.com");
        assertThat(fields.get("to").asText()).isEqualTo("+2547******78");
        assertThat(fields.get("apiKey").asText()).isEqualTo("***");
        assertThat(fields.get("token").asText()).isEqualTo("***");
        assertThat(fields.get("clientIp").asText()).isEqualTo("203.0.113.0/24");
    }

    @Test
    void masksExceptionAndItsCauses() throws Exception {
        LoggingEvent event = event("Upstream call failed");
        IllegalStateException cause = new IllegalStateException("key sk_test_4f9a8b7c6d5e rejected");
        event.setThrowableProxy(new ThrowableProxy(new RuntimeException("cannot dial +14155550177", cause)));

        JsonNode fields = json.readTree(layout(PiiMasker.defaults()).doLayout(event));

        String exception = fields.get("exception").asText();
        assertThat(exception)
                .contains("cannot dial +141******77")
                .contains("key sk_test_*** rejected")
                .contains("at com.easymo.commons.logging.MaskedJsonLayoutTest")
                .doesNotContain("4155550177")
                .doesNotContain("4f9a8b7c6d5e");
    }

    @Test
    void keyValuePairCannotReplaceStandardField() throws Exception {
        LoggingEvent event = event("Real message");
        event.addKeyValuePair(new KeyValuePair("message", "forged"));
        event.addKeyValuePair(new KeyValuePair("level", "DEBUG"));

        JsonNode fields = json.readTree(layout(PiiMasker.defaults()).doLayout(event));

        assertThat(fields.get("message").asText()).isEqualTo("Real message");
        assertThat(fields.get("level").asText()).isEqualTo("WARN");
        assertThat(fields.get("kv_message").asText()).isEqualTo("forged");
        assertThat(fields.get("kv_level").asText()).isEqualTo("DEBUG");
    }

    @Test
    void disabledMaskerWritesClearValues() throws Exception {
        LoggingEvent event = event("Dialling +14155550177");

        JsonNode fields = json.readTree(layout(PiiMasker.disabled()).doLayout(event));

        assertThat(fields.get("message").asText()).isEqualTo("Dialling +14155550177");
        assertThat(fields.get("clientIp").asText()).isEqualTo("203.0.113.62");
    }

    @Test
    void messageWithLineBreakStaysOneLine() throws Exception {
        LoggingEvent event = event("first line\n{\"level\":\"ERROR\",\"message\":\"forged\"}");

        String line = layout(PiiMasker.defaults()).doLayout(event);

        assertThat(line.strip()).doesNotContain("\n");
        assertThat(json.readTree(line).get("message").asText())
                .isEqualTo("first line\n{\"level\":\"ERROR\",\"message\":\"forged\"}");
    }

    @Test
    void unicodeLineSeparatorsAreEscaped() throws Exception {
        LoggingEvent event = event("one\u2028two\u2029three\u0085four");

        String line = layout(PiiMasker.defaults()).doLayout(event);

        assertThat(line).contains("one\\u2028two\\u2029three\\u0085four");
        assertThat(line.strip().lines()).hasSize(1);
        assertThat(json.readTree(line).get("message").asText()).isEqualTo("one\u2028two\u2029three\u0085four");
    }

    @Test
    void threadNameLosesQueryAndMasksPath() throws Exception {
        LoggingEvent event = event(
                "Placed call",
                Map.of("correlationId", "corr-A-111"),
                "dw-19 - POST /calls/%2B14155550177?api%5Fkey=s3cretvalue1");

        JsonNode fields = json.readTree(layout(PiiMasker.defaults()).doLayout(event));

        assertThat(fields.get("thread").asText()).isEqualTo("dw-19 - POST /calls/+141******77?...");
    }

    private LayoutBase<ILoggingEvent> layout(PiiMasker masker) {
        MaskedJsonLayoutFactory factory = new MaskedJsonLayoutFactory();
        factory.configure(masker, new ServiceInfo("voice-bridge", "1.2.3"));
        LayoutBase<ILoggingEvent> layout = factory.build(context, TimeZone.getTimeZone("UTC"));
        layout.start();
        return layout;
    }

    private LoggingEvent event(String message) {
        return event(message, Map.of("correlationId", "corr-A-111", "clientIp", "203.0.113.62"));
    }

    private LoggingEvent event(String message, Map<String, String> mdc) {
        return event(message, mdc, "dw-7");
    }

    private LoggingEvent event(String message, Map<String, String> mdc, String thread) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(context);
        event.setLoggerName("com.easymo.Test");
        event.setLevel(Level.WARN);
        event.setThreadName(thread);
        event.setMessage(message);
        event.setTimeStamp(AT.toEpochMilli());
        event.setMDCPropertyMap(mdc);
        return event;
    }
}
