package com.easymo.commons.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code rateLimit} block of a service's configuration.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td><td>Whether any policy is enforced.</td></tr>
 *   <tr><td>{@code global}</td><td>100 per 15m per ip</td><td>The policy applied to every application endpoint
 *       that is not marked {@link RateLimitExempt}, under the name {@code global}.</td></tr>
 *   <tr><td>{@code policies}</td><td>none</td><td>Named policies that resource methods select with
 *       {@link RateLimited}. Names are lowercase letters, digits and hyphens.</td></tr>
 *   <tr><td>{@code trustedProxies}</td><td>none</td><td>Addresses or CIDR ranges of proxies whose
 *       {@code X-Forwarded-For} entries are believed.</td></tr>
 *   <tr><td>{@code ipv6PrefixLength}</td><td>64</td><td>Leading bits of an IPv6 address that identify one client,
 *       1 to 128.</td></tr>
 *   <tr><td>{@code headers}</td><td>both</td><td>Which header fields responses carry; see
 *       {@link RateLimitHeadersFactory}.</td></tr>
 *   <tr><td>{@code store}</td><td>{@code type: memory}</td><td>Where buckets are kept; see
 *       {@link MemoryStoreFactory}.</td></tr>
 * </table>
 */
public class RateLimitFactory {

    /** The name under which the global policy appears in headers and logs. */
    public static final String GLOBAL_POLICY = "global";

    private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private boolean enabled = true;

    @Valid
    @NotNull
    private PolicyFactory global = new PolicyFactory();

    @Valid
    @NotNull
    private Map<String, PolicyFactory> policies = new LinkedHashMap<>();

    @NotNull
    private List<CidrRange> trustedProxies = List.of();

    @Min(1)
    @Max(128)
    private int ipv6PrefixLength = 64;

    @Valid
    @NotNull
    private RateLimitHeadersFactory headers = new RateLimitHeadersFactory();

    @Valid
    @NotNull
    private StoreFactory store = new MemoryStoreFactory();

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public PolicyFactory getGlobal() {
        return global;
    }

    @JsonProperty
    public void setGlobal(PolicyFactory global) {
        this.global = global;
    }

    @JsonProperty
    public Map<String, PolicyFactory> getPolicies() {
        return policies;
    }

    @JsonProperty
    public void setPolicies(Map<String, PolicyFactory> policies) {
        this.policies = policies;
    }

    /** Adds or replaces a named policy, as a service's built-in default. */
    public RateLimitFactory withPolicy(String name, PolicyFactory policy) {
        Map<String, PolicyFactory> copy = new LinkedHashMap<>(policies);
        copy.put(name, policy);
        this.policies = copy;
        return this;
    }

    @JsonProperty
    public List<String> getTrustedProxies() {
        return trustedProxies.stream().map(CidrRange::toString).toList();
    }

    /**
     * Sets the trusted proxies.
     *
     * @throws IllegalArgumentException if an entry is not an IP address or CIDR range
     */
    @JsonProperty
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(CidrRange::parse).toList();
    }

    /** Returns the parsed trusted proxy ranges. */
    public List<CidrRange> trustedProxyRanges() {
        return trustedProxies;
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
    public RateLimitHeadersFactory getHeaders() {
        return headers;
    }

    @JsonProperty
    public void setHeaders(RateLimitHeadersFactory headers) {
        this.headers = headers;
    }

    @JsonProperty
    public StoreFactory getStore() {
        return store;
    }

    @JsonProperty
    public void setStore(StoreFactory store) {
        this.store = store;
    }

    @ValidationMethod(
            message = "policies must have names of lowercase letters, digits and hyphens (at most 64), other than"
                    + " 'global'")
    public boolean isPolicyNamesValid() {
        return policies.keySet().stream()
                .allMatch(name -> POLICY_NAME.matcher(name).matches() && !GLOBAL_POLICY.equals(name));
    }

    /** Builds the global policy. */
    public RateLimitPolicy globalPolicy() {
        return global.build(GLOBAL_POLICY);
    }

    /** Builds every named policy, by name. */
    public Map<String, RateLimitPolicy> namedPolicies() {
        Map<String, RateLimitPolicy> built = new LinkedHashMap<>();
        policies.forEach((name, policy) -> built.put(name, policy.build(name)));
        return built;
    }
}
