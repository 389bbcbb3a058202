package com.easymo.commons.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/** A block of IP addresses written as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address. */
public final class CidrRange {

    private final InetAddress network;
    private final int prefixLength;
    private final String text;

    private CidrRange(InetAddress network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses a CIDR range or a single address.
     *
     * @throws IllegalArgumentException if the text is not an IP literal with an optional valid prefix length
     */
    public static CidrRange parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpAddresses.parse(addressPart)
                .orElseThrow(() -> new IllegalArgumentException("Invalid trusted proxy '" + text
                        + "': expected an IP address or CIDR range such as 10.0.0.0/8"));
        int maxLength = address instanceof Inet4Address ? 32 : 128;
        int length = slash < 0 ? maxLength : parsePrefixLength(trimmed.substring(slash + 1), maxLength, text);
        return new CidrRange(IpAddresses.truncate(address, length), length, trimmed);
    }

    private static int parsePrefixLength(String value, int maxLength, String text) {
        try {
            int length = Integer.parseInt(value);
            if (length >= 0 && length <= maxLength) {
                return length;
            }
        } catch (NumberFormatException e) {
            // Reported below with the whole range.
        }
        throw new IllegalArgumentException(
                "Invalid trusted proxy '" + text + "': prefix length must be between 0 and " + maxLength);
    }

    /** Tests whether the address lies in this range; IPv4 and IPv6 ranges never contain each other's addresses. */
    public boolean contains(InetAddress address) {
        InetAddress normalized = IpAddresses.normalize(address);
        if (normalized.getAddress().length != network.getAddress().length) {
            return false;
        }
        return Arrays.equals(IpAddresses.truncate(normalized, prefixLength).getAddress(), network.getAddress());
    }

    @Override
    public String toString() {
        return text;
    }
}
