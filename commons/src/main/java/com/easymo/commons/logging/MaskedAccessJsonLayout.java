package com.easymo.commons.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import com.easymo.commons.logging.masking.PiiMasker;
import io.dropwizard.logging.json.AccessAttribute;
import io.dropwizard.logging.json.layout.AccessJsonLayout;
import io.dropwizard.logging.json.layout.JsonFormatter;
import io.dropwizard.logging.json.layout.TimestampFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Dropwizard's JSON request-log layout with every client-controlled field masked.
 *
 * <p>Paths and query strings are percent-decoded before masking, so that {@code %2B14155550123} is masked like
 * {@code +14155550123}. Parameter and header values under secret names become {@code ***}. The remote address is
 * reduced to its network. Each line also carries the request's {@code correlationId}, read from the response
 * header, and the {@code clientIp} that the request-context filter resolved.
 */
final class MaskedAccessJsonLayout extends AccessJsonLayout {

    private static final Set<String> PATH_FIELDS = Set.of("uri", "url", "pathQuery");
    private static final Set<String> ADDRESS_FIELDS = Set.of("remoteAddress", "remoteHost");
    private static final Set<String> UNMASKED_FIELDS = Set.of(
            "timestamp", "method", "protocol", "status", "contentLength", "requestTime", "port", "service", "version");

    private final PiiMasker masker;

    MaskedAccessJsonLayout(
            JsonFormatter jsonFormatter,
            TimestampFormatter timestampFormatter,
            Set<AccessAttribute> includes,
            Map<String, String> customFieldNames,
            Map<String, Object> additionalFields,
            PiiMasker masker) {
        super(jsonFormatter, timestampFormatter, includes, customFieldNames, additionalFields);
        this.masker = masker;
    }

    @Override
    protected Map<String, Object> toJsonMap(IAccessEvent event) {
        Map<String, Object> map = super.toJsonMap(event);
        for (Map.Entry<String, Object> field : map.entrySet()) {
            String name = field.getKey();
            if (!UNMASKED_FIELDS.contains(name)) {
                field.setValue(maskValue(name, field.getValue()));
            }
        }
        String query = event.getQueryString();
        if (query != null && !query.isEmpty()) {
            map.put("query", masker.maskQuery(query.startsWith("?") ? query.substring(1) : query));
        }
        putIfPresent(map, "correlationId", event.getResponseHeader(CorrelationIdFilter.HEADER));
        putIfPresent(map, "clientIp", masker.maskIpAddress(attribute(event, CorrelationIdFilter.CLIENT_IP_ATTRIBUTE)));
        return map;
    }

    private Object maskValue(String name, Object value) {
        if (PATH_FIELDS.contains(name) && value instanceof String path) {
            return masker.maskPath(path);
        }
        if (ADDRESS_FIELDS.contains(name) && value instanceof String address) {
            return masker.maskIpAddress(address);
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> masked = new LinkedHashMap<>();
            nested.forEach((key, nestedValue) -> masked.put(String.valueOf(key), maskNested(key, nestedValue)));
            return masked;
        }
        return masker.maskField(name, value);
    }

    private Object maskNested(Object key, Object value) {
        if (value instanceof String[] values) {
            String[] masked = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                masked[i] = String.valueOf(masker.maskParameter(String.valueOf(key), values[i]));
            }
            return masked;
        }
        return masker.maskField(String.valueOf(key), value);
    }

    private static String attribute(IAccessEvent event, String name) {
        String value = event.getAttribute(name);
        // logback-access returns "-" for an attribute that is not set.
        return value == null || value.equals("-") ? null : value;
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null && !value.isEmpty() && !value.equals("-")) {
            map.put(name, value);
        }
    }
}
