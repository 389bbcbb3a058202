package com.easymo.commons.logging.masking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Masks personal data and secrets in log text: phone numbers, email addresses, SIP users, bearer and basic
 * credentials, values under secret names, well-known API key shapes and client IP addresses.
 *
 * <p>Masks keep enough to debug ({@code +2547******78}, {@code a***@example.com}, {@code 203.0.113.0/24}) and never
 * the whole value. Secrets are replaced by {@value #MASK} entirely. Each rule first checks cheap signs (a digit count,
 * an {@code @}, a keyword) and runs its scanner or regular expression only when they are present, because most log
 * text contains no personal data. Instances are immutable and thread-safe; {@link LogMaskingFactory} builds them.
 */
public final class PiiMasker {

    /** Replacement for a secret value. */
    public static final String MASK = "***";

    private static final PiiMasker DISABLED = new PiiMasker(new LogMaskingFactory().withEnabled(false));

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+)([A-Za-z0-9._~+/=\\-]+)");
    private static final Pattern KEY_SHAPE = Pattern.compile("\\b(?:"
            + "((?:sk|pk|rk)_(?:live|test)_)[A-Za-z0-9]{8,}" // Stripe-style secret, publishable and restricted keys
            + "|(whsec_)[A-Za-z0-9]{16,}" // webhook signing secrets
            + "|(emk_)[A-Za-z0-9_-]{20,}" // this platform's API keys
            + "|(AKIA|ASIA)[0-9A-Z]{16}" // AWS access key IDs
            + "|(gh[pousr]_)[A-Za-z0-9]{30,}" // GitHub tokens
            + "|(github_pat_)[A-Za-z0-9_]{30,}"
            + "|(xox[abposr]-)[A-Za-z0-9-]{10,}" // Slack tokens
            + "|(AIza)[0-9A-Za-z_-]{35}" // Google API keys
            + "|(SG\\.)[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}" // SendGrid keys
            + "|(eyJ)[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*" // JSON Web Tokens
            + ")");
    private static final String[] KEY_SHAPE_MARKERS = {
        "sk_",
        "pk_",
        "rk_",
        "whsec_",
        "emk_",
        "AKIA",
        "ASIA",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "xox",
        "AIza",
        "SG.",
        "eyJ"
    };

    private final boolean enabled;
    private final boolean phoneNumbers;
    private final boolean emailAddresses;
    private final boolean sipUsers;
    private final boolean credentials;
    private final boolean keyShapes;
    private final boolean ipAddresses;
    private final PhoneNumberMasking phoneMasking;
    private final IpAddressMasking ipMasking;
    private final SensitiveNames sensitiveNames;
    private final List<Pattern> customPatterns;
    private static final int MAX_CACHED_NAMES = 1_024;
    private static final int MAX_CACHED_NAME_LENGTH = 64;

    private final Map<String, Boolean> sensitiveNameCache = new ConcurrentHashMap<>();

    PiiMasker(LogMaskingFactory factory) {
        this.enabled = factory.isEnabled();
        this.phoneNumbers = factory.isPhoneNumbers();
        this.emailAddresses = factory.isEmailAddresses();
        this.sipUsers = factory.isSipUsers();
        this.credentials = factory.isCredentials();
        this.keyShapes = factory.isKeyShapes();
        this.ipAddresses = factory.isIpAddresses();
        this.phoneMasking = new PhoneNumberMasking(factory.getPhoneKeepLeading(), factory.getPhoneKeepTrailing());
        this.ipMasking = new IpAddressMasking(factory.getIpv4PrefixLength(), factory.getIpv6PrefixLength());
        this.sensitiveNames = new SensitiveNames(factory.getAdditionalSensitiveNames());
        this.customPatterns =
                factory.getPatterns().stream().map(Pattern::compile).toList();
    }

    /** Returns a masker with the default rules. */
    public static PiiMasker defaults() {
        return new LogMaskingFactory().build();
    }

    /** Returns a masker that changes nothing, for configurations that switch masking off explicitly. */
    public static PiiMasker disabled() {
        return DISABLED;
    }

    /** Tests whether this masker changes anything. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Returns the text with personal data and secrets masked; null stays null. */
    public String mask(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        if (isUuid(text)) {
            return text;
        }
        if (ipAddresses && IpAddressMasking.isIpv4Literal(text)) {
            return ipMasking.maskAddress(text);
        }

        TextSigns signs = TextSigns.of(text);
        String lowerCase = signs.letters() > 0 ? text.toLowerCase(Locale.ROOT) : text;
        String masked = text;
        if (credentials && (lowerCase.contains("bearer") || lowerCase.contains("basic"))) {
            masked = maskCredentials(masked);
        }
        if (signs.separators() > 0 && sensitiveNames.mayOccurIn(lowerCase)) {
            masked = sensitiveNames.maskAssignments(masked);
        }
        if (keyShapes && signs.length() >= 12 && hasKeyShapeMarker(masked)) {
            masked = replaceKeyShapes(masked);
        }
        if (sipUsers && signs.at() && lowerCase.contains("sip")) {
            masked = maskSipUsers(masked);
        }
        if (emailAddresses && signs.at()) {
            masked = EmailMasking.mask(masked);
        }
        if (ipAddresses && (signs.ipv4() || signs.ipv6())) {
            masked = ipMasking.mask(masked, signs.ipv4(), signs.ipv6());
        }
        if (phoneNumbers && signs.digits() >= 8) {
            masked = phoneMasking.mask(masked);
        }
        for (Pattern pattern : customPatterns) {
            masked = pattern.matcher(masked).replaceAll(MASK);
        }
        return masked;
    }

    /**
     * Returns a structured field's value masked: {@value #MASK} under a secret name such as {@code apiKey} or
     * {@code Authorization}, numbers and booleans unchanged, anything else masked as text.
     */
    public Object maskField(String name, Object value) {
        if (!enabled || value == null) {
            return value;
        }
        if (name != null && isSensitiveName(name)) {
            return MASK;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return mask(value.toString());
    }

    /** Tests whether values under this field, header or parameter name are secrets. */
    public boolean isSensitiveName(String name) {
        Boolean cached = sensitiveNameCache.get(name);
        if (cached != null) {
            return cached;
        }
        boolean sensitive = sensitiveNames.isSensitive(name);
        // Names come from clients too (query parameters), so only short names are cached, and only so many.
        if (name.length() <= MAX_CACHED_NAME_LENGTH && sensitiveNameCache.size() < MAX_CACHED_NAMES) {
            sensitiveNameCache.put(name, sensitive);
        }
        return sensitive;
    }

    /** Returns a query parameter's value masked: {@value #MASK} under a secret or short secret parameter name. */
    public Object maskParameter(String name, Object value) {
        if (enabled && name != null && value != null && SensitiveNames.isSensitiveParameter(name)) {
            return MASK;
        }
        return maskField(name, value);
    }

    /**
     * Returns a rendered stack trace masked line by line, so that each line's cheap checks decide alone whether its
     * rules run. Frame lines hold class names and line numbers, which no rule changes, but they are masked too: an
     * exception message can itself hold a line that looks like a frame.
     */
    public String maskStackTrace(String stackTrace) {
        if (!enabled || stackTrace == null) {
            return stackTrace;
        }
        StringBuilder masked = new StringBuilder(stackTrace.length());
        int start = 0;
        while (start < stackTrace.length()) {
            int end = stackTrace.indexOf('\n', start);
            end = end < 0 ? stackTrace.length() : end + 1;
            masked.append(mask(stackTrace.substring(start, end)));
            start = end;
        }
        return masked.toString();
    }

    /**
     * Returns a query string decoded and masked for the request log: values of secret parameters become
     * {@value #MASK}, the others are masked as text. Malformed percent-encoding is masked unchanged.
     */
    public String maskQuery(String query) {
        if (!enabled || query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder masked = new StringBuilder(query.length());
        for (String parameter : query.split("&", -1)) {
            if (!masked.isEmpty()) {
                masked.append('&');
            }
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            masked.append(mask(name));
            if (equals >= 0) {
                masked.append('=').append(maskParameterValue(name, parameter.substring(equals + 1)));
            }
        }
        return masked.toString();
    }

    /**
     * Masks one encoded query value. Form encoding turns {@code +} into a space, but clients also send a literal
     * {@code +14155550123}; when reading the {@code +} literally reveals something to mask, that reading wins.
     */
    private String maskParameterValue(String name, String encoded) {
        if (isSensitiveName(name) || SensitiveNames.isSensitiveParameter(name)) {
            return MASK;
        }
        String formDecoded = decode(encoded);
        String masked = mask(formDecoded);
        if (encoded.indexOf('+') >= 0) {
            String literal = decodePath(encoded);
            String literalMasked = mask(literal);
            if (!literalMasked.equals(literal)) {
                return literalMasked;
            }
        }
        return masked;
    }

    /**
     * Returns a Dropwizard request thread name ({@code dw-7 - POST /calls/outbound?to=...}) with the query left out
     * and the path decoded and masked, because the name carries the raw, percent-encoded request URI.
     */
    public String maskThreadName(String thread) {
        if (!enabled || thread == null) {
            return thread;
        }
        int requestLine = thread.indexOf(" - ");
        int path = requestLine < 0 ? -1 : thread.indexOf(' ', requestLine + 3);
        if (path < 0) {
            return mask(thread);
        }
        String uri = thread.substring(path + 1);
        int query = uri.indexOf('?');
        String masked = maskPath(query < 0 ? uri : uri.substring(0, query));
        return mask(thread.substring(0, path + 1)) + masked + (query < 0 ? "" : "?...");
    }

    /**
     * Returns a URL path decoded and masked, so that encoded numbers and addresses are masked too. A query after
     * {@code ?} is masked as {@link #maskQuery} does.
     */
    public String maskPath(String path) {
        if (!enabled || path == null) {
            return path;
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            return mask(decodePath(path.substring(0, query))) + "?" + maskQuery(path.substring(query + 1));
        }
        return mask(decodePath(path));
    }

    /** Returns one IP address literal as its network in CIDR notation, or unchanged when it is no client address. */
    public String maskIpAddress(String address) {
        if (!enabled || !ipAddresses || address == null) {
            return address;
        }
        return ipMasking.maskAddress(address);
    }

    private String maskCredentials(String text) {
        return replace(
                CREDENTIAL.matcher(text),
                text,
                m -> isCredentialLike(m.group(3)) ? m.group(1) + m.group(2) + MASK : m.group());
    }

    /**
     * Tests whether the word after {@code Bearer} or {@code Basic} looks like a credential rather than prose such as
     * "basic checks": it contains a digit or a token character, or is long.
     */
    private static boolean isCredentialLike(String word) {
        if (word.length() >= 16) {
            return true;
        }
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c) || "._~+/=-".indexOf(c) >= 0) {
                return true;
            }
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        // Base64 of "user:pass" may be letters only, but prose rarely mixes cases inside one word.
        return upper && lower && word.length() >= 8;
    }

    /**
     * Masks the user part of {@code sip:} and {@code sips:} URIs, as a phone number when it is one and otherwise
     * down to its first character.
     */
    private String maskSipUsers(String text) {
        StringBuilder masked = null;
        int copied = 0;
        for (int i = 0; i + 4 < text.length(); i++) {
            int userStart = sipUserStart(text, i);
            if (userStart < 0) {
                continue;
            }
            int at = userStart;
            while (at < text.length() && isSipUserChar(text.charAt(at))) {
                at++;
            }
            if (at == userStart || at >= text.length() || text.charAt(at) != '@') {
                continue;
            }
            String user = text.substring(userStart, at);
            boolean numeric = user.length() > 1
                    && user.indexOf(':') < 0
                    && (user.charAt(0) == '+' || Character.isDigit(user.charAt(0)));
            String maskedUser = phoneNumbers && numeric ? phoneMasking.maskDigits(user) : user.charAt(0) + MASK;
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            masked.append(text, copied, userStart).append(maskedUser);
            copied = at;
            i = at;
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
    }

    /** Returns where the user part starts when a {@code sip:} or {@code sips:} scheme begins at {@code i}, else -1. */
    private static int sipUserStart(String text, int i) {
        if (!text.regionMatches(true, i, "sip", 0, 3) || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
            return -1;
        }
        int colon = i + 3;
        if (colon < text.length() && (text.charAt(colon) == 's' || text.charAt(colon) == 'S')) {
            colon++;
        }
        return colon < text.length() && text.charAt(colon) == ':' ? colon + 1 : -1;
    }

    /** Characters of a SIP user part, including a {@code :password} after the user, which is masked with it. */
    private static boolean isSipUserChar(char c) {
        return c != '@' && !Character.isWhitespace(c) && ";>\"'/,".indexOf(c) < 0;
    }

    private static String replaceKeyShapes(String text) {
        return replace(KEY_SHAPE.matcher(text), text, m -> {
            for (int group = 1; group <= m.groupCount(); group++) {
                if (m.group(group) != null) {
                    return m.group(group) + MASK;
                }
            }
            return MASK;
        });
    }

    private static boolean hasKeyShapeMarker(String text) {
        for (String marker : KEY_SHAPE_MARKERS) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Form-decodes text, up to three times for text that was encoded more than once. */
    private static String decode(String text) {
        String decoded = text;
        for (int round = 0; round < 3; round++) {
            String next;
            try {
                next = URLDecoder.decode(decoded, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return decoded;
            }
            if (next.equals(decoded) || next.indexOf('%') < 0) {
                return next;
            }
            decoded = next;
        }
        return decoded;
    }

    /**
     * Decodes percent-escapes, up to three times for text that was encoded more than once, but unlike a query keeps
     * {@code +} as it is.
     */
    private static String decodePath(String path) {
        String decoded = path;
        for (int round = 0; round < 3 && decoded.indexOf('%') >= 0; round++) {
            String next = decode(decoded.replace("+", "%2B"));
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        return decoded;
    }

    /** Tests for the 8-4-4-4-12 hexadecimal shape of a UUID, which contains no personal data. */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Replaces every match with the replacement's result, or returns the same instance when nothing matched. */
    static String replace(Matcher matcher, String text, Function<Matcher, String> replacement) {
        StringBuilder masked = null;
        int copied = 0;
        while (matcher.find()) {
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            masked.append(text, copied, matcher.start()).append(replacement.apply(matcher));
            copied = matcher.end();
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
    }

    /** Cheap facts about a text that decide which rules can match at all. */
    private record TextSigns(
            int length, int digits, int letters, int separators, boolean at, boolean ipv4, boolean ipv6) {

        static TextSigns of(String text) {
            int digits = 0;
            int letters = 0;
            int separators = 0;
            int colons = 0;
            boolean at = false;
            boolean digitDot = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c >= '0' && c <= '9') || (c > 127 && Character.isDigit(c))) {
                    digits++;
                    if (i + 1 < text.length() && text.charAt(i + 1) == '.') {
                        digitDot = true;
                    }
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    letters++;
                } else if (c == '=' || c == ':') {
                    separators++;
                    if (c == ':') {
                        colons++;
                    }
                } else if (c == '@' || c == '\uff20' || (c == '%' && text.startsWith("40", i + 1))) {
                    at = true;
                }
            }
            return new TextSigns(text.length(), digits, letters, separators, at, digitDot && digits >= 4, colons >= 2);
        }
    }

    /** Names whose values are secrets, compared without case, dashes, underscores and dots. */
    static final class SensitiveNames {

        /**
         * Words that mark a secret anywhere in a name: {@code X-API-Key}, {@code clientSecret},
         * {@code password_confirmation}, {@code user[password]}.
         */
        static final List<String> DEFAULT_WORDS = List.of(
                "authorization",
                "apikey",
                "accesskey",
                "privatekey",
                "secretkey",
                "secret",
                "password",
                "passwd",
                "passphrase",
                "credential",
                "sessionid");

        /**
         * Name endings that mark a secret: {@code access_token}, {@code Cookie}, {@code X-Hub-Signature}. They count
         * only at the end, so that {@code tokenCount} or {@code cookiePolicy} stay readable.
         */
        static final List<String> DEFAULT_ENDINGS = List.of("token", "pwd", "signature", "cookie");

        /**
         * Short query parameter names that carry secrets or one-time codes, such as Google's {@code key=}. They count
         * only as whole names and only for query parameters, because log fields such as the rate limiter's
         * {@code key} use them for other things.
         */
        static final Set<String> PARAMETER_NAMES = Set.of("key", "auth", "pass", "pin", "otp", "sig", "code");

        private static final Pattern ASSIGNMENT =
                Pattern.compile("([\"']?)([A-Za-z][A-Za-z0-9_.\\[\\]-]{1,63})\\1(\\s*[:=]\\s*)"
                        + "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|"
                        // An unquoted value runs over spaces ("my secret phrase") until the next name= or name:.
                        + "([^\\s\"',;&}\\]]+(?:[ \\t]+(?![A-Za-z][A-Za-z0-9_.\\[\\]-]*\\s*[:=])[^\\s\"',;&}\\]]+)*))");
        private static final String[] KEYWORDS = {
            "auth", "key", "token", "secret", "pass", "pwd", "credential", "signature", "cookie", "session"
        };

        private final List<String> words;
        private final List<String> endings;
        private final String[] keywords;

        SensitiveNames(List<String> additionalNames) {
            List<String> extra =
                    additionalNames.stream().map(SensitiveNames::normalize).toList();
            this.words = Stream.concat(DEFAULT_WORDS.stream(), extra.stream()).toList();
            this.endings = DEFAULT_ENDINGS;
            // The keyword check runs on the raw lower-cased text, where "client_ref" may be written "Client-Ref", so
            // every part of a name counts as a keyword.
            Stream<String> written = additionalNames.stream()
                    .flatMap(name -> Arrays.stream(name.toLowerCase(Locale.ROOT).split("[-_. \\[\\]]+")))
                    .filter(part -> part.length() >= 2);
            this.keywords = Stream.of(Arrays.stream(KEYWORDS), extra.stream(), written)
                    .flatMap(keyword -> keyword)
                    .distinct()
                    .toArray(String[]::new);
        }

        boolean isSensitive(String name) {
            String normalized = normalize(name);
            for (String word : words) {
                if (normalized.contains(word)) {
                    return true;
                }
            }
            for (String ending : endings) {
                if (normalized.endsWith(ending)) {
                    return true;
                }
            }
            return false;
        }

        /** Tests a query parameter name against {@link #PARAMETER_NAMES}. */
        static boolean isSensitiveParameter(String name) {
            return PARAMETER_NAMES.contains(normalize(name));
        }

        /**
         * Tests a lower-case text for a keyword that every sensitive name contains, before the costlier assignment
         * search.
         */
        boolean mayOccurIn(String lowerCase) {
            for (String keyword : keywords) {
                if (lowerCase.contains(keyword)) {
                    return true;
                }
            }
            return false;
        }

        /** Masks the values of {@code name=value}, {@code name: value} and {@code "name":"value"} for secret names. */
        String maskAssignments(String text) {
            Matcher matcher = ASSIGNMENT.matcher(text);
            StringBuilder masked = null;
            int copied = 0;
            while (matcher.find()) {
                if (!isSensitive(matcher.group(2))) {
                    continue;
                }
                int valueStart = valueStart(matcher);
                int valueEnd = valueEnd(matcher);
                if (masked == null) {
                    masked = new StringBuilder(text.length());
                }
                masked.append(text, copied, valueStart).append(MASK);
                copied = valueEnd;
            }
            if (masked == null) {
                return text;
            }
            return masked.append(text, copied, text.length()).toString();
        }

        private static int valueStart(Matcher matcher) {
            for (int group = 4; group <= 6; group++) {
                if (matcher.group(group) != null) {
                    return matcher.start(group);
                }
            }
            return matcher.end();
        }

        private static int valueEnd(Matcher matcher) {
            for (int group = 4; group <= 6; group++) {
                if (matcher.group(group) != null) {
                    return matcher.end(group);
                }
            }
            return matcher.end();
        }

        static String normalize(String name) {
            StringBuilder normalized = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c != '-' && c != '_' && c != '.' && c != ' ' && c != '[' && c != ']') {
                    normalized.append(Character.toLowerCase(c));
                }
            }
            return normalized.toString().toLowerCase(Locale.ROOT);
        }
    }
}
