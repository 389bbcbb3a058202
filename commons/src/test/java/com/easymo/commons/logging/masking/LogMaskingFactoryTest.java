package com.easymo.commons.logging.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogMaskingFactoryTest {

    private final Validator validator = Validators.newValidator();

    @Test
    void parsesEveryKey() throws Exception {
        LogMaskingFactory factory = new YamlConfigurationFactory<>(
                        LogMaskingFactory.class, validator, Jackson.newObjectMapper(), "dw")
                .build(new ResourceConfigurationSourceProvider(), "logging/masking-block.yml");

        assertThat(factory.isEnabled()).isTrue();
        assertThat(factory.getPhoneKeepLeading()).isEqualTo(3);
        assertThat(factory.getPhoneKeepTrailing()).isEqualTo(3);
        assertThat(factory.isEmailAddresses()).isFalse();
        assertThat(factory.getIpv4PrefixLength()).isEqualTo(16);
        assertThat(factory.getIpv6PrefixLength()).isEqualTo(48);
        assertThat(factory.getAdditionalSensitiveNames()).containsExactly("pin", "otp");
        assertThat(factory.getPatterns()).containsExactly("ORD-[0-9]{6}");
    }

    @Test
    void parsedRulesMask() throws Exception {
        PiiMasker masker = new YamlConfigurationFactory<>(
                        LogMaskingFactory.class, validator, Jackson.newObjectMapper(), "dw")
                .build(new ResourceConfigurationSourceProvider(), "logging/masking-block.yml")
                .build();

        assertThat(masker.mask("otp=123456 ip=203.0.113.62 order ORD-654321"))
                .isEqualTo("otp=*** ip=203.0.0.0/16 order ***");
        assertThat(masker.mask("to +254712345678")).isEqualTo("to +254******678");
        assertThat(masker.mask("mail ana@example.com")).isEqualTo("mail ana@example.com");
    }

    @Test
    void disablingNeedsReason() {
        LogMaskingFactory factory = new LogMaskingFactory();
        factory.setEnabled(false);

        assertThat(validator.validate(factory))
                .extracting(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .containsExactly("disablingExplained must give disabledBecause, a reason for writing personal data"
                        + " to the logs in clear, when enabled is false");
    }

    @Test
    void disablingWithReasonIsValid() {
        LogMaskingFactory factory = new LogMaskingFactory();
        factory.setEnabled(false);
        factory.setDisabledBecause("Local reproduction of a provider bug");

        assertThat(validator.validate(factory)).isEmpty();
        assertThat(factory.build().isEnabled()).isFalse();
    }

    @Test
    void rejectsInvalidSettings() {
        LogMaskingFactory factory = new LogMaskingFactory();
        factory.setIpv4PrefixLength(33);
        factory.setPatterns(List.of("[unclosed"));

        assertThat(validator.validate(factory))
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactlyInAnyOrder("ipv4PrefixLength", "patternsValid");
    }
}
