package com.easymo.commons.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.easymo.commons.logging.masking.PiiMasker;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.logging.json.layout.JsonFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * Layout type {@code masked-json}: Dropwizard's {@code json} layout for the application log with masking, the
 * service's name and version, the MDC flattened into top-level fields and the event's SLF4J key-value pairs as
 * top-level fields.
 *
 * <p>It accepts every key of Dropwizard's {@code json} layout. Defaults that differ: {@code timestampFormat} is
 * {@code ISO_INSTANT} (UTC, such as {@code 2026-12-04T18:20:42.123Z}) and {@code flattenMdc} is true.
 */
@JsonTypeName("masked-json")
public class MaskedJsonLayoutFactory extends EventJsonLayoutBaseFactory implements MaskingLayoutFactory {

    private PiiMasker masker = PiiMasker.defaults();
    private ServiceInfo service;

    /** Creates the factory with the platform's defaults. */
    public MaskedJsonLayoutFactory() {
        setTimestampFormat("ISO_INSTANT");
        setFlattenMdc(true);
    }

    @Override
    protected JsonFormatter createDropwizardJsonFormatter() {
        return JsonLines.formatter(isPrettyPrint(), isAppendLineSeparator());
    }

    @Override
    public void configure(PiiMasker masker, ServiceInfo service) {
        this.masker = masker;
        this.service = service;
    }

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        MaskedEventJsonLayout layout = new MaskedEventJsonLayout(
                createDropwizardJsonFormatter(),
                createTimestampFormatter(timeZone),
                createThrowableProxyConverter(context),
                getIncludes(),
                getCustomFieldNames(),
                fieldsWithService(getAdditionalFields(), service),
                getIncludesMdcKeys(),
                isFlattenMdc(),
                masker);
        layout.setContext(context);
        return layout;
    }

    /** Returns the configured additional fields with {@code service} and {@code version} added unless set. */
    static Map<String, Object> fieldsWithService(Map<String, Object> additionalFields, ServiceInfo service) {
        Map<String, Object> fields = new HashMap<>(additionalFields);
        if (service != null) {
            fields.putIfAbsent("service", service.name());
            fields.putIfAbsent("version", service.version());
        }
        return fields;
    }
}
