package com.easymo.voicebridge;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Collects the events that reach the root logger while attached. Attach it after the app has started, because
 * Dropwizard resets the logger context when it configures logging at startup.
 */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    static CapturedLogs attach() {
        return new CapturedLogs();
    }

    /** Returns the events collected so far, oldest first. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Returns the structured fields of the collected events whose {@code event} field has the given value. */
    List<Map<String, Object>> withEvent(String event) {
        return events().stream()
                .map(CapturedLogs::keyValues)
                .filter(fields -> event.equals(fields.get("event")))
                .toList();
    }

    /** Returns an event's structured fields, added with SLF4J's {@code addKeyValue}, in the order they were added. */
    static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> fields.put(pair.key, pair.value));
        }
        return fields;
    }

    /**
     * Returns the parts of an event that carry values: the formatted message, the structured fields, the MDC, and the
     * class and message of each exception in the cause chain.
     */
    static String fullText(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        text.append(' ').append(keyValues(event)).append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append(' ').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        }
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
