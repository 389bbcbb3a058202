package com.easymo.commons.ratelimit;

import com.easymo.commons.auth.ApiKeyPrincipal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/** Decides whether a request is admitted under the policies that apply to it. */
public final class RateLimiter {

    private final RateLimitStore store;
    private final ClientIpResolver resolver;
    private final Clock clock;

    /** Creates a limiter over a store. */
    public RateLimiter(RateLimitStore store, ClientIpResolver resolver, Clock clock) {
        this.store = store;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Returns the resolver that finds each request's client address. */
    public ClientIpResolver resolver() {
        return resolver;
    }

    /** Returns the clock that reset times are measured against. */
    public Clock clock() {
        return clock;
    }

    /**
     * Takes one token for the request from every policy, or none if any policy's bucket is empty.
     *
     * @param policies the policies that apply, at least one
     * @param client the client's address
     * @param user the authenticated user, or {@code null}
     */
    public RateLimitDecision check(List<RateLimitPolicy> policies, InetAddress client, Principal user) {
        String ipKey = resolver.keyFor(client);
        String userKey = user == null ? null : userKeyOf(user);
        List<BucketKey> buckets = policies.stream()
                .map(policy -> new BucketKey(policy, keyFor(policy, ipKey, userKey)))
                .toList();
        return store.tryConsume(buckets);
    }

    /**
     * Returns the key of a user: {@code user:<owner>} for an API key's owner, whose name is a configured identifier,
     * else a digest of the principal's name, which may be personal data such as an email address.
     */
    static String userKeyOf(Principal user) {
        if (user instanceof ApiKeyPrincipal apiKey) {
            return "user:" + apiKey.owner();
        }
        return userKey(user.getName());
    }

    private static String keyFor(RateLimitPolicy policy, String ipKey, String userKey) {
        if (policy.keyType() == KeyType.USER && userKey != null) {
            return userKey;
        }
        return ipKey;
    }

    /** Hashes a user name, so stores and logs never hold it in clear. */
    static String userKey(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "user-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
