package com.easymo.commons.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the address of the client that sent a request, and the rate-limit key for it.
 *
 * <p>The socket's peer address is the client unless that peer is a trusted proxy. Then {@code X-Forwarded-For} is
 * read from the right, skipping entries that are themselves trusted proxies; the first untrusted entry is the client.
 * Entries to its left were written by the client and are never read, so a client cannot choose its own identity. When
 * an entry that a trusted proxy appended is not an IP literal, the last trusted hop counts as the client.
 */
public final class ClientIpResolver {

    private final List<CidrRange> trustedProxies;
    private final int ipv6PrefixLength;

    /**
     * Creates a resolver.
     *
     * @param trustedProxies the proxies whose {@code X-Forwarded-For} entries are believed
     * @param ipv6PrefixLength how many leading bits of an IPv6 address identify one client, 1 to 128
     */
    public ClientIpResolver(List<CidrRange> trustedProxies, int ipv6PrefixLength) {
        if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("ipv6PrefixLength must be between 1 and 128, was " + ipv6PrefixLength);
        }
        this.trustedProxies = List.copyOf(trustedProxies);
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /**
     * Returns the client's address.
     *
     * @param socketAddress the peer address of the connection, as the servlet container reports it
     * @param forwardedFor every {@code X-Forwarded-For} header value of the request, in the order received
     * @throws IllegalArgumentException if the socket address is not an IP literal
     */
    public InetAddress resolve(String socketAddress, List<String> forwardedFor) {
        InetAddress hop = IpAddresses.parse(socketAddress)
                .orElseThrow(() -> new IllegalArgumentException("Invalid socket address: " + socketAddress));
        List<String> entries = entries(forwardedFor);
        for (int i = entries.size() - 1; i >= 0 && isTrusted(hop); i--) {
            Optional<InetAddress> previous = IpAddresses.parse(entries.get(i));
            if (previous.isEmpty()) {
                return hop;
            }
            hop = previous.get();
        }
        return hop;
    }

    /** Returns the rate-limit key of an address: IPv4 as is, IPv6 reduced to its prefix, such as {@code .../64}. */
    public String keyFor(InetAddress address) {
        InetAddress normalized = IpAddresses.normalize(address);
        if (normalized instanceof Inet6Address) {
            return IpAddresses.truncate(normalized, ipv6PrefixLength).getHostAddress() + "/" + ipv6PrefixLength;
        }
        return normalized.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        for (CidrRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> entries(List<String> headerValues) {
        List<String> entries = new ArrayList<>();
        for (String value : headerValues) {
            for (String entry : value.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }
}
