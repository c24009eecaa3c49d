package org.openiwd.email.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import org.openiwd.email.api.InboundEmail;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.api.OutboundEmail;

/**
 * Builds the MIME message of an outbound item: From (the item's, else the mailbox's address and display name), To,
 * Cc, Bcc, the subject without control characters, the API's Message-ID kept as it is (a resend carries the same
 * one, so receivers de-duplicate), In-Reply-To and References for threading, {@code Auto-Submitted: auto-replied}
 * on acknowledgements and auto-responses (RFC 3834), text and HTML as {@code multipart/alternative}, attachments in
 * {@code multipart/mixed}.
 */
final class OutboundMessageBuilder {

    private OutboundMessageBuilder() {
    }

    static MimeMessage build(Session session, OutboundEmail item, Mailbox sender) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, item.messageId());
        message.setFrom(from(item, sender));
        setRecipients(message, Message.RecipientType.TO, item.to());
        setRecipients(message, Message.RecipientType.CC, item.cc());
        setRecipients(message, Message.RecipientType.BCC, item.bcc());
        message.setSubject(item.subject() == null ? "" : item.subject().replaceAll("[\\p{Cntrl}]+", " "), "UTF-8");
        message.setSentDate(new Date());
        if (item.inReplyTo() != null) {
            message.setHeader("In-Reply-To", item.inReplyTo());
        }
        if (item.references() != null && !item.references().isEmpty()) {
            message.setHeader("References", MimeUtility.fold(12, String.join(" ", item.references())));
        }
        if ("OutboundAcknowledgement".equals(item.subtype()) || "OutboundAutoResponse".equals(item.subtype())) {
            message.setHeader("Auto-Submitted", "auto-replied");
            message.setHeader("X-Auto-Response-Suppress", "All");
        }
        MimeMultipart body = body(item);
        List<OutboundEmail.Attachment> attachments = item.attachments() == null ? List.of() : item.attachments();
        if (attachments.isEmpty()) {
            message.setContent(body);
        }
        else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart bodyPart = new MimeBodyPart();
            bodyPart.setContent(body);
            mixed.addBodyPart(bodyPart);
            for (OutboundEmail.Attachment a : attachments) {
                MimeBodyPart part = new MimeBodyPart();
                String type = a.contentType() == null ? "application/octet-stream" : a.contentType();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(
                        a.content() == null ? new byte[0] : Base64.getDecoder().decode(a.content()), type)));
                part.setFileName(a.fileName());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    private static MimeMultipart body(OutboundEmail item) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(item.textBody() == null ? "" : item.textBody(), StandardCharsets.UTF_8.name());
        alternative.addBodyPart(text);
        if (item.htmlBody() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setText(item.htmlBody(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(html);
        }
        return alternative;
    }

    private static InternetAddress from(OutboundEmail item, Mailbox sender) throws MessagingException {
        InboundEmail.Address from = item.from();
        String address = from != null && from.address() != null ? from.address() : sender.address();
        String name = from != null && from.address() != null ? from.name() : sender.displayName();
        if (name == null && address.equalsIgnoreCase(sender.address())) {
            name = sender.displayName();
        }
        try {
            return new InternetAddress(address, name, StandardCharsets.UTF_8.name());
        }
        catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is always supported", e);
        }
    }

    private static void setRecipients(MimeMessage message, Message.RecipientType type,
            List<InboundEmail.Address> addresses) throws MessagingException {
        if (addresses == null || addresses.isEmpty()) {
            return;
        }
        InternetAddress[] recipients = new InternetAddress[addresses.size()];
        for (int i = 0; i < recipients.length; i++) {
            InboundEmail.Address a = addresses.get(i);
            InternetAddress parsed = new InternetAddress(a.address(), true);
            try {
                parsed.setPersonal(a.name(), StandardCharsets.UTF_8.name());
            }
            catch (java.io.UnsupportedEncodingException e) {
                throw new MessagingException("UTF-8 is always supported", e);
            }
            recipients[i] = parsed;
        }
        message.setRecipients(type, recipients);
    }

    /** Keeps the Message-ID the API assigned instead of generating one. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (messageId != null) {
                setHeader("Message-ID", messageId);
            }
            else {
                super.updateMessageID();
            }
        }
    }
}
