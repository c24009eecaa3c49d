package org.openiwd.email.mime;

/** What {@link MimeMessageParser} makes of a raw message: a {@link ParsedEmail} or an {@link UnparsableEmail}. */
public sealed interface ParseResult permits ParsedEmail, UnparsableEmail {

    /** SHA-256 (hex) of the raw message: the idempotency key when it has no Message-ID. */
    String contentHash();

    /** The Message-ID with its angle brackets, null when missing or malformed. */
    String messageId();
}
