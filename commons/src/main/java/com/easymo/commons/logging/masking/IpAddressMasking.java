package com.easymo.commons.logging.masking;

import com.easymo.commons.ratelimit.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces IP addresses in text with their network in CIDR notation, so {@code 203.0.113.62} becomes
 * {@code 203.0.113.0/24} and {@code 2001:db8:ab:cd::7} becomes {@code 2001:db8:ab:cd:0:0:0:0/64}.
 *
 * <p>Loopback and unspecified addresses ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}) identify no client and
 * stay unchanged, so the server's own bind addresses remain readable. IPv4-mapped IPv6 addresses are masked as the
 * IPv4 address they carry.
 */
final class IpAddressMasking {

    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\d.*])\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,3})?(?![\\d*]|\\.\\d)");
    private static final Pattern IPV6 =
            Pattern.compile("(?<![\\w:.*])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{1,4})?"
                    + "(?:/\\d{1,3})?(?![\\w:*/]|\\.\\d)");

    private final int ipv4PrefixLength;
    private final int ipv6PrefixLength;

    IpAddressMasking(int ipv4PrefixLength, int ipv6PrefixLength) {
        this.ipv4PrefixLength = ipv4PrefixLength;
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /** Returns the text with every client address masked, or the same instance when there is none. */
    String mask(String text, boolean mayHoldIpv4, boolean mayHoldIpv6) {
        String masked = text;
        if (mayHoldIpv6) {
            masked = replace(masked, IPV6.matcher(masked), true);
        }
        if (mayHoldIpv4) {
            masked = replace(masked, IPV4.matcher(masked), false);
        }
        return masked;
    }

    /** Returns the masked form of one address literal, or the literal itself when it is no client address. */
    String maskAddress(String literal) {
        if (isIpv4Literal(literal)) {
            return maskIpv4(literal);
        }
        Optional<InetAddress> address = IpAddresses.parse(literal);
        if (address.isEmpty() || isServerLocal(address.get())) {
            return literal;
        }
        return network(address.get());
    }

    private String replace(String text, Matcher matcher, boolean ipv6) {
        StringBuilder masked = null;
        int copied = 0;
        while (matcher.find()) {
            String candidate = matcher.group();
            if (ipv6 && !looksLikeIpv6(candidate)) {
                continue;
            }
            String replacement = maskCidr(candidate);
            if (replacement.equals(candidate)) {
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(text.length() + 8);
            }
            masked.append(text, copied, matcher.start()).append(replacement);
            copied = matcher.end();
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
    }

    /**
     * Masks an address that may carry a prefix length ({@code 203.0.113.62/32}). A network no longer than the
     * configured prefix, such as {@code 203.0.113.0/24}, is already masked and stays as it is.
     */
    private String maskCidr(String candidate) {
        int slash = candidate.indexOf('/');
        if (slash < 0) {
            return maskAddress(candidate);
        }
        String address = candidate.substring(0, slash);
        int prefixLength = Integer.parseInt(candidate.substring(slash + 1));
        int limit = address.indexOf(':') >= 0 ? ipv6PrefixLength : ipv4PrefixLength;
        String masked = maskAddress(address);
        return prefixLength <= limit || masked.equals(address) ? candidate : masked;
    }

    /** Tests whether the whole text is a dotted IPv4 address such as {@code 203.0.113.62}, each part 0 to 255. */
    static boolean isIpv4Literal(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return false;
        }
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || value > 255) {
                    return false;
                }
                parts++;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /** Masks an address that {@link #isIpv4Literal} accepted, without building an {@link InetAddress}. */
    private String maskIpv4(String literal) {
        int address = 0;
        for (String part : literal.split("\\.")) {
            address = (address << 8) | Integer.parseInt(part);
        }
        int first = address >>> 24;
        if (first == 127 || address == 0) {
            return literal;
        }
        int network = ipv4PrefixLength == 0 ? 0 : address & (-1 << (32 - ipv4PrefixLength));
        return (network >>> 24) + "." + ((network >>> 16) & 0xff) + "." + ((network >>> 8) & 0xff) + "."
                + (network & 0xff) + "/" + ipv4PrefixLength;
    }

    /** Tests for the shapes of a full IPv6 literal, so clock times such as {@code 18:20:42} are left alone. */
    private static boolean looksLikeIpv6(String candidate) {
        if (candidate.contains("::")) {
            return true;
        }
        int colons = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (candidate.charAt(i) == ':') {
                colons++;
            }
        }
        return colons == 7 || (colons == 6 && candidate.indexOf('.') > 0);
    }

    private String network(InetAddress address) {
        boolean ipv4 = address instanceof Inet4Address;
        int prefixLength = ipv4 ? ipv4PrefixLength : ipv6PrefixLength;
        return IpAddresses.truncate(address, prefixLength).getHostAddress() + "/" + prefixLength;
    }

    private static boolean isServerLocal(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress();
    }
}
