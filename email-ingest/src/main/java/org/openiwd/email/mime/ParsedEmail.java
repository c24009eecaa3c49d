package org.openiwd.email.mime;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
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

    /** The sender is empty: no usable From, or a {@code Return-Path: <>} (bounces and other notifications). */
    public boolean nullSender() {
        String returnPath = loopHeaders.get("return-path");
        return from == null || from.address() == null || from.address().isBlank()
                || (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>"));
    }

    /**
     * Whether an automatic answer (acknowledgement, auto-response) may go to this message, by RFC 3834: not to an
     * automatic message ({@code Auto-Submitted} other than {@code no}), not to bulk, list or junk mail, not to a
     * mailing list, not to a null sender, not to a delivery report.
     */
    public boolean allowsAutomaticReply() {
        String autoSubmitted = loopHeaders.get("auto-submitted");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return false;
        }
        String precedence = loopHeaders.getOrDefault("precedence", "").trim().toLowerCase(Locale.ROOT);
        if (precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk")) {
            return false;
        }
        String suppress = loopHeaders.getOrDefault("x-auto-response-suppress", "").toLowerCase(Locale.ROOT);
        if (suppress.contains("all") || suppress.contains("autoreply")) {
            return false;
        }
        return !loopHeaders.containsKey("list-id") && !nullSender() && deliveryReport == null;
    }
}
