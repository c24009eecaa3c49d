package org.openiwd.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Making and hashing API keys. Keys are 192 random bits, hex encoded; only their SHA-256 is stored. */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Constant-time comparison, so that a configured cluster key cannot be guessed byte by byte. */
    public static boolean matches(String configured, String given) {
        return !configured.isEmpty() && MessageDigest.isEqual(
                configured.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The first characters of a key, stored so operators can tell keys apart without the secret. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(8, key.length()));
    }
}
