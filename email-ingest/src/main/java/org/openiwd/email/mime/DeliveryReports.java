package org.openiwd.email.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Recognises a delivery status notification (RFC 3464): a {@code multipart/report} whose report type is
 * {@code delivery-status}, with a {@code message/delivery-status} part (action, status, recipient, diagnostic) and
 * the returned message or its headers ({@code message/rfc822}, {@code text/rfc822-headers}), where the original
 * Message-ID is.
 */
final class DeliveryReports {

    private DeliveryReports() {
    }

    /** The report, or null when the message is not a delivery status notification. */
    static DeliveryReport read(MimeMessage message) throws MessagingException, IOException {
        ContentType type;
        try {
            type = new ContentType(message.getContentType());
        }
        catch (MessagingException | NullPointerException e) {
            return null;
        }
        if (!type.match("multipart/report")
                || !"delivery-status".equalsIgnoreCase(String.valueOf(type.getParameter("report-type")))) {
            return null;
        }
        if (!(message.getContent() instanceof Multipart report)) {
            return null;
        }
        String action = null;
        String status = null;
        String recipient = null;
        String diagnostic = null;
        String originalId = null;
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/delivery-status")) {
                InternetHeaders fields = perRecipientFields(part);
                action = value(fields, "Action");
                status = value(fields, "Status");
                recipient = stripType(value(fields, "Final-Recipient"));
                diagnostic = stripType(value(fields, "Diagnostic-Code"));
            }
            else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
                try (InputStream in = part.getInputStream()) {
                    InternetHeaders returned = new InternetHeaders(in);
                    originalId = MimeMessageParser.firstId(returned.getHeader("Message-ID", ","));
                }
            }
        }
        return new DeliveryReport(originalId, action == null ? null : action.toLowerCase(Locale.ROOT), status,
                recipient, diagnostic);
    }

    /** The fields of the first recipient: the per-message block comes first, a blank line, then per recipient. */
    private static InternetHeaders perRecipientFields(BodyPart part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", "\n");
        String[] blocks = text.split("\n\\s*\n");
        InternetHeaders fields = new InternetHeaders();
        for (String block : blocks) {
            InternetHeaders parsed = new InternetHeaders(
                    new ByteArrayInputStream((block.strip() + "\n\n").getBytes(StandardCharsets.US_ASCII)));
            var all = parsed.getAllHeaders();
            while (all.hasMoreElements()) {
                var h = all.nextElement();
                fields.addHeader(h.getName(), h.getValue());
            }
        }
        return fields;
    }

    private static String value(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? null : MimeMessageParser.clean(values[0]);
    }

    /** {@code rfc822; ann@example.org} to {@code ann@example.org}. */
    private static String stripType(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        return semi < 0 ? value : value.substring(semi + 1).strip();
    }
}
