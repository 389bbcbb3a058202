package com.easymo.commons.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.easymo.commons.logging.masking.PiiMasker;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.logging.json.layout.JsonFormatter;
import java.util.Set;
import java.util.TimeZone;

/**
 * Layout type {@code masked-access-json}: Dropwizard's {@code access-json} layout for the request log with masking,
 * the service's name and version, the request's {@code correlationId} and {@code clientIp}, and the query string in
 * a {@code query} field.
 *
 * <p>It accepts every key of Dropwizard's {@code access-json} layout. Defaults that differ: {@code timestampFormat}
 * is {@code ISO_INSTANT}, and {@code requestHeaders} and {@code responseHeaders} are short allow-lists of headers
 * that carry no credentials. Headers outside the allow-lists never reach the log; values of allowed headers are
 * masked like any other text.
 */
@JsonTypeName("masked-access-json")
public class MaskedAccessJsonLayoutFactory extends AccessJsonLayoutBaseFactory implements MaskingLayoutFactory {

    /**
     * Request headers logged by default. The correlation headers are left out because a client's value may have
     * been rejected; the {@code correlationId} field contains the ID the request really got.
     */
    static final Set<String> DEFAULT_REQUEST_HEADERS =
            Set.of("Content-Type", "Content-Length", "Accept", "X-Forwarded-For");

    /** Response headers logged by default. */
    static final Set<String> DEFAULT_RESPONSE_HEADERS =
            Set.of("Content-Type", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining");

    private PiiMasker masker = PiiMasker.defaults();
    private ServiceInfo service;

    /** Creates the factory with the platform's defaults. */
    public MaskedAccessJsonLayoutFactory() {
        setTimestampFormat("ISO_INSTANT");
        setRequestHeaders(DEFAULT_REQUEST_HEADERS);
        setResponseHeaders(DEFAULT_RESPONSE_HEADERS);
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
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        MaskedAccessJsonLayout layout = new MaskedAccessJsonLayout(
                createDropwizardJsonFormatter(),
                createTimestampFormatter(timeZone),
                getIncludes(),
                getCustomFieldNames(),
                MaskedJsonLayoutFactory.fieldsWithService(getAdditionalFields(), service),
                masker);
        layout.setContext(context);
        layout.setRequestHeaders(getRequestHeaders());
        layout.setResponseHeaders(getResponseHeaders());
        layout.setRequestAttributes(getRequestAttributes());
        return layout;
    }
}
