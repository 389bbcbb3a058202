package com.easymo.commons.auth;

import com.easymo.commons.credentials.CredentialRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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

    /**
     * Loads the key file again whenever its content changes. A file that cannot be read or parsed is reported once
     * (a {@code CREDENTIAL_RELOAD_FAILED} line and a failed reload in the metrics) until it changes again, and the
     * keys in use stay. A file that is missing for a moment, as while it is replaced, is read again at the next
     * check.
     */
    private static final class FileWatcher implements Managed {
        private final ApiKeyStore store;
        private final CredentialRegistry credentials;
        private final long intervalMillis;
        private ScheduledExecutorService executor;
        private String reportedFailure;

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
            executor.scheduleWithFixedDelay(this::checkSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            executor.shutdownNow();
        }

        /** Runs one check; nothing it throws may end the schedule, which would stop every later reload. */
        private void checkSafely() {
            try {
                check();
            } catch (RuntimeException | Error e) {
                LOGGER.error("API key file check failed; the next check runs as usual", e);
            }
        }

        private void check() {
            String failure;
            try {
                byte[] content = ApiKeyFile.readBytes(store.file());
                if (store.isLoaded(content)) {
                    reportedFailure = null;
                    return;
                }
                failure = "content:" + java.util.Arrays.hashCode(content) + ":" + content.length;
            } catch (NoSuchFileException e) {
                LOGGER.debug("API key file is missing; the keys in use stay: {}", e.getMessage());
                return;
            } catch (IOException e) {
                failure = e.getMessage();
            }
            if (failure.equals(reportedFailure)) {
                return;
            }
            try {
                credentials.reload(store, "file-change");
                reportedFailure = null;
            } catch (Exception e) {
                // The registry has logged and counted it; report the same problem again only once it changes.
                reportedFailure = failure;
            }
        }
    }
}
