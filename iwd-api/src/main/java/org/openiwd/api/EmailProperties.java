package org.openiwd.api;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API's mailboxes and email items (docs/email-api.md, docs/email.md).
 *
 * @param encryptionKey the AES-256 key that seals mailbox secrets, base64 of 32 random bytes (environment
 *     {@code IWD_MAILBOX_ENCRYPTION_KEY}); when empty, mailboxes without secrets still work, but storing or reading
 *     a secret is refused with 503 {@code encryption-key-missing}
 * @param previousEncryptionKeys keys that sealed secrets before the current one: still opened, and resealed with
 *     the current key at start-up, so that they can be dropped after one restart
 * @param maxRequestSize the largest body of {@code POST /emails} and {@code POST /emails/outbound}, which carry
 *     attachments (every other request keeps {@code iwd.api.max-request-size})
 * @param maxAttachmentSize the largest decoded attachment; larger is refused with 413 {@code email-too-large}
 * @param maxMessageSize the largest sum of a message's decoded attachments, bodies and raw source
 * @param maxMailboxes mailboxes a tenant may have (live ones; 409 {@code mailbox-limit} past it)
 */
@Validated
@ConfigurationProperties("iwd.api.email")
public record EmailProperties(
        @DefaultValue("") String encryptionKey,
        @NotNull @DefaultValue List<String> previousEncryptionKeys,
        @NotNull @DefaultValue("40MB") DataSize maxRequestSize,
        @NotNull @DefaultValue("10MB") DataSize maxAttachmentSize,
        @NotNull @DefaultValue("25MB") DataSize maxMessageSize,
        @Min(1) @Max(10_000) @DefaultValue("100") int maxMailboxes) {
}
