package com.easymo.commons.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import com.easymo.commons.logging.masking.PiiMasker;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;

/**
 * Layout type {@code masked-text}: a readable one-line format for a developer's console, masked like the JSON
 * layouts.
 *
 * <p>The default pattern shows level, UTC time, correlation ID, logger, message, the event's key-value pairs and
 * the exception; an appender's {@code logFormat} replaces it. JSON stays the default for every appender without a
 * layout, because aggregators cannot parse this format reliably.
 */
@JsonTypeName("masked-text")
public class MaskedTextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent>, MaskingLayoutFactory {

    private PiiMasker masker = PiiMasker.defaults();

    @Override
    public void configure(PiiMasker masker, ServiceInfo service) {
        this.masker = masker;
    }

    @Override
    public PatternLayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        return new MaskedTextLayout(context, timeZone, masker);
    }

    /** Dropwizard's pattern layout whose every line, exception included, passes through the masker. */
    static final class MaskedTextLayout extends DropwizardLayout {

        private final PiiMasker masker;

        MaskedTextLayout(LoggerContext context, TimeZone timeZone, PiiMasker masker) {
            super(context, timeZone);
            this.masker = masker;
            setPattern("%-5p [%d{ISO8601," + timeZone.getID() + "}] [%X{correlationId}] %c: %m %kvp%n%dwREx");
        }

        @Override
        public String doLayout(ILoggingEvent event) {
            return masker.maskStackTrace(super.doLayout(event));
        }
    }
}
