package com.easymo.voicebridge.api;

import com.google.common.net.InetAddresses;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks the {@link SipUri} constraint. */
public final class SipUriValidator implements ConstraintValidator<SipUri, String> {

    /** Longest URI accepted, well above real SIP addresses, so a huge value is rejected before any parsing. */
    static final int MAX_LENGTH = 512;

    /**
     * A %-escape of any byte except the ASCII control characters %00 to %1F and %7F, which would put a NUL, a line
     * break or another control character into the decoded user or parameter.
     */
    private static final String ESCAPED = "%(?:[2-68-9A-Fa-f][0-9A-Fa-f]|7[0-9A-Ea-e])";

    private static final String USER = "(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|" + ESCAPED + ")+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String TOP_LABEL = "[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String DOMAIN = "(?:" + LABEL + "\\.)*" + TOP_LABEL + "\\.?";
    private static final String IPV4 = "[0-9]{1,3}(?:\\.[0-9]{1,3}){3}";
    private static final String IPV6 = "\\[[0-9A-Fa-f:.]+\\]";
    private static final String PARAMETER_CHARS = "(?:[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]|" + ESCAPED + ")+";
    private static final String PARAMETER = ";" + PARAMETER_CHARS + "(?:=" + PARAMETER_CHARS + ")?";

    private static final Pattern SIP_URI = Pattern.compile("(?i:sips?):" + USER + "@(?<host>" + DOMAIN + "|" + IPV4
            + "|" + IPV6 + ")(?::(?<port>[0-9]{1,5}))?(?:" + PARAMETER + ")*");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        if (value.length() > MAX_LENGTH) {
            return false;
        }
        Matcher matcher = SIP_URI.matcher(value);
        return matcher.matches() && isValidHost(matcher.group("host")) && isValidPort(matcher.group("port"));
    }

    private static boolean isValidHost(String host) {
        if (host.startsWith("[")) {
            String address = host.substring(1, host.length() - 1);
            return address.contains(":") && InetAddresses.isInetAddress(address);
        }
        if (host.matches(IPV4)) {
            return InetAddresses.isInetAddress(host);
        }
        return host.length() <= 253;
    }

    private static boolean isValidPort(String port) {
        if (port == null) {
            return true;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65_535;
    }
}
