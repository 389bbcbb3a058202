package com.easymo.voicebridge.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a string to be a SIP or SIPS URI that names a user at a host, such as
 * {@code sip:agent@sip.example.com:5060;transport=tcp}.
 *
 * <p>The accepted form is a subset of the SIP-URI grammar of RFC 3261 (sections 19.1 and 25.1):
 *
 * <ul>
 *   <li>the scheme {@code sip:} or {@code sips:}, in any letter case;
 *   <li>a non-empty user part of RFC 3261 user characters or %-escapes, without a password, then {@code @}; an escaped
 *       control character ({@code %00} to {@code %1F}, {@code %7F}) is rejected here and in parameters;
 *   <li>a host: a domain name whose last label starts with a letter, an IPv4 address, or an IPv6 address in brackets;
 *   <li>an optional {@code :port} from 1 to 65535;
 *   <li>optional {@code ;name} or {@code ;name=value} parameters.
 * </ul>
 *
 * <p>Headers after {@code ?} are rejected. A null value is valid, so combine the constraint with {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = SipUriValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface SipUri {

    /** Returns the violation message, which the error response puts after the field name. */
    String message() default "must be a sip: or sips: URI with a user and a host, such as sip:agent@sip.example.com";

    /** Returns the validation groups. */
    Class<?>[] groups() default {};

    /** Returns the payload. */
    Class<? extends Payload>[] payload() default {};
}
