package org.openiwd.email.inbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.ApiRefusedException;
import org.openiwd.email.api.InboundEmail;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.bounce.BounceRecorder;
import org.openiwd.email.mailbox.TenantMailbox;
import org.openiwd.email.mime.ParseResult;
import org.openiwd.email.mime.ParsedAttachment;
import org.openiwd.email.mime.ParsedEmail;
import org.openiwd.email.mime.UnparsableEmail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Submits one parsed message to the API as an email item ({@code POST /emails}), or its raw source as an unparsable
 * item with the reason. A parsed message that the API refuses (4xx: too large, invalid) is submitted again as
 * unparsable with the API's reason, so that it is kept rather than retried forever. A delivery status notification
 * first marks the outbound item it refers to as bounced. Acknowledgements are the API's (it queues them with the
 * submission, by the loop rules of RFC 3834, from the {@code headers} sent here). An unparsable message's raw source
 * beyond the message size limit is cut, and its reason says so. Stateless apart from the API.
 */
@Component
public class InboundSubmitter {

    private static final Logger log = LoggerFactory.getLogger(InboundSubmitter.class);

    private final IwdEmailApi api;
    private final BounceRecorder bounces;
    private final long maxRawSize;

    public InboundSubmitter(IwdEmailApi api, BounceRecorder bounces, EmailProperties properties) {
        this.api = api;
        this.bounces = bounces;
        // The API counts the decoded raw source in the message size; leave room for the reason and the fields.
        this.maxRawSize = properties.limits().maxMessageSize().toBytes() - 64 * 1024;
    }

    /** What the API answered, and whether the message was filed as unparsable. */
    public record Outcome(InboundEmail.Submitted submitted, boolean unparsable, int blockedAttachments) {
    }

    /**
     * Submits {@code result}. Throws {@link org.openiwd.email.api.ApiUnavailableException} when the API cannot take
     * it now, and {@link ApiRefusedException} when even the unparsable form was refused.
     */
    public Outcome submit(TenantMailbox mailbox, ParseResult result, byte[] raw, Instant receivedAt) {
        if (result instanceof ParsedEmail email) {
            if (email.deliveryReport() != null) {
                bounces.record(mailbox.tenantId(), email.deliveryReport());
            }
            InboundEmail.Submitted submitted;
            try {
                submitted = api.submit(mailbox.tenantId(), parsed(mailbox, email, receivedAt));
            }
            catch (ApiRefusedException e) {
                log.warn("The API refused message {} of {} ({}); keeping it as unparsable", email.messageId(),
                        mailbox.key(), e.getMessage());
                return new Outcome(api.submit(mailbox.tenantId(), unparsable(mailbox, email.messageId(),
                        email.contentHash(), email.subject(), "the API refused the parsed message: " + e.getMessage(),
                        raw, receivedAt)), true, 0);
            }
            int blocked = (int) email.attachments().stream().filter(ParsedAttachment::blocked).count();
            return new Outcome(submitted, false, blocked);
        }
        UnparsableEmail bad = (UnparsableEmail) result;
        return new Outcome(api.submit(mailbox.tenantId(), unparsable(mailbox, bad.messageId(), bad.contentHash(),
                bad.subject(), bad.reason(), raw, receivedAt)), true, 0);
    }

    private static InboundEmail parsed(TenantMailbox mailbox, ParsedEmail e, Instant receivedAt) {
        List<InboundEmail.Attachment> attachments = e.attachments().stream().map(a -> new InboundEmail.Attachment(
                a.fileName(), a.contentType(), a.size(), a.contentId(), a.inline(),
                a.content() == null ? null : Base64.getEncoder().encodeToString(a.content()), a.blocked(),
                a.blockedReason())).toList();
        return new InboundEmail(mailbox.id(), e.messageId(), e.contentHash(), e.inReplyTo(), e.references(),
                e.isReply() ? "InboundCustomerReply" : "InboundNew", address(e.from()),
                e.replyTo().stream().map(InboundSubmitter::address).toList(),
                e.to().stream().map(InboundSubmitter::address).toList(),
                e.cc().stream().map(InboundSubmitter::address).toList(), e.subject(), e.textBody(), e.htmlBody(),
                e.importance().wire(), at(receivedAt), e.loopHeaders(), attachments, false, null, null);
    }

    private InboundEmail unparsable(TenantMailbox mailbox, String messageId, String hash, String subject,
            String reason, byte[] raw, Instant receivedAt) {
        if (raw.length > maxRawSize) {
            reason = reason + " (raw source cut to its first " + maxRawSize + " of " + raw.length + " bytes)";
            raw = java.util.Arrays.copyOf(raw, (int) maxRawSize);
        }
        return new InboundEmail(mailbox.id(), messageId, hash, null, List.of(), "InboundNew", null, List.of(),
                List.of(), List.of(), subject, null, null, "normal", at(receivedAt), Map.of(), List.of(), true,
                reason, Base64.getEncoder().encodeToString(raw));
    }

    private static InboundEmail.Address address(ParsedEmail.Address a) {
        return a == null ? null : new InboundEmail.Address(a.address(), a.name());
    }

    private static OffsetDateTime at(Instant instant) {
        return (instant == null ? Instant.now() : instant).atOffset(ZoneOffset.UTC);
    }
}
