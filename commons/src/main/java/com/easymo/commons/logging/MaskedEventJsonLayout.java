package com.easymo.commons.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.easymo.commons.logging.masking.PiiMasker;
import io.dropwizard.logging.json.EventAttribute;
import io.dropwizard.logging.json.layout.EventJsonLayout;
import io.dropwizard.logging.json.layout.JsonFormatter;
import io.dropwizard.logging.json.layout.TimestampFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.event.KeyValuePair;

/**
 * Dropwizard's JSON event layout with every text field masked and the event's SLF4J key-value pairs added as
 * top-level fields.
 *
 * <p>The masker masks the formatted message (and so every argument), the thread name, each MDC value, each key-value
 * pair and the rendered exception with all its causes. A key-value pair whose name is already a field of the line,
 * such as {@code message}, is written as {@code kv_<name>} so that it cannot overwrite that field.
 */
final class MaskedEventJsonLayout extends EventJsonLayout {

    private static final Set<String> UNMASKED_FIELDS = Set.of("timestamp", "level", "logger", "service", "version");

    private final PiiMasker masker;
    private final String exceptionField;
    private final String threadField;
    private final Set<String> unmaskedFields;

    MaskedEventJsonLayout(
            JsonFormatter jsonFormatter,
            TimestampFormatter timestampFormatter,
            ThrowableHandlingConverter throwableProxyConverter,
            Set<EventAttribute> includes,
            Map<String, String> customFieldNames,
            Map<String, Object> additionalFields,
            Set<String> includesMdcKeys,
            boolean flattenMdc,
            PiiMasker masker) {
        super(
                jsonFormatter,
                timestampFormatter,
                throwableProxyConverter,
                includes,
                customFieldNames,
                additionalFields,
                includesMdcKeys,
                flattenMdc);
        this.masker = masker;
        this.exceptionField = customFieldNames.getOrDefault("exception", "exception");
        this.threadField = customFieldNames.getOrDefault("thread", "thread");
        this.unmaskedFields = UNMASKED_FIELDS.stream()
                .map(name -> customFieldNames.getOrDefault(name, name))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected Map<String, Object> toJsonMap(ILoggingEvent event) {
        Map<String, Object> map = super.toJsonMap(event);
        for (Map.Entry<String, Object> field : map.entrySet()) {
            String name = field.getKey();
            if (unmaskedFields.contains(name)) {
                continue;
            }
            field.setValue(maskValue(name, field.getValue()));
        }
        addKeyValuePairs(map, event.getKeyValuePairs());
        return map;
    }

    private Object maskValue(String name, Object value) {
        if (name.equals(exceptionField) && value instanceof String stackTrace) {
            return masker.maskStackTrace(stackTrace);
        }
        if (name.equals(threadField) && value instanceof String thread) {
            return masker.maskThreadName(thread);
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> masked = new LinkedHashMap<>();
            nested.forEach((key, nestedValue) ->
                    masked.put(String.valueOf(key), masker.maskField(String.valueOf(key), nestedValue)));
            return masked;
        }
        return masker.maskField(name, value);
    }

    private void addKeyValuePairs(Map<String, Object> map, List<KeyValuePair> pairs) {
        if (pairs == null) {
            return;
        }
        for (KeyValuePair pair : pairs) {
            String name = map.containsKey(pair.key) ? "kv_" + pair.key : pair.key;
            map.put(name, masker.maskField(pair.key, pair.value));
        }
    }
}
