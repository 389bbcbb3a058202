package com.easymo.commons.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The policies of one service as they stand now: the global policy and the named ones, each replaceable at runtime
 * by the {@code rate-limit-policy} admin task.
 *
 * <p>A replaced policy applies to the next request. Buckets keep what their clients have used in the current window,
 * and the window's start. The tokens left become the new capacity minus the tokens used, and never fewer than none.
 * A new window length moves the end of the current window.
 */
public final class RateLimitPolicies {

    private final Map<String, AtomicReference<RateLimitPolicy>> byName;
    private final List<String> names;

    /** Creates the registry from the global policy and the named ones. */
    public RateLimitPolicies(RateLimitPolicy global, Map<String, RateLimitPolicy> named) {
        Objects.requireNonNull(global, "global");
        Map<String, AtomicReference<RateLimitPolicy>> policies = new LinkedHashMap<>();
        policies.put(global.name(), new AtomicReference<>(global));
        named.forEach((name, policy) -> policies.put(name, new AtomicReference<>(policy)));
        this.byName = Map.copyOf(policies);
        this.names = List.copyOf(policies.keySet());
    }

    /** Creates the registry from the {@code rateLimit} block. */
    public static RateLimitPolicies of(RateLimitFactory factory) {
        return new RateLimitPolicies(factory.globalPolicy(), factory.namedPolicies());
    }

    /** Returns the names of all policies, the global one first. */
    public List<String> names() {
        return names;
    }

    /** Returns whether a policy of the given name exists. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * Returns the current policy of the given name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public RateLimitPolicy get(String name) {
        return reference(name).get();
    }

    /** Returns every current policy, the global one first. */
    public List<RateLimitPolicy> all() {
        return names.stream().map(this::get).toList();
    }

    /**
     * Replaces a policy with what {@code change} makes of it.
     *
     * @return the policy before and after the change
     * @throws IllegalArgumentException if there is no such policy, or the change renames it
     */
    public Change update(String name, UnaryOperator<RateLimitPolicy> change) {
        AtomicReference<RateLimitPolicy> reference = reference(name);
        while (true) {
            RateLimitPolicy before = reference.get();
            RateLimitPolicy after = change.apply(before);
            if (!after.name().equals(name) || after.keyType() != before.keyType()) {
                throw new IllegalArgumentException("A change must keep the policy's name and key type");
            }
            if (reference.compareAndSet(before, after)) {
                return new Change(before, after);
            }
        }
    }

    private AtomicReference<RateLimitPolicy> reference(String name) {
        AtomicReference<RateLimitPolicy> reference = byName.get(name);
        if (reference == null) {
            throw new IllegalArgumentException("Unknown rate-limit policy '" + name + "'; policies: " + names);
        }
        return reference;
    }

    /** A policy before and after one change. */
    public record Change(RateLimitPolicy before, RateLimitPolicy after) {}
}
