package com.easymo.voicebridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundCallRequestTest {

    private static final String VALID_FROM = "sip:test@easymo";

    private final Validator validator = Validators.newValidator();

    @ParameterizedTest
    @ValueSource(strings = {"+254712345678", "+14155550123", "+12345678", "+123456789012345"})
    void acceptsE164Number(String to) {
        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest(to, VALID_FROM));

        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0712345678",
                "+0712345678",
                "+1234567",
                "+1234567890123456",
                "254712345678",
                "+254 712 345 678",
                "+254-712345678",
                "++254712345678",
                "+254712345678\n",
                "+２５４712345678",
                ""
            })
    void rejectsNonE164Number(String to) {
        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest(to, VALID_FROM));

        assertThat(violations)
                .singleElement()
                .satisfies(violation ->
                        assertThat(violation.getPropertyPath().toString()).isEqualTo("to"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sip:test@easymo",
                "sip:agent@sip.example.com",
                "sips:agent@sip.example.com",
                "SIP:agent@sip.example.com",
                "sip:+254712345678@carrier.example.com",
                "sip:agent@sip.example.com.",
                "sip:agent@sip.example.com:5060",
                "sip:agent@sip.example.com;transport=tcp",
                "sips:agent@sip.example.com:5061;transport=tls;lr",
                "sip:agent@192.0.2.10",
                "sip:agent@192.0.2.10:5060",
                "sip:agent@[2001:db8::1]",
                "sip:agent@[2001:db8::1]:5060;transport=udp",
                "sip:first.last%20x@example.com",
                "sip:caf%C3%A9@example.com",
                "sip:tilde%7E@example.com",
                "sip:agent@example.com;tag=a%20b",
                "sip:a-b_c.d!e~f*g'h(i)j&k=l+m$n,o;p?q/r@example.com"
            })
    void acceptsSipUri(String from) {
        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest("+254712345678", from));

        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "test@easymo",
                "sip:easymo",
                "http://x",
                "sip:@host",
                "sip:user:secret@host",
                "tel:+254712345678",
                "sip:agent@",
                "sip:agent@-host.example.com",
                "sip:agent@host-.example.com",
                "sip:agent@example.123",
                "sip:agent@999.1.1.1",
                "sip:agent@192.0.2",
                "sip:agent@[2001:db8::zz]",
                "sip:agent@[192.0.2.10]",
                "sip:agent@example.com:0",
                "sip:agent@example.com:65536",
                "sip:agent@example.com:",
                "sip:agent@example.com?subject=hello",
                "sip:agent@example.com;",
                "sip:agent@exa mple.com",
                "sip:ag ent@example.com",
                "sip:agent@example.com ",
                "sip:agent%2@example.com",
                "sip:%00@host.com",
                "sip:agent%0A@example.com",
                "sip:agent%0d%0aVia:x@example.com",
                "sip:agent%1f@example.com",
                "sip:agent%7F@example.com",
                "sip:agent@example.com;tag=%00",
                " sip:agent@example.com",
                ""
            })
    void rejectsInvalidSipUri(String from) {
        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest("+254712345678", from));

        assertThat(violations)
                .singleElement()
                .satisfies(violation ->
                        assertThat(violation.getPropertyPath().toString()).isEqualTo("from"));
    }

    @Test
    void rejectsOverlongSipUri() {
        String from = "sip:agent@" + "a".repeat(60) + ("." + "a".repeat(60)).repeat(8) + ".com";

        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest("+254712345678", from));

        assertThat(violations).hasSize(1);
    }

    @Test
    void requiresBothFields() {
        Set<ConstraintViolation<OutboundCallRequest>> violations =
                validator.validate(new OutboundCallRequest(null, null));

        assertThat(violations)
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactlyInAnyOrder("to", "from");
    }
}
