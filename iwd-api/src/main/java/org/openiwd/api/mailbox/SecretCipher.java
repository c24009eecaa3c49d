package org.openiwd.api.mailbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openiwd.api.EmailProperties;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Seals and opens mailbox secrets with AES-256-GCM: a random 96-bit nonce per value, a 128-bit tag, and associated
 * data naming where the value belongs, so a ciphertext moved to another row fails to open. The current key
 * ({@code iwd.api.email.encryption-key}) seals; it and the previous keys open, each found by its key id (the first
 * 8 bytes of the key's SHA-256, in hex: it names the key without revealing it). A key that is not base64 of 32
 * bytes stops the start-up. Thread-safe: a {@link Cipher} is made per call.
 */
@Component
class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    SecretCipher(EmailProperties properties) {
        String current = properties.encryptionKey() == null ? "" : properties.encryptionKey().trim();
        this.currentKeyId = current.isEmpty() ? null : add(current, "iwd.api.email.encryption-key");
        for (String previous : properties.previousEncryptionKeys()) {
            if (!previous.isBlank()) {
                add(previous.trim(), "iwd.api.email.previous-encryption-keys");
            }
        }
    }

    /** A sealed value as stored: the id of the key that sealed it, its nonce and the ciphertext with its tag. */
    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    /** The ids of the configured keys other than the current one. */
    java.util.Set<String> previousKeyIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(keys.keySet());
        ids.remove(currentKeyId);
        return ids;
    }

    boolean hasKey() {
        return currentKeyId != null;
    }

    /** The id of the sealing key; 503 {@code encryption-key-missing} when none is configured. */
    String currentKeyId() {
        if (currentKeyId == null) {
            throw keyMissing("store");
        }
        return currentKeyId;
    }

    Sealed seal(String plaintext, String associatedData) {
        String keyId = currentKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(keyId, nonce, cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The plaintext; 503 when the key that sealed it is not configured, an exception when it fails to open. */
    String open(Sealed sealed, String associatedData) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "encryption-key-missing", "Service unavailable",
                    "A mailbox secret was sealed with key " + sealed.keyId() + ", which is not configured (neither "
                            + "iwd.api.email.encryption-key nor one of iwd.api.email.previous-encryption-keys).");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("A mailbox secret failed its integrity check (" + associatedData + ")");
        }
    }

    static ApiProblem keyMissing(String action) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "encryption-key-missing", "Service unavailable",
                "Mailbox secrets cannot be " + (action.equals("store") ? "stored" : "read") + ": no encryption key is "
                        + "configured (iwd.api.email.encryption-key, environment IWD_MAILBOX_ENCRYPTION_KEY).");
    }

    private String add(String base64, String property) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(property + " must be base64 of 32 random bytes (openssl rand -base64 32),"
                    + " not of " + raw.length);
        }
        String id = keyId(raw);
        keys.putIfAbsent(id, new SecretKeySpec(raw, "AES"));
        return id;
    }

    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
