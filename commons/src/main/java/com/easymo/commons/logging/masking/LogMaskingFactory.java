package com.easymo.commons.logging.masking;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code logMasking} block: which personal data and secrets the logging layer masks in every log line.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td><td>Masks log output. Setting it to false also requires
 *       {@code disabledBecause}.</td></tr>
 *   <tr><td>{@code disabledBecause}</td><td>none</td><td>Reason for switching masking off, logged at WARN on every
 *       start. Without it, {@code enabled: false} fails startup.</td></tr>
 *   <tr><td>{@code phoneNumbers}</td><td>true</td><td>Masks phone numbers: E.164, {@code 00} prefixes, spaces,
 *       dashes, dots and parentheses, and national numbers in three groups.</td></tr>
 *   <tr><td>{@code phoneKeepLeading}</td><td>4</td><td>Leading digits kept, at most a third of the
 *       digits.</td></tr>
 *   <tr><td>{@code phoneKeepTrailing}</td><td>2</td><td>Trailing digits kept, at most a quarter of the
 *       digits.</td></tr>
 *   <tr><td>{@code emailAddresses}</td><td>true</td><td>Keeps the first character of the local part and the
 *       domain: {@code a***@example.com}.</td></tr>
 *   <tr><td>{@code sipUsers}</td><td>true</td><td>Masks the user part of SIP URIs:
 *       {@code sip:a***@sip.example.com}.</td></tr>
 *   <tr><td>{@code credentials}</td><td>true</td><td>Replaces the value after {@code Bearer} and {@code Basic}
 *       with {@code ***}.</td></tr>
 *   <tr><td>{@code keyShapes}</td><td>true</td><td>Masks well-known API key formats (Stripe, AWS, GitHub, Slack,
 *       Google, SendGrid, JWT), keeping only their prefix.</td></tr>
 *   <tr><td>{@code ipAddresses}</td><td>true</td><td>Replaces client IP addresses with their network.</td></tr>
 *   <tr><td>{@code ipv4PrefixLength}</td><td>24</td><td>Network bits kept of an IPv4 address, 0 to 32.</td></tr>
 *   <tr><td>{@code ipv6PrefixLength}</td><td>64</td><td>Network bits kept of an IPv6 address, 0 to 128.</td></tr>
 *   <tr><td>{@code additionalSensitiveNames}</td><td>none</td><td>Field, header and parameter names whose values
 *       are replaced with {@code ***}, added to the built-in ones ({@code authorization}, {@code apiKey},
 *       {@code token}, {@code secret}, {@code password} and others).</td></tr>
 *   <tr><td>{@code patterns}</td><td>none</td><td>Extra Java regular expressions; every match is replaced with
 *       {@code ***}.</td></tr>
 * </table>
 */
public class LogMaskingFactory {

    private boolean enabled = true;
    private String disabledBecause;
    private boolean phoneNumbers = true;

    @Min(0)
    @Max(15)
    private int phoneKeepLeading = 4;

    @Min(0)
    @Max(15)
    private int phoneKeepTrailing = 2;

    private boolean emailAddresses = true;
    private boolean sipUsers = true;
    private boolean credentials = true;
    private boolean keyShapes = true;
    private boolean ipAddresses = true;

    @Min(0)
    @Max(32)
    private int ipv4PrefixLength = 24;

    @Min(0)
    @Max(128)
    private int ipv6PrefixLength = 64;

    @NotNull
    private List<@NotNull String> additionalSensitiveNames = List.of();

    @NotNull
    private List<@NotNull String> patterns = List.of();

    /** Builds the masker these settings describe; one that changes nothing when masking is switched off. */
    public PiiMasker build() {
        return enabled ? new PiiMasker(this) : PiiMasker.disabled();
    }

    /** Returns a copy with masking switched on or off, for defaults built in code. */
    public LogMaskingFactory withEnabled(boolean enabled) {
        LogMaskingFactory copy = new LogMaskingFactory();
        copy.enabled = enabled;
        return copy;
    }

    @JsonIgnore
    @AssertTrue(
            message = "must give disabledBecause, a reason for writing personal data to the logs in clear, when"
                    + " enabled is false")
    public boolean isDisablingExplained() {
        return enabled || (disabledBecause != null && !disabledBecause.isBlank());
    }

    @JsonIgnore
    @AssertTrue(message = "must hold valid Java regular expressions")
    public boolean isPatternsValid() {
        try {
            patterns.forEach(Pattern::compile);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public String getDisabledBecause() {
        return disabledBecause;
    }

    @JsonProperty
    public void setDisabledBecause(String disabledBecause) {
        this.disabledBecause = disabledBecause;
    }

    @JsonProperty
    public boolean isPhoneNumbers() {
        return phoneNumbers;
    }

    @JsonProperty
    public void setPhoneNumbers(boolean phoneNumbers) {
        this.phoneNumbers = phoneNumbers;
    }

    @JsonProperty
    public int getPhoneKeepLeading() {
        return phoneKeepLeading;
    }

    @JsonProperty
    public void setPhoneKeepLeading(int phoneKeepLeading) {
        this.phoneKeepLeading = phoneKeepLeading;
    }

    @JsonProperty
    public int getPhoneKeepTrailing() {
        return phoneKeepTrailing;
    }

    @JsonProperty
    public void setPhoneKeepTrailing(int phoneKeepTrailing) {
        this.phoneKeepTrailing = phoneKeepTrailing;
    }

    @JsonProperty
    public boolean isEmailAddresses() {
        return emailAddresses;
    }

    @JsonProperty
    public void setEmailAddresses(boolean emailAddresses) {
        this.emailAddresses = emailAddresses;
    }

    @JsonProperty
    public boolean isSipUsers() {
        return sipUsers;
    }

    @JsonProperty
    public void setSipUsers(boolean sipUsers) {
        this.sipUsers = sipUsers;
    }

    @JsonProperty
    public boolean isCredentials() {
        return credentials;
    }

    @JsonProperty
    public void setCredentials(boolean credentials) {
        this.credentials = credentials;
    }

    @JsonProperty
    public boolean isKeyShapes() {
        return keyShapes;
    }

    @JsonProperty
    public void setKeyShapes(boolean keyShapes) {
        this.keyShapes = keyShapes;
    }

    @JsonProperty
    public boolean isIpAddresses() {
        return ipAddresses;
    }

    @JsonProperty
    public void setIpAddresses(boolean ipAddresses) {
        this.ipAddresses = ipAddresses;
    }

    @JsonProperty
    public int getIpv4PrefixLength() {
        return ipv4PrefixLength;
    }

    @JsonProperty
    public void setIpv4PrefixLength(int ipv4PrefixLength) {
        this.ipv4PrefixLength = ipv4PrefixLength;
    }

    @JsonProperty
    public int getIpv6PrefixLength() {
        return ipv6PrefixLength;
    }

    @JsonProperty
    public void setIpv6PrefixLength(int ipv6PrefixLength) {
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    @JsonProperty
    public List<String> getAdditionalSensitiveNames() {
        return additionalSensitiveNames;
    }

    @JsonProperty
    public void setAdditionalSensitiveNames(List<String> additionalSensitiveNames) {
        this.additionalSensitiveNames = additionalSensitiveNames;
    }

    @JsonProperty
    public List<String> getPatterns() {
        return patterns;
    }

    @JsonProperty
    public void setPatterns(List<String> patterns) {
        this.patterns = patterns;
    }
}
