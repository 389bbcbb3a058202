package com.easymo.commons.ratelimit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name. */
public final class IpAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {}

    /**
     * Parses an IPv4 or IPv6 literal, as found in a socket address or an {@code X-Forwarded-For} entry.
     *
     * <p>Accepts brackets around IPv6 ({@code [2001:db8::1]}), a port after IPv4 ({@code 203.0.113.9:4711}) or after
     * bracketed IPv6, and an IPv6 zone ({@code fe80::1%eth0}, dropped). Returns IPv4-mapped IPv6 addresses as IPv4.
     * Anything else, host names included, gives an empty result.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = stripPortAndBrackets(text.strip());
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        boolean ipv4 = IPV4.matcher(literal).matches();
        boolean ipv6 =
                !ipv4 && literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            // Safe: a string that passed the checks above is a numeric literal, so no name lookup happens.
            return Optional.of(normalize(InetAddress.getByName(literal)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Returns an IPv4-mapped IPv6 address ({@code ::ffff:203.0.113.9}) as the IPv4 address it carries. */
    public static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            if (isIpv4Mapped(bytes)) {
                return toAddress(Arrays.copyOfRange(bytes, 12, 16));
            }
        }
        return address;
    }

    /** Returns the address with every bit after the first {@code prefixLength} bits cleared. */
    public static InetAddress truncate(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return toAddress(bytes);
    }

    private static String stripPortAndBrackets(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return close > 0 ? text.substring(1, close) : text;
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':') && text.indexOf('.') > 0) {
            return text.substring(0, colon);
        }
        return text;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            return bytes.length == 4 ? Inet4Address.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid address length: " + bytes.length, e);
        }
    }
}
