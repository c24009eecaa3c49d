package org.openiwd.api.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.openiwd.api.mailbox.Mailboxes;
import org.openiwd.api.mailbox.Routing;
import org.openiwd.api.security.Caller;
import org.openiwd.api.web.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores inbound email items and creates their tasks. A submission is one transaction: the item, its attachments,
 * its task (through {@link EmailTasks}, the task feature's own creation path) and, when the mailbox asks for it,
 * the queued acknowledgement commit together or not at all. Idempotent on mailbox and message key (the Message-ID,
 * or the content hash when there is none): the item's insert takes the key, so a concurrent identical submission
 * waits for the first to commit and then finds its item: one item, one task.
 */
@Service
class InboundEmailService {

    static final String INBOUND_NEW = "InboundNew";
    static final String CUSTOMER_REPLY = "InboundCustomerReply";
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_SUBJECT = 1000;
    private static final int MAX_DESCRIPTION = 65_536;
    private static final int MAX_ATTRIBUTE = 1000;

    private final EmailItemRepository items;
    private final Mailboxes mailboxes;
    private final EmailTasks tasks;
    private final EmailLimits limits;
    private final OutboundQueue outbound;

    InboundEmailService(EmailItemRepository items, Mailboxes mailboxes, EmailTasks tasks, EmailLimits limits,
            OutboundQueue outbound) {
        this.items = items;
        this.mailboxes = mailboxes;
        this.tasks = tasks;
        this.limits = limits;
        this.outbound = outbound;
    }

    @Transactional
    SubmittedEmail submit(Caller caller, InboundEmailRequest request) {
        String tenant = caller.tenant();
        check(request);
        Mailboxes.Route mailbox = mailboxes.find(caller, request.mailboxId())
                .orElseThrow(() -> ApiProblem.notFound("The mailbox " + request.mailboxId()));
        boolean unparsable = Boolean.TRUE.equals(request.unparsable());
        String messageKey = request.messageId() != null ? request.messageId()
                : "sha256:" + request.contentHash().toLowerCase(Locale.ROOT);
        String emailId = emailId(tenant, request.mailboxId(), messageKey);
        String subtype = request.subtype() != null ? request.subtype() : INBOUND_NEW;
        Map<String, String> headers = headers(request.headers());
        if (!items.insertIfAbsent(tenant, emailId, messageKey, request, subtype, headers)) {
            EmailItem existing = items.find(tenant, emailId)
                    .orElseThrow(() -> new IllegalStateException("conflicting email item vanished"));
            return new SubmittedEmail(existing.id(), existing.taskId(), existing.threadTaskId(), false,
                    existing.unparsable());
        }
        items.insertAttachments(emailId, request.attachments() == null ? List.of() : request.attachments());
        if (unparsable) {
            return new SubmittedEmail(emailId, null, null, true, true);
        }
        List<String> threadIds = new ArrayList<>();
        if (request.inReplyTo() != null) {
            threadIds.add(request.inReplyTo());
        }
        if (request.references() != null) {
            threadIds.addAll(request.references());
        }
        Optional<Long> thread = items.threadOf(tenant, threadIds);
        long taskId = tasks.create(tenant, task(emailId, request, subtype, mailbox.routing(), thread.orElse(null)));
        long threadTaskId = thread.orElse(taskId);
        items.linkTask(emailId, taskId, threadTaskId);
        String sender = request.from() == null ? null : request.from().address();
        if (mailbox.autoAcknowledge() && mailbox.live() && thread.isEmpty() && INBOUND_NEW.equals(subtype)
                && AutoReplyRules.suppression(headers, sender) == null) {
            outbound.acknowledge(caller, emailId);
        }
        return new SubmittedEmail(emailId, taskId, threadTaskId, true, false);
    }

    private EmailTasks.EmailTask task(String emailId, InboundEmailRequest r, String subtype, Routing routing,
            Long threadTaskId) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("emailId", emailId);
        attributes.put("mailboxId", r.mailboxId());
        if (r.from() != null && r.from().address() != null) {
            attributes.put("fromAddress", cut(r.from().address(), MAX_ATTRIBUTE));
        }
        attributes.put("subtype", subtype);
        if (threadTaskId != null) {
            attributes.put("threadTaskId", threadTaskId);
        }
        Map<String, Object> customer = null;
        if (r.from() != null && r.from().address() != null) {
            customer = new LinkedHashMap<>();
            customer.put("emailAddress", r.from().address());
            if (r.from().name() != null) {
                customer.put("name", r.from().name());
            }
        }
        String description = r.textBody() != null && !r.textBody().isBlank() ? r.textBody() : HtmlText.of(r.htmlBody());
        return new EmailTasks.EmailTask("email:" + emailId, routing.capturePointId(), routing.solutionId(),
                routing.departmentId(), routing.processId(), routing.categoryId(), routing.queueId(),
                routing.priorityOf(r.importance()), cut(EmailItemRepository.withoutNul(r.subject()), MAX_SUBJECT),
                cut(EmailItemRepository.withoutNul(description), MAX_DESCRIPTION),
                r.receivedAt(), customer, attributes);
    }

    private void check(InboundEmailRequest r) {
        EmailFields fields = new EmailFields();
        fields.header("mailboxId", r.mailboxId(), true);
        fields.header("messageId", r.messageId(), false);
        if (r.contentHash() == null || !HASH.matcher(r.contentHash()).matches()) {
            fields.error("contentHash", "must be the SHA-256 of the raw message, 64 hex digits");
        }
        fields.header("inReplyTo", r.inReplyTo(), false);
        if (r.references() != null) {
            if (r.references().size() > 500) {
                fields.error("references", "must hold at most 500 Message-IDs");
            }
            else {
                for (int i = 0; i < r.references().size(); i++) {
                    fields.header("references[" + i + "]", r.references().get(i), true);
                }
            }
        }
        boolean unparsable = Boolean.TRUE.equals(r.unparsable());
        fields.oneOf("subtype", r.subtype(), List.of(INBOUND_NEW, CUSTOMER_REPLY), !unparsable);
        if (r.from() != null) {
            fields.address("from", r.from(), false);
        }
        fields.addresses("replyTo", r.replyTo(), 1000, false);
        fields.addresses("to", r.to(), 1000, false);
        fields.addresses("cc", r.cc(), 1000, false);
        fields.text("subject", r.subject(), 10_000);
        fields.oneOf("importance", r.importance(), List.of("high", "normal", "low"), false);
        if (r.headers() != null && r.headers().size() > 50) {
            fields.error("headers", "must hold at most 50 headers");
        }
        else if (r.headers() != null) {
            r.headers().forEach((name, value) -> {
                if (name.isEmpty() || name.length() > 100 || value != null && value.length() > MAX_ATTRIBUTE) {
                    fields.error("headers." + name, "names have 1 to 100 characters, values at most 1000");
                }
            });
        }
        if (unparsable) {
            if (r.rawSource() == null) {
                fields.error("rawSource", "is required for an unparsable item");
            }
            if (r.unparsableReason() == null || r.unparsableReason().isBlank()) {
                fields.error("unparsableReason", "is required for an unparsable item");
            }
        }
        else if (r.unparsableReason() != null) {
            fields.error("unparsableReason", "is only for unparsable items");
        }
        fields.text("unparsableReason", r.unparsableReason(), 2000);
        List<InboundEmailRequest.Attachment> attachments = r.attachments() == null ? List.of() : r.attachments();
        if (attachments.size() > 1000) {
            fields.error("attachments", "must hold at most 1000 attachments");
        }
        for (int i = 0; i < attachments.size(); i++) {
            InboundEmailRequest.Attachment a = attachments.get(i);
            String field = "attachments[" + i + "]";
            if (a == null) {
                fields.error(field, "must be an attachment");
                continue;
            }
            fields.text(field + ".fileName", a.fileName(), 1000);
            fields.text(field + ".contentType", a.contentType(), 255);
            fields.text(field + ".contentId", a.contentId(), MAX_ATTRIBUTE);
            fields.text(field + ".blockedReason", a.blockedReason(), 2000);
            if (a.size() != null && a.size() < 0) {
                fields.error(field + ".size", "must be 0 or more");
            }
            if (Boolean.TRUE.equals(a.blocked())) {
                if (a.content() != null) {
                    fields.error(field + ".content", "must be null for a blocked attachment");
                }
            }
            else if (a.content() == null) {
                fields.error(field + ".content", "is required unless the attachment is blocked");
            }
        }
        fields.throwIfAny();
        EmailLimits.Counter size = limits.counter().text(r.textBody()).text(r.htmlBody()).bytes(r.rawSource());
        attachments.forEach(a -> size.attachment(a.fileName(), a.content()));
    }

    /** The headers kept, names in lower case. */
    private static Map<String, String> headers(Map<String, String> given) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (given != null) {
            given.forEach((name, value) -> headers.put(EmailItemRepository.withoutNul(name.toLowerCase(Locale.ROOT)),
                    EmailItemRepository.withoutNul(value)));
        }
        return headers;
    }

    /** {@code em-} and 32 hex digits of the SHA-256 of the natural key: the same message gets the same id. */
    static String emailId(String tenantId, String mailboxId, String messageKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenantId + "\n" + mailboxId + "\n" + messageKey).getBytes(StandardCharsets.UTF_8));
            return "em-" + HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
