package org.openiwd.email.mime;

/**
 * A message whose structure cannot be read; it is kept whole (the raw source goes to the API) with the reason.
 *
 * @param subject the decoded subject when the headers could be read, else null
 */
public record UnparsableEmail(String messageId, String contentHash, String subject, String reason)
        implements ParseResult {
}
