package com.easymo.commons.logging;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Hands every configuration that Dropwizard loads to a preparing step before Dropwizard configures logging from it.
 *
 * @param <T> the configuration type
 */
final class PreparingConfigurationFactory<T> implements ConfigurationFactory<T> {

    private final ConfigurationFactory<T> delegate;
    private final Consumer<T> prepare;

    PreparingConfigurationFactory(ConfigurationFactory<T> delegate, Consumer<T> prepare) {
        this.delegate = delegate;
        this.prepare = prepare;
    }

    @Override
    public T build(ConfigurationSourceProvider provider, String path) throws IOException, ConfigurationException {
        T configuration = delegate.build(provider, path);
        prepare.accept(configuration);
        return configuration;
    }

    @Override
    public T build() throws IOException, ConfigurationException {
        T configuration = delegate.build();
        prepare.accept(configuration);
        return configuration;
    }
}
