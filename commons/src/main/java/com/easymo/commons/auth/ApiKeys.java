package com.easymo.commons.auth;

import com.easymo.commons.credentials.CredentialRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs API key authentication on a service's application endpoints. */
public final class ApiKeys {

    private static final Logger LOGGER = LoggerFactory.getLogger(ApiKeys.class);

    private ApiKeys() {}

    /**
     * Loads the key file, registers the filters, the key set as credential {@code api-keys} and, when enabled, the
     * watcher that loads the file again when it changes.
     *
     * @param outcomes receives the key ID and outcome of every request that presents a key or lacks a required one
     * @return the store of the loaded keys, or {@code null} when no file is configured
     * @throws IllegalStateException if the file cannot be loaded
     */
    public static ApiKeyStore install(
            Environment environment,
            ApiKeysFactory factory,
            CredentialRegistry credentials,
            Clock clock,
            BiConsumer<String, ApiKeySet.Outcome> outcomes) {
        ApiKeyStore store = factory.getFile() == null ? null : new ApiKeyStore(Path.of(factory.getFile()), clock);
        ApiKeyFeature feature = new ApiKeyFeature(factory.getRequiredOn());
        environment.jersey().register(feature);
        environment
                .jersey()
                .register(new ApiKeyAuthenticationFilter(
                        store == null ? ApiKeySet::empty : store::keys, clock, outcomes));
        environment.jersey().register(new ApiKeyRequirementFilter(feature, outcomes));
        if (store != null) {
            credentials.register(store);
            if (factory.isWatch()) {
                environment
                        .lifecycle()
                        .manage(new FileWatcher(
                                store, credentials, factory.getWatchInterval().toMilliseconds()));
            }
            LOGGER.info(
                    "API keys loaded: file={} keys={} requiredOn={}",
                    store.file(),
                    store.keys().keys().size(),
                    factory.getRequiredOn());
        }
        return store;
    }

    /** Loads the key file again whenever its content changes; a file that fails is reported once per content. */
    private static final class FileWatcher implements Managed {
        private final ApiKeyStore store;
        private final CredentialRegistry credentials;
        private final long intervalMillis;
        private ScheduledExecutorService executor;
        private byte[] failedContent;

        private FileWatcher(ApiKeyStore store, CredentialRegistry credentials, long intervalMillis) {
            this.store = store;
            this.credentials = credentials;
            this.intervalMillis = intervalMillis;
        }

        @Override
        public void start() {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "api-key-file-watcher");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            executor.shutdownNow();
        }

        private void check() {
            try {
                byte[] content = ApiKeyFile.readBytes(store.file());
                if (store.isLoaded(content) || java.util.Arrays.equals(content, failedContent)) {
                    return;
                }
                try {
                    credentials.reload(store, "file-change");
                    failedContent = null;
                } catch (Exception e) {
                    failedContent = content;
                }
            } catch (Exception e) {
                // A file that is briefly missing while it is replaced is read again at the next check.
                LOGGER.debug("API key file could not be read: {}", e.getMessage());
            }
        }
    }
}
