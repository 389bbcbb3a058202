package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestLimitsFactoryTest {

    private final Validator validator = Validators.newValidator();

    @Test
    void defaultsTo64KiB() {
        RequestLimitsFactory factory = new RequestLimitsFactory();

        assertThat(factory.getMaxBodySize()).isEqualTo(DataSize.kibibytes(64));
        assertThat(validator.validate(factory)).isEmpty();
    }

    @Test
    void readsMaxBodySizeFromYaml() throws Exception {
        YamlConfigurationFactory<RequestLimitsFactory> yaml =
                new YamlConfigurationFactory<>(RequestLimitsFactory.class, validator, Jackson.newObjectMapper(), "dw");

        RequestLimitsFactory factory =
                yaml.build(new ResourceConfigurationSourceProvider(), "errors/requests-limits.yml");

        assertThat(factory.getMaxBodySize().toBytes()).isEqualTo(2048);
    }

    @Test
    void rejectsZeroBytes() {
        RequestLimitsFactory factory = new RequestLimitsFactory();
        factory.setMaxBodySize(DataSize.bytes(0));

        Set<ConstraintViolation<RequestLimitsFactory>> violations = validator.validate(factory);

        assertThat(violations)
                .singleElement()
                .satisfies(violation ->
                        assertThat(violation.getPropertyPath().toString()).isEqualTo("maxBodySize"));
    }

    @Test
    void rejectsMoreThan10MiB() {
        RequestLimitsFactory factory = new RequestLimitsFactory();
        factory.setMaxBodySize(DataSize.mebibytes(11));

        Set<ConstraintViolation<RequestLimitsFactory>> violations = validator.validate(factory);

        assertThat(violations).hasSize(1);
    }

    @Test
    void rejectsMissingValue() {
        RequestLimitsFactory factory = new RequestLimitsFactory();
        factory.setMaxBodySize(null);

        Set<ConstraintViolation<RequestLimitsFactory>> violations = validator.validate(factory);

        assertThat(violations).hasSize(1);
    }
}
