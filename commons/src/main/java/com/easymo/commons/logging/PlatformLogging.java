package com.easymo.commons.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.easymo.commons.logging.masking.LogMaskingFactory;
import com.easymo.commons.logging.masking.PiiMasker;
import io.dropwizard.configuration.ConfigurationFactoryFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.LoggingFactory;
import io.dropwizard.logging.common.SyslogAppenderFactory;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Puts masking JSON layouts on a configuration's log appenders before logging starts.
 *
 * <p>An appender without a layout gets {@code masked-json} (application log) or {@code masked-access-json} (request
 * log); one with a {@code logFormat} but no layout gets {@code masked-text}. Every masking layout receives the
 * configured masker and the service's name and version. While masking is on, an appender whose output this class
 * cannot mask, such as a plain {@code json} layout or a syslog appender, fails startup, so that no configuration can
 * write personal data in clear without switching masking off explicitly.
 */
public final class PlatformLogging {

    private PlatformLogging() {}

    /**
     * Configures the layouts of the application log and the request log, and returns the masker they write with.
     *
     * @throws IllegalStateException when masking is on and an appender's output cannot be masked
     */
    public static PiiMasker apply(Configuration configuration, LogMaskingFactory masking, ServiceInfo service) {
        PiiMasker masker = masking.build();
        List<String> unmasked = new ArrayList<>();
        LoggingFactory logging = configuration.getLoggingFactory();
        if (logging instanceof DefaultLoggingFactory defaultLogging) {
            List<AppenderFactory<ILoggingEvent>> appenders = defaultLogging.getAppenders();
            for (int i = 0; i < appenders.size(); i++) {
                apply(appenders.get(i), "logging.appenders[" + i + "]", masker, service, unmasked, true);
            }
        } else {
            unmasked.add("logging (type " + logging.getClass().getSimpleName() + ")");
        }
        if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
            RequestLogFactory<?> requestLog = server.getRequestLogFactory();
            if (requestLog instanceof LogbackAccessRequestLogFactory accessLog) {
                List<AppenderFactory<IAccessEvent>> appenders = accessLog.getAppenders();
                for (int i = 0; i < appenders.size(); i++) {
                    String path = "server.requestLog.appenders[" + i + "]";
                    apply(appenders.get(i), path, masker, service, unmasked, false);
                }
            } else if (requestLog.isEnabled()) {
                unmasked.add("server.requestLog (type " + requestLog.getClass().getSimpleName() + ")");
            }
        }
        if (masker.isEnabled() && !unmasked.isEmpty()) {
            throw new IllegalStateException("Log output cannot be masked at " + String.join(", ", unmasked)
                    + ": use layout type masked-json, masked-access-json (request log) or masked-text, or switch"
                    + " masking off with logMasking.enabled: false and a logMasking.disabledBecause reason");
        }
        return masker;
    }

    /**
     * Makes the bootstrap hand every configuration it loads to {@code prepare} before Dropwizard configures logging
     * from it.
     */
    @SuppressWarnings("unchecked")
    public static <C extends Configuration> void prepareOnLoad(Bootstrap<?> bootstrap, Consumer<C> prepare) {
        Bootstrap<C> typed = (Bootstrap<C>) bootstrap;
        ConfigurationFactoryFactory<C> loader = typed.getConfigurationFactoryFactory();
        typed.setConfigurationFactoryFactory((type, validator, mapper, prefix) ->
                new PreparingConfigurationFactory<>(loader.create(type, validator, mapper, prefix), prepare));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void apply(
            AppenderFactory<?> appender,
            String path,
            PiiMasker masker,
            ServiceInfo service,
            List<String> unmasked,
            boolean applicationLog) {
        if (!(appender instanceof AbstractAppenderFactory<?> configurable)
                || appender instanceof SyslogAppenderFactory) {
            unmasked.add(path + " (type " + appender.getClass().getSimpleName() + ")");
            return;
        }
        DiscoverableLayoutFactory<?> layout = configurable.getLayout();
        if (layout == null) {
            Supplier<DiscoverableLayoutFactory<?>> defaultLayout = applicationLog
                    ? (configurable.getLogFormat() == null
                            ? MaskedJsonLayoutFactory::new
                            : MaskedTextLayoutFactory::new)
                    : MaskedAccessJsonLayoutFactory::new;
            layout = defaultLayout.get();
            ((AbstractAppenderFactory) configurable).setLayout(layout);
        }
        if (layout instanceof MaskingLayoutFactory masking) {
            masking.configure(masker, service);
        } else {
            unmasked.add(path + " (layout " + layout.getClass().getSimpleName() + ")");
        }
    }
}
