package com.easymo.commons.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes new API keys and the digests that the key file stores in their place. */
public final class ApiKeyDigests {

    /** Prefix of the keys this platform makes, so that scanners and log masking can recognise them. */
    public static final String KEY_PREFIX = "emk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyDigests() {}

    /** Returns a new key: the prefix and 32 random bytes in unpadded URL-safe Base64 (47 characters in all). */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Returns the lowercase hex SHA-256 digest of a key's UTF-8 bytes. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
