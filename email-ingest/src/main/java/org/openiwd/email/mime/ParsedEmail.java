package org.openiwd.email.mime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message read into the fields of an inbound email item. Every text here is decoded (charsets, RFC 2047) and
 * free of control characters where a header would carry it (subject, names): a CR or LF smuggled into an encoded
 * word cannot reach the headers of a reply.
 *
 * @param references the References ids, oldest first, each with its angle brackets
 * @param sentAt the Date header, null when missing or unreadable
 * @param loopHeaders lower-case header name to value of the headers the loop rules look at ({@code auto-submitted},
 *     {@code precedence}, {@code list-id}, {@code x-auto-response-suppress}, {@code return-path}), present ones only
 * @param deliveryReport the delivery status notification this message is, or null
 */
public record ParsedEmail(String messageId, String contentHash, String inReplyTo, List<String> references,
        Address from, List<Address> replyTo, List<Address> to, List<Address> cc, String subject, String textBody,
        String htmlBody, Importance importance, Instant sentAt, Map<String, String> loopHeaders,
        List<ParsedAttachment> attachments, DeliveryReport deliveryReport) implements ParseResult {

    /** An address and its display name (may be null). */
    public record Address(String address, String name) {
    }

    /** A reply: it names an earlier message in In-Reply-To or References. */
    public boolean isReply() {
        return inReplyTo != null || !references.isEmpty();
    }
}
